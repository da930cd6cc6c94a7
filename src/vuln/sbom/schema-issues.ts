/** Schema violations as the SBOM reader reports them: JSON paths and messages, each place and message once. */
import type { ErrorObject } from 'ajv';
import { MAX_SCHEMA_ISSUES, type SchemaIssue } from './sbom.js';

export interface SchemaCheck {
  /** Which schema was applied, e.g. "CycloneDX 1.6"; undefined when none is known for the document's version. */
  readonly schema?: string;
  /** The first MAX_SCHEMA_ISSUES violations. */
  readonly issues: readonly SchemaIssue[];
  /** How many violations there were in all. */
  readonly count: number;
}

function describe(e: ErrorObject): SchemaIssue {
  const at = `$${e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')}`;
  const p = e.params as Record<string, unknown>;
  let message = e.message ?? e.keyword;
  if (e.keyword === 'enum' && Array.isArray(p.allowedValues))
    message += `: ${p.allowedValues
      .slice(0, 12)
      .map((v) => JSON.stringify(v))
      .join(', ')}${p.allowedValues.length > 12 ? ', …' : ''}`;
  else if (e.keyword === 'additionalProperties') message += `: ${JSON.stringify(p.additionalProperty)}`;
  else if (e.keyword === 'const') message += `: ${JSON.stringify(p.allowedValue)}`;
  return { path: at, message };
}

/** One violation can fail several anyOf/oneOf branches that all point at the same place: report each once. */
export function schemaIssues(errors: readonly ErrorObject[] | null | undefined): Omit<SchemaCheck, 'schema'> {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const e of errors ?? []) {
    const i = describe(e);
    const key = `${i.path}\0${i.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(i);
  }
  return { issues: issues.slice(0, MAX_SCHEMA_ISSUES), count: issues.length };
}
