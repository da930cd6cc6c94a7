/**
 * Integration suites need root and network namespaces. On a developer laptop without them the suites skip, and
 * say so; under CI (CI=true) a missing capability is a failure, so a green run always means the peers ran.
 */
import { execFileSync } from 'node:child_process';
import { canBuildNetns } from './netns.js';

export function netnsAvailable(): boolean {
  const ok = canBuildNetns();
  if (!ok && process.env.CI) throw new Error('CI=true but network namespaces are unavailable (need root, iproute2, iptables)');
  return ok;
}

/** True when every command exists; under CI a missing one fails the suite instead of skipping it. */
export function commandsAvailable(...cmds: string[]): boolean {
  const missing = cmds.filter((c) => {
    try {
      execFileSync('sh', ['-c', `command -v "$0"`, c], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length && process.env.CI) throw new Error(`CI=true but missing commands: ${missing.join(', ')}`);
  return missing.length === 0;
}
