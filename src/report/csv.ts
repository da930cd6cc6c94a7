/** CSV export (RFC 4180): one row per finding and one per open port without findings, for spreadsheets and SIEMs. */
import type { ReportHost, ScanReportHead } from './model.js';

export const csvField = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  // Quote always when needed; neutralise spreadsheet formulas (=, +, -, @) that a hostile banner could inject.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function writeScanCsv(r: ScanReportHead, hosts: Iterable<ReportHost>, write: (s: string) => void): void {
  const line = (row: unknown[]) => write(`${row.map(csvField).join(',')}\r\n`);
  const header = ['scan_id', 'address', 'mac', 'mac_vendor', 'hostnames', 'port', 'protocol', 'state', 'service', 'product', 'version', 'cpe', 'rule_id', 'severity', 'finding_state', 'title', 'evidence', 'remediation', 'finding_key'];
  line(header);
  for (const h of hosts) {
    const rows: unknown[][] = [];
    const base = [r.scan.id, h.address, h.mac, h.macVendor, h.hostnames];
    for (const p of h.ports.filter((x) => x.state === 'open')) {
      const fs = h.findings.filter((f) => f.port === p.port);
      const portCols = [p.port, p.protocol, p.state, p.service, p.product, p.version, p.cpe];
      if (fs.length === 0) rows.push([...base, ...portCols, '', '', '', '', '', '', '']);
      for (const f of fs) rows.push([...base, ...portCols, f.id, f.severity, f.state, f.title, f.evidence, f.remediation, f.key]);
    }
    for (const f of h.findings.filter((x) => x.port === null || !h.ports.some((p) => p.port === x.port && p.state === 'open')))
      rows.push([...base, f.port, '', '', '', '', '', '', f.id, f.severity, f.state, f.title, f.evidence, f.remediation, f.key]);
    rows.forEach(line);
  }
}
