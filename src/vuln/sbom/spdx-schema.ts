/**
 * Checks an SPDX 2.3 JSON document against the SPDX 2.3 JSON schema (draft 2019-09). No npm package ships the
 * SPDX document schemas, so schemas/spdx-2.3.schema.json is a copy of `schemas/spdx-schema.json` from
 * github.com/spdx/spdx-spec, branch support/2.3.1, commit d4dbeb626cbaa589cef968588f1eb52f35b23e3c (the SPDX
 * specification, CC-BY-3.0). SPDX 2.2 and earlier have no schema here and are read unchecked.
 */
import { readFileSync } from 'node:fs';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { schemaIssues, type SchemaCheck } from './schema-issues.js';

// Works from src/vuln/sbom (tests) and dist/vuln/sbom (built CLI): both sit three levels below the package root.
const SCHEMA = new URL('../../../src/vuln/sbom/schemas/spdx-2.3.schema.json', import.meta.url);
const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;

let validate: ValidateFunction | undefined;

/** Null when no schema is known for the document's version (the reader says so). */
export function checkSpdxSchema(doc: unknown, spdxVersion: string): SchemaCheck | null {
  if (spdxVersion !== 'SPDX-2.3') return null;
  if (!validate) {
    // strict: false because the published schema carries annotations ajv's strict mode rejects; allErrors so a
    // document's violations are counted, not just the first.
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
  }
  return { schema: 'SPDX 2.3', ...schemaIssues(validate(doc) ? [] : validate.errors) };
}
