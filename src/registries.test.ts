/** Every probe, rule and identifier: listed once, well-formed ids, valid defaults, and the generated catalog fresh. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from './core/severity.js';
import { renderCatalog } from './catalog.js';
import { identifiers } from './identify/index.js';
import { probes } from './probes/index.js';
import { rules } from './rules/index.js';

const dupes = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

describe('registries', () => {
  it('probes: unique ids <protocol>.<name>, a summary, a safety level, emitted kinds of their protocol', () => {
    expect(dupes(probes.map((p) => p.id))).toEqual([]);
    for (const p of probes) {
      expect(p.id).toMatch(/^[a-z0-9]+\.[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.summary.length, p.id).toBeGreaterThan(10);
      expect(['passive', 'safe', 'intrusive']).toContain(p.safety);
      expect(p.emits.length, p.id).toBeGreaterThan(0);
      const protocol = p.id.split('.')[0]!;
      for (const e of p.emits) expect(e.kind.startsWith(`${protocol}.`), `${p.id} emits ${e.kind}`).toBe(true);
      for (const port of p.ports) expect(port >= 1 && port <= 65535, `${p.id} port ${port}`).toBe(true);
      expect(typeof p.defaults).toBe('object');
    }
  });

  it('rules: unique kebab-case ids, a severity, a title and a concrete remediation', () => {
    expect(dupes(rules.map((r) => r.id))).toEqual([]);
    for (const r of rules) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(SEVERITIES).toContain(r.severity);
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.remediation.length, r.id).toBeGreaterThan(20);
    }
  });

  it('identifiers: unique ids, each reads at least one observation kind', () => {
    expect(dupes(identifiers.map((i) => i.id))).toEqual([]);
    for (const i of identifiers) expect(i.kinds.length, i.id).toBeGreaterThan(0);
  });

  it('docs/catalog.md is up to date (run `npm run catalog`)', () => {
    expect(readFileSync(new URL('../docs/catalog.md', import.meta.url), 'utf8')).toBe(renderCatalog());
  });
});
