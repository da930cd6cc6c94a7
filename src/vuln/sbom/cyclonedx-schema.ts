/**
 * Checks a CycloneDX 1.2–1.6 JSON BOM against the published CycloneDX JSON schema of its specVersion. The schemas
 * (draft-07, with the SPDX license-id list and the JSF signature schema they reference) are the copies
 * @cyclonedx/cyclonedx-library ships under res/schema, so this works offline; each is compiled once, on first use.
 * The result is a list of violations (JSON path + message), not an exception: the caller decides whether a
 * violation is a warning or a refusal.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { MAX_SCHEMA_ISSUES, type SchemaIssue } from './sbom.js';

export interface SchemaCheck {
  /** Which schema was applied, e.g. "CycloneDX 1.6"; undefined when none is known for the document's version. */
  readonly schema?: string;
  /** The first MAX_SCHEMA_ISSUES violations. */
  readonly issues: readonly SchemaIssue[];
  /** How many violations there were in all. */
  readonly count: number;
}

const VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6'] as const;

const require = createRequire(import.meta.url);
// ajv-formats-draft2019 has no type declarations; it adds the draft 2019 formats (iri-reference, idn-email) the
// CycloneDX 1.5/1.6 schemas use — the same plugin the CycloneDX library's own validator relies on.
const addFormats2019 = require('ajv-formats-draft2019') as (ajv: Ajv, opts: { formats: string[] }) => Ajv;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function schemaDir(): string {
  return join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema');
}

function loadJson(dir: string, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
}

function validatorFor(version: (typeof VERSIONS)[number]): ValidateFunction {
  const done = compiled.get(version);
  if (done) return done;
  const dir = schemaDir();
  if (!ajv) {
    // strict: false because the published schemas carry keywords ajv's strict mode rejects (e.g. "meta:enum");
    // allErrors so a document's violations are counted, not just the first.
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    addFormats2019(ajv, { formats: ['iri-reference', 'idn-email'] });
    // The bom schemas reference these by the file names the library gave its copies, resolved against the bom
    // schema's $id (http://cyclonedx.org/schema/…), so register them under those addresses.
    ajv.addSchema(loadJson(dir, 'spdx.SNAPSHOT.schema.json'), 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json');
    ajv.addSchema(loadJson(dir, 'jsf-0.82.SNAPSHOT.schema.json'), 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json');
  }
  const fn = ajv.compile(loadJson(dir, `bom-${version}.SNAPSHOT.schema.json`));
  compiled.set(version, fn);
  return fn;
}

function describe(e: ErrorObject): SchemaIssue {
  const at = `$${e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('')}`;
  const p = e.params as Record<string, unknown>;
  let message = e.message ?? e.keyword;
  if (e.keyword === 'enum' && Array.isArray(p.allowedValues)) message += `: ${p.allowedValues.slice(0, 12).map((v) => JSON.stringify(v)).join(', ')}${p.allowedValues.length > 12 ? ', …' : ''}`;
  else if (e.keyword === 'additionalProperties') message += `: ${JSON.stringify(p.additionalProperty)}`;
  else if (e.keyword === 'const') message += `: ${JSON.stringify(p.allowedValue)}`;
  return { path: at, message };
}

/** Validates a parsed CycloneDX JSON document against the schema of its specVersion. */
export function checkCycloneDxSchema(doc: unknown): SchemaCheck {
  const v = (doc as { specVersion?: unknown } | null)?.specVersion;
  const version = VERSIONS.find((x) => x === v);
  if (!version) return { issues: [{ path: '$.specVersion', message: `no CycloneDX JSON schema for specVersion ${JSON.stringify(v)} (known: ${VERSIONS.join(', ')})` }], count: 1 };
  const fn = validatorFor(version);
  if (fn(doc)) return { schema: `CycloneDX ${version}`, issues: [], count: 0 };
  // One violation can fail several anyOf/oneOf branches that all point at the same place; report each place and
  // message once.
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const e of fn.errors ?? []) {
    const i = describe(e);
    const key = `${i.path}\0${i.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(i);
  }
  return { schema: `CycloneDX ${version}`, issues: issues.slice(0, MAX_SCHEMA_ISSUES), count: issues.length };
}
