/** A one-line progress bar on stderr (hosts, ports, rate, ETA), drawn only on a terminal so logs stay clean. */
import type { ScanProgress } from '../scan/run.js';

export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, enabled: boolean) {
  let last = '';
  const draw = (p: ScanProgress) => {
    if (!enabled) return;
    const frac = p.portsTotal ? Math.min(1, p.portsChecked / p.portsTotal) : 0;
    const width = 24;
    const filled = Math.round(frac * width);
    const rate = p.elapsedMs > 0 ? (p.portsChecked * 1000) / p.elapsedMs : 0;
    const eta = rate > 0 ? (p.portsTotal - p.portsChecked) / rate : NaN;
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%` +
      ` hosts ${p.hostsDone}/${p.hostsTotal} up ${p.alive} open ${p.openPorts}` +
      ` ${formatRate(rate)} ports/s ETA ${Number.isFinite(eta) ? formatDuration(eta) : '--:--'}`;
    if (line !== last) stream.write(`\r${line.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
    last = line;
  };
  return {
    update: draw,
    done: () => {
      if (enabled && last) stream.write('\r\x1b[K');
    },
  };
}

/** A one-line "n/total what — current" bar on stderr, for work counted in files or steps; terminal only. */
export function stepBar(stream: NodeJS.WritableStream & { columns?: number }, enabled: boolean, what: string) {
  const started = Date.now();
  let shown = false;
  return {
    update: (p: { done: number; total: number; current: string }) => {
      if (!enabled) return;
      const width = 24;
      const filled = p.total ? Math.round((p.done / p.total) * width) : 0;
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${what} ${formatDuration((Date.now() - started) / 1000)}  ${p.current}`;
      stream.write(`\r${line.slice(0, (stream.columns ?? 120) - 1)}\x1b[K`);
      shown = true;
    },
    done: () => {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

const formatRate = (r: number) => (r >= 1000 ? `${(r / 1000).toFixed(1)}k` : r.toFixed(0));
export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
