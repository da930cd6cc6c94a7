/**
 * Telnet stream decoding (RFC 854/855): splits what the server sent into text and option negotiation, and
 * builds refusals. Subnegotiations are skipped with a bounded scan; an incomplete command at the end of the
 * buffer is left for the next read.
 */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
const SB = 250;
const SE = 240;

export interface Negotiation {
  readonly command: 'DO' | 'DONT' | 'WILL' | 'WONT';
  readonly option: number;
}

export interface Decoded {
  readonly text: Buffer;
  readonly negotiations: readonly Negotiation[];
  readonly subnegotiations: readonly number[]; // option codes of SB blocks
  readonly consumed: number; // bytes used; the rest is an incomplete command
}

const COMMANDS: Record<number, Negotiation['command']> = { [DO]: 'DO', [DONT]: 'DONT', [WILL]: 'WILL', [WONT]: 'WONT' };
const MAX_SB = 1024;

export function decode(buf: Buffer): Decoded {
  const text: number[] = [];
  const negotiations: Negotiation[] = [];
  const subnegotiations: number[] = [];
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b !== IAC) {
      text.push(b);
      i++;
      continue;
    }
    if (i + 1 >= buf.length) break;
    const cmd = buf[i + 1]!;
    if (cmd === IAC) {
      text.push(IAC);
      i += 2;
    } else if (COMMANDS[cmd]) {
      if (i + 2 >= buf.length) break;
      negotiations.push({ command: COMMANDS[cmd]!, option: buf[i + 2]! });
      i += 3;
    } else if (cmd === SB) {
      // Find IAC SE; a block longer than MAX_SB is cut off there (a hostile server cannot make us buffer more).
      let j = i + 2;
      let end = -1;
      while (j + 1 < buf.length && j - i < MAX_SB) {
        if (buf[j] === IAC && buf[j + 1] === SE) {
          end = j + 2;
          break;
        }
        j++;
      }
      if (end < 0 && j - i < MAX_SB) break;
      if (i + 2 < buf.length) subnegotiations.push(buf[i + 2]!);
      i = end < 0 ? j : end;
    } else i += 2; // NOP, GA, AYT …: no text
  }
  return { text: Buffer.from(text), negotiations, subnegotiations, consumed: i };
}

/** The refusal for a request: DO → WONT, WILL → DONT. DONT/WONT need no answer. */
export function refusal(n: Negotiation): Buffer | null {
  if (n.command === 'DO') return Buffer.from([IAC, WONT, n.option]);
  if (n.command === 'WILL') return Buffer.from([IAC, DONT, n.option]);
  return null;
}

const OPTION_NAMES: Record<number, string> = {
  0: 'BINARY', 1: 'ECHO', 3: 'SUPPRESS-GO-AHEAD', 5: 'STATUS', 6: 'TIMING-MARK', 24: 'TERMINAL-TYPE', 31: 'NAWS',
  32: 'TERMINAL-SPEED', 33: 'REMOTE-FLOW-CONTROL', 34: 'LINEMODE', 35: 'X-DISPLAY-LOCATION', 36: 'ENVIRON',
  37: 'AUTHENTICATION', 38: 'ENCRYPT', 39: 'NEW-ENVIRON', 46: 'START-TLS',
};
export const optionName = (o: number): string => OPTION_NAMES[o] ?? `OPTION-${o}`;
