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
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { schemaIssues, type SchemaCheck } from './schema-issues.js';
import { addUniqueValues, linearUniqueItems } from './unique-items.js';

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
    addUniqueValues(ajv);
    // The bom schemas reference these by the file names the library gave its copies, resolved against the bom
    // schema's $id (http://cyclonedx.org/schema/…), so register them under those addresses.
    ajv.addSchema(loadJson(dir, 'spdx.SNAPSHOT.schema.json'), 'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json');
    ajv.addSchema(loadJson(dir, 'jsf-0.82.SNAPSHOT.schema.json'), 'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json');
  }
  const fn = ajv.compile(linearUniqueItems(loadJson(dir, `bom-${version}.SNAPSHOT.schema.json`)));
  compiled.set(version, fn);
  return fn;
}

/** Validates a parsed CycloneDX JSON document against the schema of its specVersion. */
export function checkCycloneDxSchema(doc: unknown): SchemaCheck {
  const v = (doc as { specVersion?: unknown } | null)?.specVersion;
  const version = VERSIONS.find((x) => x === v);
  if (!version) return { issues: [{ path: '$.specVersion', message: `no CycloneDX JSON schema for specVersion ${JSON.stringify(v)} (known: ${VERSIONS.join(', ')})` }], count: 1 };
  const fn = validatorFor(version);
  return { schema: `CycloneDX ${version}`, ...schemaIssues(fn(doc) ? [] : fn.errors) };
}
