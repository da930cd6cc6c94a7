/**
 * Keeps the layers of docs (ARCHITECTURE.md) honest: core ← net ← probes ← scan; identify, rules, vuln, report and
 * store lean on core; only cli (and later api) wires everything. A new import across the grain fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = new URL('.', import.meta.url).pathname;
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  data: [],
  net: ['core'],
  probes: ['core', 'net'],
  identify: ['core', 'probes'], // identifiers read the observation specs that probes export
  rules: ['core', 'probes', 'identify'],
  vuln: ['core', 'store'],
  store: ['core', 'net', 'vuln', 'inventory'], // inventory-store applies inventory/identity.ts decisions
  inventory: ['core', 'data', 'identify', 'probes', 'rules', 'scan', 'store'], // resolve.ts is the scan's identity hook
  report: ['core', 'store'],
  scan: ['core', 'data', 'net', 'probes', 'identify', 'rules', 'store', 'report', 'vuln'],
  segmentation: ['core', 'traffic'],
  traffic: ['core', 'probes'], // passive DICOM/HL7 extraction reuses the probes' PDU codec and MLLP framer
  cli: ['*'],
  api: ['*'],
  auth: ['core', 'store'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return files(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('layering', () => {
  it('every import stays within the allowed layers', () => {
    const violations: string[] = [];
    for (const file of files(src)) {
      const rel = relative(src, file);
      const layer = rel.split('/')[0]!;
      if (!rel.includes('/')) continue; // top-level test helpers
      const allowed = ALLOWED[layer];
      expect(allowed, `layer ${layer} (${rel}) is not in the architecture map`).toBeDefined();
      if (allowed!.includes('*')) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = relative(src, join(file, '..', m[1]!)).split('/')[0]!;
        if (target === layer || target.startsWith('..')) continue;
        if (!allowed!.includes(target)) violations.push(`${rel} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
