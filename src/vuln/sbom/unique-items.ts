/**
 * JSON Schema `uniqueItems` in linear time. ajv compares every pair of items with a deep equality, so a CycloneDX
 * BOM of 20,000 components took 13 s to validate; each item's canonical JSON (object keys sorted, as equality
 * ignores key order) in a Set gives the same verdict in one pass. `linearUniqueItems` rewrites a schema to use the
 * keyword `uniqueValues` instead, which `addUniqueValues` teaches an ajv instance.
 */
import type { Ajv, ErrorObject } from 'ajv';

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export function addUniqueValues(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: 'uniqueValues',
    type: 'array',
    schemaType: 'boolean',
    errors: true,
    validate: function check(this: unknown, wanted: boolean, items: unknown[]): boolean {
      if (!wanted) return true;
      const seen = new Map<string, number>();
      for (const [j, item] of items.entries()) {
        const key = canonical(item);
        const i = seen.get(key);
        if (i !== undefined) {
          (check as { errors?: Partial<ErrorObject>[] }).errors = [{ keyword: 'uniqueItems', message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)`, params: { i: j, j: i } }];
          return false;
        }
        seen.set(key, j);
      }
      return true;
    },
  });
}

/** A copy of the schema with every `uniqueItems: true` replaced by `uniqueValues: true`. */
export function linearUniqueItems<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(linearUniqueItems) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'uniqueItems' && v === true) out.uniqueValues = true;
    else out[k] = linearUniqueItems(v);
  }
  return out as T;
}
