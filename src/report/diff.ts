/** `scans diff A B`: what changed between two scans — hosts that appeared or went, ports opened or closed, findings new or gone. */
import type { ScanStore } from '../store/store.js';
import { envelope, type ReportEnvelope } from './model.js';

export interface ScanDiff extends ReportEnvelope<'scan-diff'> {
  readonly from: { id: string; startedAt: string; status: string };
  readonly to: { id: string; startedAt: string; status: string };
  readonly hosts: { readonly new: string[]; readonly gone: string[] };
  readonly ports: { readonly opened: PortRef[]; readonly closed: PortRef[]; readonly changed: PortChange[] };
  readonly findings: { readonly new: FindingRef[]; readonly gone: FindingRef[] };
  readonly caveats: string[];
}
interface PortRef { address: string; port: number; protocol: string; service: string | null }
interface PortChange extends PortRef { before: string; after: string }
interface FindingRef { key: string; id: string; address: string; port: number | null; severity: string; title: string }

export function diffScans(store: ScanStore, fromId: string, toId: string, generatedAt: string): ScanDiff {
  const a = store.getScan(fromId)!;
  const b = store.getScan(toId)!;
  const ha = new Map(store.hosts(fromId).filter((h) => h.alive).map((h) => [h.address, h]));
  const hb = new Map(store.hosts(toId).filter((h) => h.alive).map((h) => [h.address, h]));
  const openSet = (m: typeof ha) =>
    new Map([...m.values()].flatMap((h) => h.ports.filter((p) => p.state === 'open').map((p) => [`${h.address}|${p.port}|${p.protocol}`, { address: h.address, port: p.port, protocol: p.protocol, service: p.service, product: `${p.product ?? ''} ${p.version ?? ''}`.trim() }] as const)));
  const pa = openSet(ha);
  const pb = openSet(hb);
  const fa = new Map(store.scanFindings(fromId).map((f) => [f.key, f]));
  const fb = new Map(store.scanFindings(toId).map((f) => [f.key, f]));
  const fref = (f: ReturnType<ScanStore['scanFindings']>[number]): FindingRef => ({ key: f.key, id: f.ruleId, address: f.address, port: f.port, severity: f.scanSeverity, title: f.title });
  const caveats: string[] = [];
  if (a.status !== 'complete') caveats.push(`scan ${a.id} is ${a.status}: "gone" may only mean "not scanned"`);
  if (b.status !== 'complete') caveats.push(`scan ${b.id} is ${b.status}: "gone" may only mean "not scanned"`);
  if (a.profile !== b.profile) caveats.push(`the scans used different port sets (${a.profile} vs ${b.profile})`);
  const strip = ({ product: _p, ...rest }: { product: string } & PortRef) => rest;
  return {
    ...envelope('scan-diff', generatedAt),
    from: { id: a.id, startedAt: a.startedAt, status: a.status },
    to: { id: b.id, startedAt: b.startedAt, status: b.status },
    hosts: { new: [...hb.keys()].filter((x) => !ha.has(x)), gone: [...ha.keys()].filter((x) => !hb.has(x)) },
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
  section('Ports opened', d.ports.opened.map((p) => `${p.address} ${p.port}/${p.protocol} ${p.service ?? ''}`));
  section('Ports closed', d.ports.closed.map((p) => `${p.address} ${p.port}/${p.protocol} ${p.service ?? ''}`));
  section('Software changed', d.ports.changed.map((p) => `${p.address} ${p.port}: ${p.before} → ${p.after}`));
  section('New findings', d.findings.new.map((f) => `${f.address} ${f.severity} ${f.id}${f.port === null ? '' : ` [${f.port}]`}: ${f.title}`));
  section('Gone findings', d.findings.gone.map((f) => `${f.address} ${f.severity} ${f.id}${f.port === null ? '' : ` [${f.port}]`}: ${f.title}`));
  for (const c of d.caveats) out.push(`caveat: ${c}`);
  return `${out.join('\n')}\n`;
}
