/**
 * Leads from CVEs that NVD has not analysed yet (no CPE configuration — 19 of the 82 sample records, e.g. eight
 * DCMTK CVEs of 2024–2025): when a description names the component's product, the CVE is shown for review with
 * the reason, never as a match. Generic names (windows, server, viewer …) are not searched: they name everything.
 */
import type { VulnStore } from '../../store/sqlite/vuln-store.js';
import type { Component } from '../component.js';
import { textOf, tryParseCpe } from './cpe.js';
import type { Match } from './match.js';

const GENERIC = new Set(['windows', 'linux', 'server', 'client', 'viewer', 'firmware', 'system', 'software', 'application', 'device', 'web', 'portal', 'pacs', 'dicom', 'library', 'kernel', 'http', 'network']);

function phrases(c: Component): string[] {
  const out = new Set<string>();
  for (const s of c.cpes) {
    const p = tryParseCpe(s);
    const product = p && textOf(p[2]!);
    if (product) out.add(product.replace(/_firmware$/, '').replace(/_/g, ' '));
  }
  if (c.name && !c.name.startsWith('cpe:')) out.add(c.name.toLowerCase());
  return [...out].map((x) => x.trim()).filter((x) => x.length >= 4 && !GENERIC.has(x) && /[a-z]/.test(x));
}

export class UnanalysedMatcher {
  /** A fleet names the same products again and again: each phrase is searched once per open index. */
  private readonly found = new Map<string, readonly string[]>();
  constructor(private readonly store: VulnStore) {}

  private mentioning(phrase: string): readonly string[] {
    let r = this.found.get(phrase);
    if (!r) {
      if (this.found.size > 50_000) this.found.clear();
      this.found.set(phrase, (r = this.store.unanalysedMentioning(phrase)));
    }
    return r;
  }

  match(c: Component, already: ReadonlySet<string>): Match[] {
    const out: Match[] = [];
    const seen = new Set(already);
    for (const phrase of phrases(c))
      for (const cve of this.mentioning(phrase)) {
        if (seen.has(cve)) continue;
        seen.add(cve);
        out.push({
          component: { id: c.id, name: c.name, version: c.version },
          cve,
          source: 'nvd',
          confidence: 'review',
          evidence: [{ searched: phrase, matched: 'CVE description', notes: [`NVD has not analysed ${cve} (no CPE configuration, not machine-matchable); its description names "${phrase}" — check the affected versions by hand`] }],
        });
      }
    return out;
  }
}
