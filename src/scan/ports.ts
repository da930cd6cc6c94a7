/** Port selection: a named profile (imaging, top1000, all) or a -p list such as `22,80,100-200`. */
import { UsageError } from '../core/errors.js';
import { portProfiles } from '../data/index.js';

export function parsePortList(text: string): number[] {
  const ports = new Set<number>();
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new UsageError(`port list: "${part}" is not a port or a range like 100-200`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b > 65535 || b < a) throw new UsageError(`port list: "${part}" must lie within 1–65535, low to high`);
    for (let p = a; p <= b; p++) ports.add(p);
  }
  if (ports.size === 0) throw new UsageError('port list is empty');
  return [...ports].sort((x, y) => x - y);
}

export function selectPorts(opts: { profile?: string; ports?: string; extra?: readonly number[] }): { name: string; ports: number[] } {
  if (opts.ports) return { name: 'custom', ports: mergePorts(parsePortList(opts.ports), opts.extra) };
  const profiles = portProfiles();
  const name = opts.profile ?? 'imaging';
  const p = profiles[name];
  if (!p) throw new UsageError(`unknown port profile "${name}" (known: ${Object.keys(profiles).join(', ')})`);
  return { name, ports: mergePorts([...p.ports], opts.extra) };
}

const mergePorts = (a: number[], extra: readonly number[] = []) => [...new Set([...a, ...extra])].sort((x, y) => x - y);

/** Sweep order: the imaging profile's ports first (they answer most often and seed RTT estimates), then the rest. */
export function sweepOrder(ports: readonly number[]): number[] {
  const first = new Set(portProfiles().imaging?.ports ?? []);
  return [...ports.filter((p) => first.has(p)), ...ports.filter((p) => !first.has(p))];
}
