/** docs/catalog.md, generated from the registries so it cannot drift (`npm run catalog`; a test fails when stale). */
import { identifiers } from './identify/index.js';
import { probes } from './probes/index.js';
import { rules } from './rules/index.js';

export function renderCatalog(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# Catalog',
    '',
    'Generated from the registries in src/probes, src/rules and src/identify by `npm run catalog`. Do not edit.',
    '',
    `## Probes (${probes.length})`,
    '',
    'Intrusive probes run only with `radguard scan --intrusive`.',
    '',
    '| id | safety | transport | default ports | emits | summary |',
    '|---|---|---|---|---|---|',
    ...probes.map(
      (p) =>
        `| \`${p.id}\` | ${p.safety} | ${p.transport} | ${p.ports.length ? p.ports.join(', ') : '(selected per port)'} | ${p.emits.map((e) => `\`${e.kind}\``).join(', ')} | ${esc(p.summary)} |`,
    ),
    '',
    `## Rules (${rules.length})`,
    '',
    '| id | severity | title | remediation |',
    '|---|---|---|---|',
    ...rules.map((r) => `| \`${r.id}\` | ${r.severity} | ${esc(r.title)} | ${esc(r.remediation)} |`),
    '',
    `## Identifiers (${identifiers.length})`,
    '',
    '| id | reads |',
    '|---|---|',
    ...identifiers.map((i) => `| \`${i.id}\` | ${i.kinds.map((k) => `\`${k}\``).join(', ')} |`),
    '',
  ];
  return lines.join('\n');
}
