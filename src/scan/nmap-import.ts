/**
 * Brings an existing nmap XML scan (-oX) into the store as a scan with source 'nmap-import', so its hosts and
 * ports take part in diffs and later inventory work. nmap's own service names, products and CPEs are kept (the
 * CPEs converted from 2.2 URI to 2.3 form); nothing is sent on the network.
 */
import { readFileSync, statSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Vantage } from '../core/asset.js';
import type { Clock, Ids } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { HostRecord, PortRecord } from '../core/scan.js';
import { macVendor } from '../data/index.js';
import type { Rule } from '../rules/rule.js';
import type { ScanStore } from '../store/store.js';
import { judge } from './run.js';

const MAX_BYTES = 512 * 1024 * 1024;
type X = Record<string, unknown>;
const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** cpe:/a:openbsd:openssh:9.2p1 → cpe:2.3:a:openbsd:openssh:9.2p1:*:*:*:*:*:*:* */
export function cpe22to23(uri: string): string {
  const body = uri.replace(/^cpe:\//i, '');
  const parts = body.split(':').map((p) => (p === '' ? '*' : decodeURIComponent(p).replace(/([^A-Za-z0-9_.\-~*])/g, '\\$1')));
  while (parts.length < 11) parts.push('*');
  return `cpe:2.3:${parts.slice(0, 11).join(':')}`;
}

export interface ParsedNmap {
  readonly args: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly hosts: HostRecord[];
  readonly portsScanned: Set<number>;
}

export function parseNmapXml(text: string, source: string): ParsedNmap {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new AppError('ERR_IMPORT_PARSE', `${source}: not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: false, allowBooleanAttributes: true }).parse(text) as X;
  const run = doc.nmaprun as X | undefined;
  if (!run) throw new AppError('ERR_IMPORT_PARSE', `${source}: not an nmap XML file (no <nmaprun> element)`);
  const epoch = (v: unknown) => (v ? new Date(Number(v) * 1000).toISOString() : null);
  const portsScanned = new Set<number>();
  for (const si of arr(run.scaninfo as X | X[])) {
    for (const part of String(si.services ?? '').split(',')) {
      const [a, b] = part.split('-').map(Number);
      if (a && (b ?? a) - a < 70000) for (let p = a; p <= (b ?? a); p++) portsScanned.add(p);
    }
  }
  const hosts: HostRecord[] = [];
  for (const h of arr(run.host as X | X[])) {
    const addrs = arr(h.address as X | X[]);
    const ip = addrs.find((a) => a.addrtype === 'ipv4' || a.addrtype === 'ipv6');
    if (!ip) continue;
    const macAddr = addrs.find((a) => a.addrtype === 'mac');
    const mac = macAddr ? String(macAddr.addr).toLowerCase() : null;
    const status = (h.status as X | undefined)?.state;
    const ports: PortRecord[] = [];
    for (const p of arr(((h.ports as X | undefined)?.port ?? []) as X | X[])) {
      const state = String((p.state as X | undefined)?.state ?? '');
      const mapped = state === 'open' ? 'open' : state === 'closed' ? 'closed' : state.startsWith('filtered') || state === 'open|filtered' ? 'filtered' : null;
      if (!mapped) continue;
      const svc = (p.service as X | undefined) ?? {};
      ports.push({
        port: Number(p.portid),
        protocol: p.protocol === 'udp' ? 'udp' : 'tcp',
        state: mapped,
        service: svc.name ? String(svc.name) : null,
        product: svc.product ? String(svc.product) : null,
        version: svc.version ? String(svc.version) : null,
        cpe: arr(svc.cpe as string | string[]).map((c) => cpe22to23(String(typeof c === 'object' ? (c as X)['#text'] : c))),
        reason: (p.state as X | undefined)?.reason ? String((p.state as X).reason) : null,
        rttMs: null,
      });
    }
    hosts.push({
      address: String(ip.addr),
      assetId: null,
      mac,
      macVendor: macAddr?.vendor ? String(macAddr.vendor) : mac ? macVendor(mac) : null,
      hostnames: arr(((h.hostnames as X | undefined)?.hostname ?? []) as X | X[]).map((n) => String(n.name)),
      alive: status === 'up',
      aliveReason: (h.status as X | undefined)?.reason ? `nmap: ${String((h.status as X).reason)}` : null,
      ports,
      checks: [{ probeId: 'nmap.import', host: String(ip.addr), port: null, status: 'success', detail: `imported from ${source}`, durationMs: 0 }],
      observations: [],
    });
  }
  return {
    args: String(run.args ?? ''),
    startedAt: epoch(run.start) ?? new Date(0).toISOString(),
    finishedAt: epoch(((run.runstats as X | undefined)?.finished as X | undefined)?.time),
    hosts,
    portsScanned,
  };
}

export function importNmapFile(path: string, deps: { store: ScanStore; clock: Clock; ids: Ids; rules: readonly Rule[] }): { scanId: string; hosts: number } {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new AppError('ERR_IMPORT_READ', `cannot read ${path}: ${(e as Error).message}`);
  }
  if (size > MAX_BYTES) throw new AppError('ERR_IMPORT_SIZE', `${path} is ${size} bytes; nmap imports are limited to ${MAX_BYTES}`);
  const parsed = parseNmapXml(readFileSync(path, 'utf8'), path);
  const scanId = deps.ids.next('scan');
  const vantage: Vantage = { sourceAddress: null, interface: null, zone: 'unknown', hostname: 'unknown (nmap import)' };
  deps.store.createScan(
    { id: scanId, startedAt: parsed.startedAt, source: 'nmap-import', targets: [parsed.args || path], vantage, profile: 'nmap', options: { file: path, nmapArgs: parsed.args }, hostsPlanned: null },
    process.pid,
    null,
  );
  for (const host of parsed.hosts)
    deps.store.commitHost(scanId, { host, verdicts: judge(host, deps.rules), scannedPorts: parsed.portsScanned, at: parsed.finishedAt ?? parsed.startedAt });
  deps.store.finishScan(scanId, 'complete', parsed.finishedAt ?? deps.clock.now().toISOString());
  return { scanId, hosts: parsed.hosts.length };
}
