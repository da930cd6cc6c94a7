/**
 * Zone policy: named zones (CIDR blocks and a purpose) and the flows allowed between them; everything else between
 * two different zones is denied. Read from YAML or JSON; every problem is reported at once, each naming the zone,
 * rule or field at fault, so a biomedical engineer can fix the file without reading code.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { AppError } from '../core/errors.js';
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from './cidr.js';
import { SERVICES, type PortRange } from './services.js';

export const ZONE_PURPOSES = ['imaging', 'pacs', 'office', 'vendor', 'outside', 'other'] as const;
export type ZonePurpose = (typeof ZONE_PURPOSES)[number];

export interface Zone {
  readonly name: string;
  readonly purpose: ZonePurpose;
  readonly cidrs: readonly Cidr[];
  readonly description: string | null;
}

export interface AllowRule {
  readonly index: number; // position in the file, for evidence ("allowed by allow[3]")
  readonly from: string;
  readonly to: string;
  readonly ports: readonly PortRange[];
  readonly hosts: readonly Cidr[]; // empty: any host of the destination zone
  readonly description: string | null;
}

export interface EgressTarget {
  readonly address: string;
  readonly ports: readonly number[];
  readonly label: string | null;
}

export interface Policy {
  readonly site: string | null;
  readonly zones: readonly Zone[];
  readonly allow: readonly AllowRule[];
  readonly egressTargets: readonly EgressTarget[];
}

/** Thrown for a policy file with problems; `problems` lists every one, `message` all of them on separate lines. */
export class PolicyError extends AppError {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super('ERR_POLICY_INVALID', `${source}: ${problems.length} problem(s) in the zone policy:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PolicyError';
  }
}

export function loadPolicy(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError('ERR_POLICY_READ', `cannot read zone policy ${path}: ${(e as Error).message}`, { cause: e });
  }
  return parsePolicy(text, path);
}

/** Parses YAML (JSON is YAML too) and validates; throws PolicyError listing every problem. */
export function parsePolicy(text: string, source = 'policy'): Policy {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) throw new PolicyError(source, doc.errors.map((e) => `syntax: ${e.message.split('\n')[0]}`));
  return validatePolicy(doc.toJS(), source);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], where: string, out: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) out.push(`${where}: unknown field "${k}" (allowed: ${allowed.join(', ')})`);
}

function parsePorts(v: unknown, where: string, out: string[]): PortRange[] {
  if (!Array.isArray(v)) return (out.push(`${where}: must be a list of ports such as [104, "11112", "udp/123", "8000-8100"]`), []);
  const ranges: PortRange[] = [];
  for (const p of v) {
    const m = typeof p === 'number' ? [String(p), undefined, String(p), undefined] : typeof p === 'string' ? /^(?:(tcp|udp)\/)?(\d+)(?:-(\d+))?$/.exec(p.trim()) : null;
    const from = m ? Number(m[2]) : NaN;
    const to = m?.[3] !== undefined ? Number(m[3]) : from;
    if (!m || !Number.isInteger(from) || from < 1 || to > 65535 || to < from) {
      out.push(`${where}: "${String(p)}" is not a port or port range (1-65535, optionally prefixed tcp/ or udp/)`);
      continue;
    }
    ranges.push({ protocol: (m[1] as 'tcp' | 'udp' | undefined) ?? 'tcp', from, to });
  }
  return ranges;
}

export function validatePolicy(raw: unknown, source = 'policy'): Policy {
  const problems: string[] = [];
  if (!isObj(raw)) throw new PolicyError(source, ['the file must be a mapping with "version", "zones" and "allow"']);
  unknownKeys(raw, ['version', 'site', 'zones', 'allow', 'egressTargets'], 'top level', problems);
  if (raw.version !== 1) problems.push(`version: must be 1 (found ${JSON.stringify(raw.version ?? null)})`);
  if (raw.site !== undefined && typeof raw.site !== 'string') problems.push('site: must be text');

  const zones: Zone[] = [];
  if (!Array.isArray(raw.zones) || raw.zones.length === 0) problems.push('zones: must be a non-empty list of zones');
  else
    raw.zones.forEach((z, i) => {
      const where = `zones[${i}]${isObj(z) && typeof z.name === 'string' ? ` (${z.name})` : ''}`;
      if (!isObj(z)) return problems.push(`${where}: must be a mapping with name, purpose and cidrs`);
      unknownKeys(z, ['name', 'purpose', 'cidrs', 'description'], where, problems);
      const name = typeof z.name === 'string' ? z.name : '';
      if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(name)) problems.push(`${where}: name must be lower-case letters, digits, - or _ (found ${JSON.stringify(z.name ?? null)})`);
      else if (zones.some((x) => x.name === name)) problems.push(`${where}: zone "${name}" is defined twice`);
      const purpose = z.purpose as ZonePurpose;
      if (!ZONE_PURPOSES.includes(purpose)) problems.push(`${where}: purpose must be one of ${ZONE_PURPOSES.join(', ')} (found ${JSON.stringify(z.purpose ?? null)})`);
      const cidrs: Cidr[] = [];
      if (z.cidrs !== undefined && !Array.isArray(z.cidrs)) problems.push(`${where}: cidrs must be a list such as ["10.20.0.0/16"]`);
      for (const c of Array.isArray(z.cidrs) ? z.cidrs : []) {
        const parsed = typeof c === 'string' ? parseCidr(c) : `${JSON.stringify(c)} is not text`;
        if (typeof parsed === 'string') problems.push(`${where}: ${parsed}`);
        else cidrs.push(parsed);
      }
      if (!(Array.isArray(z.cidrs) && z.cidrs.length) && purpose !== 'outside') problems.push(`${where}: needs at least one CIDR block (only an "outside" zone may have none: it then means every address in no other zone)`);
      zones.push({ name, purpose, cidrs, description: typeof z.description === 'string' ? z.description : null });
    });

  // Overlaps: an address in two zones makes every verdict about it ambiguous.
  for (let i = 0; i < zones.length; i++)
    for (let j = i + 1; j < zones.length; j++)
      for (const a of zones[i]!.cidrs)
        for (const b of zones[j]!.cidrs)
          if (cidrsOverlap(a, b)) problems.push(`zones "${zones[i]!.name}" and "${zones[j]!.name}" overlap: ${a.text} and ${b.text}`);
  for (const z of zones)
    for (let i = 0; i < z.cidrs.length; i++)
      for (let j = i + 1; j < z.cidrs.length; j++)
        if (cidrsOverlap(z.cidrs[i]!, z.cidrs[j]!)) problems.push(`zone "${z.name}": ${z.cidrs[i]!.text} and ${z.cidrs[j]!.text} overlap`);
  if (zones.filter((z) => z.purpose === 'outside' && z.cidrs.length === 0).length > 1)
    problems.push('only one "outside" zone may leave out cidrs (it catches every address in no other zone)');

  const names = new Set(zones.map((z) => z.name));
  const zoneRef = (v: unknown, where: string): string => {
    if (typeof v !== 'string' || !names.has(v)) {
      problems.push(`${where}: unknown zone ${JSON.stringify(v ?? null)} (zones: ${[...names].join(', ')})`);
      return '';
    }
    return v;
  };
  const allow: AllowRule[] = [];
  if (raw.allow !== undefined && !Array.isArray(raw.allow)) problems.push('allow: must be a list of allowed flows');
  (Array.isArray(raw.allow) ? raw.allow : []).forEach((a, i) => {
    const where = `allow[${i}]`;
    if (!isObj(a)) return problems.push(`${where}: must be a mapping with from, to and services or ports`);
    unknownKeys(a, ['from', 'to', 'services', 'ports', 'hosts', 'description'], where, problems);
    const from = zoneRef(a.from, `${where}.from`);
    const to = zoneRef(a.to, `${where}.to`);
    if (from && from === to) problems.push(`${where}: from and to are both "${from}"; flows inside a zone are not judged`);
    const ports: PortRange[] = [];
    if (a.services === undefined && a.ports === undefined) problems.push(`${where}: needs services or ports (default deny: a rule without them would allow nothing)`);
    if (a.services !== undefined) {
      if (!Array.isArray(a.services)) problems.push(`${where}.services: must be a list such as [dicom, hl7]`);
      else
        for (const s of a.services) {
          const known = typeof s === 'string' ? SERVICES[s] : undefined;
          if (!known) problems.push(`${where}.services: unknown service ${JSON.stringify(s)} (known: ${Object.keys(SERVICES).join(', ')})`);
          else ports.push(...known);
        }
    }
    if (a.ports !== undefined) ports.push(...parsePorts(a.ports, `${where}.ports`, problems));
    const hosts: Cidr[] = [];
    if (a.hosts !== undefined && !Array.isArray(a.hosts)) problems.push(`${where}.hosts: must be a list of addresses or CIDR blocks`);
    for (const h of Array.isArray(a.hosts) ? a.hosts : []) {
      const c = typeof h === 'string' ? parseCidr(h) : `${JSON.stringify(h)} is not text`;
      if (typeof c === 'string') problems.push(`${where}.hosts: ${c}`);
      else {
        const zone = zones.find((z) => z.name === to);
        if (zone && zone.cidrs.length && !zone.cidrs.some((zc) => zc.family === c.family && zc.first <= c.first && c.last <= zc.last))
          problems.push(`${where}.hosts: ${c.text} is not inside zone "${to}"`);
        hosts.push(c);
      }
    }
    allow.push({ index: i, from, to, ports, hosts, description: typeof a.description === 'string' ? a.description : null });
  });

  const egressTargets: EgressTarget[] = [];
  if (raw.egressTargets !== undefined && !Array.isArray(raw.egressTargets)) problems.push('egressTargets: must be a list');
  (Array.isArray(raw.egressTargets) ? raw.egressTargets : []).forEach((t, i) => {
    const where = `egressTargets[${i}]`;
    if (!isObj(t)) return problems.push(`${where}: must be a mapping with address, ports and label`);
    unknownKeys(t, ['address', 'ports', 'label'], where, problems);
    const c = typeof t.address === 'string' ? parseCidr(t.address) : 'address is missing';
    if (typeof c === 'string' || c.first !== c.last) return problems.push(`${where}: address must be one IP address (${typeof c === 'string' ? c : 'found a block'})`);
    const zone = zoneOfIn(zones, String(t.address));
    if (zone?.purpose !== 'outside') problems.push(`${where}: ${String(t.address)} is in zone "${zone?.name ?? 'none'}", not in an outside zone; egress targets are outside hosts you own (SMTP relay, proxy, canary)`);
    const ports = parsePorts(t.ports ?? [], `${where}.ports`, problems).flatMap((r) => (r.from === r.to ? [r.from] : []));
    egressTargets.push({ address: String(t.address), ports, label: typeof t.label === 'string' ? t.label : null });
  });

  if (problems.length) throw new PolicyError(source, problems);
  return { site: typeof raw.site === 'string' ? raw.site : null, zones, allow, egressTargets };
}

function zoneOfIn(zones: readonly Zone[], address: string): Zone | null {
  return zones.find((z) => z.cidrs.some((c) => cidrContains(c, address))) ?? zones.find((z) => z.purpose === 'outside' && z.cidrs.length === 0) ?? null;
}

/** The zone an address belongs to: the one whose CIDR holds it, else the catch-all outside zone, else null. */
export const zoneOf = (policy: Policy, address: string): Zone | null => zoneOfIn(policy.zones, address);

/** The allow rule that permits from → to on this port/host, if any. */
export function allowedBy(policy: Policy, from: string, to: string, address: string, port: number, protocol: 'tcp' | 'udp' = 'tcp'): AllowRule | null {
  return (
    policy.allow.find(
      (a) =>
        a.from === from &&
        a.to === to &&
        a.ports.some((r) => r.protocol === protocol && r.from <= port && port <= r.to) &&
        (a.hosts.length === 0 || a.hosts.some((h) => cidrContains(h, address))),
    ) ?? null
  );
}
