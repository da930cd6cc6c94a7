/**
 * Is the process that started a scan still running it? A scan row left 'running' by a killed process (even
 * SIGKILL, which runs no handler) must read as 'incomplete'. A pid alone can be reused, so we also compare the
 * process start time from /proc where it exists.
 */
import { readFileSync } from 'node:fs';

export function processStartMarker(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime) counts from after the parenthesised command name, which may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

export function isRunning(pid: number | null, marker: string | null): boolean {
  if (pid === null) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = processStartMarker(pid);
  return marker === null || now === null || now === marker;
}
