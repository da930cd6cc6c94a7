/**
 * `scans diff A B`: what changed between two scans — hosts that appeared or went, ports opened or closed, findings
 * new or gone. Only addresses both scans looked at are compared: a host the other scan never targeted is listed as
 * not compared, never as "gone" (a rescan of one modality must not read as the rest of the department vanishing).
 */
import type { ScanStore } from '../store/store.js';
import { envelope, type ReportEnvelope } from './model.js';

export interface ScanDiff extends ReportEnvelope<'scan-diff'> {
  readonly from: { id: string; startedAt: string; status: string };
  readonly to: { id: string; startedAt: string; status: string };
  readonly hosts: {
    readonly new: string[];
    readonly gone: string[];
    readonly notRescanned: string[];
    readonly notPreviouslyScanned: string[];
  };
  readonly ports: { readonly opened: PortRef[]; readonly closed: PortRef[]; readonly changed: PortChange[] };
  readonly findings: { readonly new: FindingRef[]; readonly gone: FindingRef[] };
  readonly caveats: string[];
}
interface PortRef {
  address: string;
  port: number;
  protocol: string;
  service: string | null;
}
interface PortChange extends PortRef {
  before: string;
  after: string;
}
interface FindingRef {
  key: string;
  id: string;
  address: string;
  port: number | null;
  severity: string;
  title: string;
}

/** Whether a scan's literal targets include an address (the caller knows target syntax; hostnames answer false). */
export type TargetsCover = (targets: readonly string[], address: string) => boolean;

export function diffScans(store: ScanStore, fromId: string, toId: string, generatedAt: string, targetsCover: TargetsCover): ScanDiff {
  const a = store.getScan(fromId)!;
  const b = store.getScan(toId)!;
  const hostsA = store.hosts(fromId);
  const hostsB = store.hosts(toId);
  // a scan looked at an address when it stored a record for it (alive or not; a desk record of a held-back device
  // is no look), or its targets include it and the do-not-probe list did not hold it back
  const looked = (scan: typeof a, hosts: typeof hostsA) => {
    const recorded = new Set(hosts.filter((h) => h.probed !== false).map((h) => h.address));
    const skipped = store.skipped(scan.id).map((x) => x.target);
    return (address: string) => recorded.has(address) || (targetsCover(scan.targets, address) && !targetsCover(skipped, address));
  };
  const lookedA = looked(a, hostsA);
  const lookedB = looked(b, hostsB);
  const aliveA = hostsA.filter((h) => h.alive);
  const aliveB = hostsB.filter((h) => h.alive);
  const notRescanned = aliveA.filter((h) => !lookedB(h.address)).map((h) => h.address);
  const notPreviouslyScanned = aliveB.filter((h) => !lookedA(h.address)).map((h) => h.address);
  const ha = new Map(aliveA.filter((h) => lookedB(h.address)).map((h) => [h.address, h]));
  const hb = new Map(aliveB.filter((h) => lookedA(h.address)).map((h) => [h.address, h]));
  const compared = (address: string) => lookedA(address) && lookedB(address);
  const openSet = (m: typeof ha) =>
    new Map(
      [...m.values()].flatMap((h) =>
        h.ports
          .filter((p) => p.state === 'open')
          .map(
            (p) =>
              [
                `${h.address}|${p.port}|${p.protocol}`,
                {
                  address: h.address,
                  port: p.port,
                  protocol: p.protocol,
                  service: p.service,
                  product: `${p.product ?? ''} ${p.version ?? ''}`.trim(),
                },
              ] as const,
          ),
      ),
    );
  const pa = openSet(ha);
  const pb = openSet(hb);
  const fa = new Map(
    store
      .scanFindings(fromId)
      .filter((f) => compared(f.address))
      .map((f) => [f.key, f]),
  );
  const fb = new Map(
    store
      .scanFindings(toId)
      .filter((f) => compared(f.address))
      .map((f) => [f.key, f]),
  );
  const fref = (f: ReturnType<ScanStore['scanFindings']>[number]): FindingRef => ({
    key: f.key,
    id: f.ruleId,
    address: f.address,
    port: f.port,
    severity: f.scanSeverity,
    title: f.title,
  });
  const caveats: string[] = [];
  if (a.status !== 'complete') caveats.push(`scan ${a.id} is ${a.status}: "gone" may only mean "not scanned"`);
  if (b.status !== 'complete') caveats.push(`scan ${b.id} is ${b.status}: "gone" may only mean "not scanned"`);
  if (a.profile !== b.profile) caveats.push(`the scans used different port sets (${a.profile} vs ${b.profile})`);
  const strip = ({ product: _p, ...rest }: { product: string } & PortRef) => rest;
  return {
    ...envelope('scan-diff', generatedAt),
    from: { id: a.id, startedAt: a.startedAt, status: a.status },
    to: { id: b.id, startedAt: b.startedAt, status: b.status },
    hosts: {
      new: [...hb.keys()].filter((x) => !ha.has(x)),
      gone: [...ha.keys()].filter((x) => !hb.has(x)),
      notRescanned,
      notPreviouslyScanned,
    },
    ports: {
      opened: [...pb].filter(([k]) => !pa.has(k)).map(([, v]) => strip(v)),
      closed: [...pa].filter(([k]) => !pb.has(k)).map(([, v]) => strip(v)),
      changed: [...pb]
        .filter(([k, v]) => pa.has(k) && pa.get(k)!.product !== v.product)
        .map(([k, v]) => ({ ...strip(v), before: pa.get(k)!.product || 'unidentified', after: v.product || 'unidentified' })),
    },
    findings: {
      new: [...fb.values()].filter((f) => !fa.has(f.key)).map(fref),
      gone: [...fa.values()].filter((f) => !fb.has(f.key)).map(fref),
    },
    caveats,
  };
}

export function renderDiff(d: ScanDiff): string {
  const out = [`Diff ${d.from.id} → ${d.to.id}`];
  const section = (title: string, items: string[]) => {
    out.push(`${title}: ${items.length}`);
    for (const i of items) out.push(`  ${i}`);
  };
  section('New hosts', d.hosts.new);
  section('Gone hosts', d.hosts.gone);
  if (d.hosts.notRescanned.length) section('Not compared (the second scan did not target them)', d.hosts.notRescanned);
  if (d.hosts.notPreviouslyScanned.length) section('Not compared (the first scan did not target them)', d.hosts.notPreviouslyScanned);
  section(
    'Ports opened',
    d.ports.opened.map((p) => `${p.address} ${p.port}/${p.protocol} ${p.service ?? ''}`),
  );
  section(
    'Ports closed',
    d.ports.closed.map((p) => `${p.address} ${p.port}/${p.protocol} ${p.service ?? ''}`),
  );
  section(
    'Software changed',
    d.ports.changed.map((p) => `${p.address} ${p.port}: ${p.before} → ${p.after}`),
  );
  section(
    'New findings',
    d.findings.new.map((f) => `${f.address} ${f.severity} ${f.id}${f.port === null ? '' : ` [${f.port}]`}: ${f.title}`),
  );
  section(
    'Gone findings',
    d.findings.gone.map((f) => `${f.address} ${f.severity} ${f.id}${f.port === null ? '' : ` [${f.port}]`}: ${f.title}`),
  );
  for (const c of d.caveats) out.push(`caveat: ${c}`);
  return `${out.join('\n')}\n`;
}
