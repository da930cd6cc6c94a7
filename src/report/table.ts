/** Terminal rendering of a scan report: grouped by host, severities coloured, what was not assessed spelled out. */
import pc from 'picocolors';
import type { Severity } from '../core/severity.js';
import type { ReportHost, ScanReport, ScanReportHead } from './model.js';

const SEV_COLOUR: Record<Severity, (s: string) => string> = {
  critical: (s) => pc.bold(pc.magenta(s)),
  high: pc.red,
  medium: pc.yellow,
  low: pc.cyan,
  info: pc.dim,
};

export const severityLabel = (s: Severity, colour: boolean): string =>
  colour ? SEV_COLOUR[s](s.toUpperCase().padEnd(8)) : s.toUpperCase().padEnd(8);

export function renderScanTable(r: ScanReport, colour: boolean): string {
  let text = '';
  writeScanTable(r, r.hosts, colour, (chunk) => (text += chunk));
  return text;
}

/** Writes host by host, so a /16 sweep renders without holding the whole report. */
export function writeScanTable(r: ScanReportHead, hosts: Iterable<ReportHost>, colour: boolean, write: (s: string) => void): void {
  const c = colour ? pc : pc.createColors(false);
  let out: string[] = [];
  const flush = () => {
    if (out.length) write(`${out.join('\n')}\n`);
    out = [];
  };
  const s = r.scan;
  out.push(
    c.bold(`Scan ${s.id}`) +
      `  ${s.status === 'complete' ? c.green(s.status) : c.yellow(s.status)}  ${s.startedAt}` +
      (s.finishedAt ? ` → ${s.finishedAt}` : ''),
  );
  out.push(`Targets: ${s.targets.join(' ')}   profile: ${s.profile ?? '-'}   vantage: ${s.vantage.sourceAddress ?? '?'} (${s.vantage.interface ?? '?'}), zone ${s.vantage.zone}`);
  if (s.error) out.push(c.yellow(`Note: ${s.error}`));
  for (const f of r.feeds) if (f.warning) out.push(c.bold(c.yellow(f.warning)));
  out.push('');
  for (const h of hosts) {
    const names = h.hostnames.length ? ` (${h.hostnames.join(', ')})` : '';
    const mac = h.mac ? `  ${h.mac}${h.macVendor ? ` ${h.macVendor}` : ''}` : '';
    const state = h.alive
      ? c.green('  up') + c.dim(` [${h.aliveReason}]`)
      : !h.probed
        ? c.yellow(`  not probed (${h.aliveReason}): judged on its inventory facts and SBOMs only`)
        : c.dim('  no answer');
    out.push(c.bold(`${h.address}${names}`) + state + mac);
    const open = h.ports.filter((p) => p.state === 'open');
    for (const p of open) {
      const what = [p.product, p.version].filter(Boolean).join(' ');
      out.push(`  ${`${p.port}/${p.protocol}`.padEnd(10)} ${c.green('open'.padEnd(9))} ${(p.service ?? '').padEnd(16)} ${what}`);
    }
    const others = h.ports.length - open.length;
    if (others) out.push(c.dim(`  … ${others} closed or filtered ports not shown`));
    for (const f of h.findings) {
      const port = f.port === null ? '' : ` [${f.port}]`;
      const state = f.state === 'open' ? '' : c.dim(` (${f.state})`);
      out.push(`  ${severityLabel(f.severity, colour)} ${f.id}${port}: ${f.title}${state}`);
      out.push(c.dim(`           ${f.evidence}`));
    }
    const na = h.notAssessed.filter((k) => k.probe !== 'tcp.sweep' || h.alive);
    if (na.length) {
      out.push(c.yellow(`  not assessed (${na.length}):`));
      for (const k of na.slice(0, 10)) out.push(c.yellow(`    ${k.probe}${k.port === null ? '' : ` on ${k.port}`}: ${k.status}${k.detail ? ` — ${k.detail}` : ''}`));
      if (na.length > 10) out.push(c.yellow(`    … and ${na.length - 10} more (see --json)`));
    }
    out.push('');
    flush();
  }
  for (const k of r.skipped) out.push(c.yellow(`skipped ${k.target}: ${k.reason}`));
  const f = r.summary.findings;
  out.push(
    c.bold('Summary: ') +
      `${r.summary.alive} host(s) up of ${r.summary.hostsPlanned ?? '?'} addresses, ${r.summary.openPorts} open port(s); findings ` +
      (['critical', 'high', 'medium', 'low', 'info'] as const).map((k) => `${f[k]} ${k}`).join(', ') +
      (r.summary.notAssessed ? c.yellow(`; ${r.summary.notAssessed} check(s) not assessed`) : ''),
  );
  flush();
}
