/** What an SBOM reader returns: the components (as matchable Components) and what it had to skip or doubt. */
import type { Component } from '../component.js';

export interface SbomDocument {
  readonly format: 'cyclonedx-json' | 'cyclonedx-xml' | 'spdx-json' | 'spdx-tag-value';
  readonly specVersion: string;
  readonly subject?: { readonly name: string; readonly type?: string; readonly version?: string };
  readonly components: readonly Component[];
  readonly warnings: readonly string[];
}

export const MAX_COMPONENTS = 200_000;
