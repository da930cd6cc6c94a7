/** What an SBOM reader returns: the components (as matchable Components) and what it had to skip or doubt. */
import type { Component } from '../component.js';

export interface SbomDocument {
  readonly format: 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'spdx-tag-value';
  readonly specVersion: string;
  readonly subject?: { readonly name: string; readonly type?: string; readonly version?: string };
  readonly components: readonly Component[];
  readonly warnings: readonly string[];
  /** The published schema the document was checked against, e.g. "CycloneDX 1.6"; absent when none was applied. */
  readonly schema?: string;
  /** The first MAX_SCHEMA_ISSUES schema violations, each with the JSON path it concerns. */
  readonly schemaIssues: readonly SchemaIssue[];
  /** How many schema violations there were in all. */
  readonly schemaIssueCount: number;
}

export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

export const MAX_SCHEMA_ISSUES = 20;

export const MAX_COMPONENTS = 200_000;
