/** Streams a scan report as JSON, host by host: the same document as JSON.stringify(buildScanReport(...), null, 2). */
import type { ReportHost, ScanReportHead } from './model.js';

export function writeScanJson(head: ScanReportHead, hosts: Iterable<ReportHost>, write: (s: string) => void): void {
  const { skipped, ...rest } = head;
  const open = JSON.stringify(rest, null, 2);
  write(`${open.slice(0, -2)},\n  "hosts": [`);
  let first = true;
  for (const h of hosts) {
    write(`${first ? '\n' : ',\n'}${JSON.stringify(h, null, 2).replace(/^/gm, '    ')}`);
    first = false;
  }
  write(`${first ? '' : '\n  '}],\n  "skipped": ${JSON.stringify(skipped, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
}
