/**
 * Where a JSON text first goes wrong, as line and column: Node 20's JSON.parse errors give neither. A small
 * iterative scanner (no recursion, so deep nesting cannot overflow the stack) that only validates syntax.
 */
export function jsonErrorAt(text: string): { line: number; column: number } | null {
  let i = 0;
  const n = text.length;
  const stack: Array<'{' | '['> = [];
  const ws = () => {
    while (i < n && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const str = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < n; i++) {
      const c = text[i]!;
      if (c === '\\') i++;
      else if (c === '"') return (i++, true);
      else if (c < ' ') return false;
    }
    return false;
  };
  const scalar = (): boolean => {
    if (text[i] === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // expect: 'value' | 'key' | 'after-value'
  let expect: 'value' | 'key-or-end' | 'value-or-end' | 'after' = 'value';
  for (;;) {
    ws();
    if (expect === 'value' || expect === 'value-or-end') {
      if (expect === 'value-or-end' && text[i] === ']') {
        stack.pop();
        i++;
        expect = 'after';
        continue;
      }
      if (text[i] === '{') (stack.push('{'), i++, (expect = 'key-or-end'));
      else if (text[i] === '[') (stack.push('['), i++, (expect = 'value-or-end'));
      else if (scalar()) expect = 'after';
      else break;
      continue;
    }
    if (expect === 'key-or-end') {
      if (text[i] === '}') (stack.pop(), i++, (expect = 'after'));
      else if (str()) {
        ws();
        if (text[i] !== ':') break;
        i++;
        expect = 'value';
      } else break;
      continue;
    }
    // after a value
    const top = stack[stack.length - 1];
    if (!top) {
      if (i >= n) return null;
      break;
    }
    if (text[i] === ',') {
      i++;
      if (top === '{') {
        ws();
        if (!str()) break;
        ws();
        if (text[i] !== ':') break;
        i++;
      }
      expect = 'value';
    } else if ((top === '{' && text[i] === '}') || (top === '[' && text[i] === ']')) (stack.pop(), i++, (expect = 'after'));
    else break;
  }
  const before = text.slice(0, Math.min(i, n));
  const line = before.split('\n').length;
  return { line, column: i - before.lastIndexOf('\n') };
}
