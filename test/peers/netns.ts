/**
 * Builds isolated multi-host test networks from Linux network namespaces: one bridge `rgbr<N>` in the root
 * namespace holding 10.77.<N>.1/24 (the scanner's side), one namespace per host at 10.77.<N>.<11+i>. Nothing here
 * can route out: host namespaces have no default route, and the root namespace gets `unreachable 10.77.0.0/16`
 * so a typo'd test address dies locally. Needs root and iproute2/iptables (installed by scripts/install-peers.sh).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

export interface TestHostSpec {
  readonly name: string; // short: becomes part of the namespace name
  readonly dropIcmp?: boolean; // iptables DROP for ICMP: a ping-silent device
  readonly dropTcpPorts?: readonly number[]; // silently dropped ports ('filtered')
  readonly dropAllTcpExcept?: readonly number[]; // a firewalled device: only these ports answer at all
}

export interface TestHost {
  readonly name: string;
  readonly ns: string;
  readonly address: string;
  /** Runs a command inside the host's namespace and returns stdout. */
  exec(cmd: string, args: readonly string[]): string;
  /** Starts a long-running daemon inside the namespace; it is killed by `close()`. */
  spawn(cmd: string, args: readonly string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): ChildProcess;
}

export interface TestNet {
  readonly subnet: number;
  readonly gateway: string; // the scanner's address on the bridge
  readonly hosts: readonly TestHost[];
  host(name: string): TestHost;
  close(): void;
}

const run = (cmd: string, args: readonly string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const tryRun = (cmd: string, args: readonly string[]): void => {
  try {
    run(cmd, args);
  } catch {
    /* idempotent clean-up: absence is fine */
  }
};

export const canBuildNetns = (): boolean => {
  if (process.getuid?.() !== 0) return false;
  try {
    run('ip', ['-V']);
    run('iptables', ['--version']);
    return true;
  } catch {
    return false;
  }
};

/** Adds the root-namespace safety route once; harmless if present. */
export function ensureIsolationRoute(): void {
  const routes = run('ip', ['route', 'show', 'table', 'main']);
  if (!/unreachable 10\.77\.0\.0\/16/.test(routes)) run('ip', ['route', 'add', 'unreachable', '10.77.0.0/16']);
}

export function createTestNet(subnet: number, specs: readonly TestHostSpec[]): TestNet {
  if (subnet < 1 || subnet > 254) throw new Error('subnet must be 1..254');
  ensureIsolationRoute();
  const bridge = `rgbr${subnet}`;
  const gateway = `10.77.${subnet}.1`;
  const children: ChildProcess[] = [];
  const nsNames = specs.map((_, i) => `rg${subnet}-${i}`);

  const teardown = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    for (const ns of nsNames) {
      tryRun('ip', ['netns', 'pids', ns]);
      try {
        for (const pid of run('ip', ['netns', 'pids', ns]).split(/\s+/).filter(Boolean)) tryRun('kill', ['-9', pid]);
      } catch {
        /* namespace absent */
      }
      tryRun('ip', ['netns', 'del', ns]);
      rmSync(`/etc/netns/${ns}`, { recursive: true, force: true });
    }
    tryRun('ip', ['link', 'del', bridge]);
  };
  teardown(); // idempotent set-up: remove leftovers of an earlier, killed run

  run('ip', ['link', 'add', bridge, 'type', 'bridge']);
  run('ip', ['addr', 'add', `${gateway}/24`, 'dev', bridge]);
  run('ip', ['link', 'set', bridge, 'up']);

  const hosts = specs.map((spec, i): TestHost => {
    const ns = nsNames[i]!;
    const address = `10.77.${subnet}.${11 + i}`;
    const veth = `rgv${subnet}x${i}`;
    mkdirSync(`/etc/netns/${ns}`, { recursive: true });
    writeFileSync(`/etc/netns/${ns}/hosts`, `127.0.0.1 localhost\n${address} ${spec.name}\n`);
    writeFileSync(`/etc/netns/${ns}/resolv.conf`, 'nameserver 127.0.0.1\n');
    run('ip', ['netns', 'add', ns]);
    run('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    run('ip', ['link', 'set', veth, 'master', bridge]);
    run('ip', ['link', 'set', veth, 'up']);
    const inNs = (cmd: string, args: readonly string[]) => run('ip', ['netns', 'exec', ns, cmd, ...args]);
    inNs('ip', ['addr', 'add', `${address}/24`, 'dev', 'eth0']);
    inNs('ip', ['link', 'set', 'eth0', 'up']);
    inNs('ip', ['link', 'set', 'lo', 'up']);
    if (spec.dropIcmp) inNs('iptables', ['-A', 'INPUT', '-p', 'icmp', '-j', 'DROP']);
    for (const p of spec.dropTcpPorts ?? []) inNs('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', String(p), '-j', 'DROP']);
    if (spec.dropAllTcpExcept) {
      for (const p of spec.dropAllTcpExcept)
        inNs('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', String(p), '-j', 'ACCEPT']);
      inNs('iptables', ['-A', 'INPUT', '-p', 'tcp', '-j', 'DROP']);
    }
    return {
      name: spec.name,
      ns,
      address,
      exec: inNs,
      spawn(cmd, args, opts) {
        const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], {
          cwd: opts?.cwd,
          env: opts?.env ?? process.env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout?.resume();
        child.stderr?.resume();
        children.push(child);
        return child;
      },
    };
  });

  return {
    subnet,
    gateway,
    hosts,
    host(name) {
      const h = hosts.find((x) => x.name === name);
      if (!h) throw new Error(`no test host named ${name}`);
      return h;
    },
    close: teardown,
  };
}

/** Waits until a TCP port accepts connections (from the root namespace), or throws. */
export const waitForPort = (host: string, port: number, timeoutMs = 10_000): Promise<void> => waitFor(host, port, timeoutMs, 'connect');

/**
 * Until a server-first daemon has sent its first bytes: an open port is not enough under load, where Xvnc's first
 * banner came after the probe's 2 s wait and the test flaked.
 */
export const waitForBanner = (host: string, port: number, timeoutMs = 15_000): Promise<void> => waitFor(host, port, timeoutMs, 'data');

async function waitFor(host: string, port: number, timeoutMs: number, event: 'connect' | 'data'): Promise<void> {
  const { Socket } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      const t = setTimeout(() => (s.destroy(), resolve(false)), event === 'connect' ? 500 : Math.max(1, deadline - Date.now()));
      s.once(event, () => (clearTimeout(t), s.destroy(), resolve(true)));
      s.once('error', () => (clearTimeout(t), resolve(false)));
      s.once('close', () => (clearTimeout(t), resolve(false)));
      s.connect(port, host);
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${host}:${port} ${event === 'connect' ? 'did not open' : 'sent no banner'} within ${timeoutMs} ms`);
}
