/**
 * A routed, multi-zone test network, entirely inside network namespaces: one router namespace holding a bridge per
 * zone (10.77.<subnet>.1/24 on the bridge) and forwarding between them under the test's iptables FORWARD rules
 * (default DROP, established flows allowed back), and one namespace per host with its default route via the router.
 * Nothing is attached to the root namespace, so no packet can leave the test network. Needs root, iproute2,
 * iptables. Used to prove segmentation: what a scan from a host in one zone can reach in another.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { TestHost } from './netns.js';

export interface RoutedZoneSpec {
  readonly name: string;
  readonly subnet: number; // 10.77.<subnet>.0/24
  readonly hosts: readonly string[]; // host names; addresses 10.77.<subnet>.11, .12, …
}

export interface RoutedNet {
  readonly router: string; // namespace name
  readonly hosts: readonly TestHost[];
  host(name: string): TestHost;
  /** Runs iptables in the router namespace (e.g. to add or delete a FORWARD rule mid-test). */
  iptables(args: readonly string[]): void;
  close(): void;
}

const run = (cmd: string, args: readonly string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const tryRun = (cmd: string, args: readonly string[]): void => {
  try {
    run(cmd, args);
  } catch {
    /* idempotent clean-up: absence is fine */
  }
};

/** `forward` rules are iptables argument lists appended to the router's FORWARD chain, e.g. ['-s', '…', '-j', 'ACCEPT']. */
export function createRoutedNet(zones: readonly RoutedZoneSpec[], forward: readonly (readonly string[])[]): RoutedNet {
  const first = zones[0]?.subnet ?? 0;
  for (const z of zones) if (z.subnet < 1 || z.subnet > 254) throw new Error('subnet must be 1..254');
  const router = `rgr${first}`;
  const hostNs = zones.flatMap((z) => z.hosts.map((_, i) => `rg${z.subnet}-${i}`));
  const children: ChildProcess[] = [];

  const teardown = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    for (const ns of [...hostNs, router]) {
      try {
        for (const pid of run('ip', ['netns', 'pids', ns]).split(/\s+/).filter(Boolean)) tryRun('kill', ['-9', pid]);
      } catch {
        /* namespace absent */
      }
      tryRun('ip', ['netns', 'del', ns]);
      rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
    }
  };
  teardown();

  const inNs = (ns: string) => (cmd: string, args: readonly string[]) => run('ip', ['netns', 'exec', ns, cmd, ...args]);
  const r = inNs(router);
  run('ip', ['netns', 'add', router]);
  r('ip', ['link', 'set', 'lo', 'up']);
  r('sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1']);
  r('iptables', ['-P', 'FORWARD', 'DROP']);
  r('iptables', ['-A', 'FORWARD', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT']);
  for (const rule of forward) r('iptables', ['-A', 'FORWARD', ...rule]);

  const hosts: TestHost[] = [];
  for (const z of zones) {
    const bridge = `zbr${z.subnet}`;
    r('ip', ['link', 'add', bridge, 'type', 'bridge']);
    r('ip', ['addr', 'add', `10.77.${z.subnet}.1/24`, 'dev', bridge]);
    r('ip', ['link', 'set', bridge, 'up']);
    z.hosts.forEach((name, i) => {
      const ns = `rg${z.subnet}-${i}`;
      const address = `10.77.${z.subnet}.${11 + i}`;
      const veth = `rv${z.subnet}x${i}`;
      mkdirSync(`/etc/netns/${ns}`, { recursive: true });
      writeFileSync(`/etc/netns/${ns}/hosts`, `127.0.0.1 localhost\n${address} ${name}\n`);
      writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'nameserver 127.0.0.1\n');
      run('ip', ['netns', 'add', ns]);
      run('ip', ['link', 'add', veth, 'netns', router, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      r('ip', ['link', 'set', veth, 'master', bridge]);
      r('ip', ['link', 'set', veth, 'up']);
      const h = inNs(ns);
      h('ip', ['addr', 'add', `${address}/24`, 'dev', 'eth0']);
      h('ip', ['link', 'set', 'eth0', 'up']);
      h('ip', ['link', 'set', 'lo', 'up']);
      h('ip', ['route', 'add', 'default', 'via', `10.77.${z.subnet}.1`]);
      hosts.push({
        name,
        ns,
        address,
        exec: h,
        spawn(cmd, args, opts) {
          const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { cwd: opts?.cwd, env: opts?.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
          child.stdout?.resume();
          child.stderr?.resume();
          children.push(child);
          return child;
        },
      });
    });
  }

  return {
    router,
    hosts,
    host(name) {
      const h = hosts.find((x) => x.name === name);
      if (!h) throw new Error(`no test host named ${name}`);
      return h;
    },
    iptables: (args) => void r('iptables', args),
    close: teardown,
  };
}
