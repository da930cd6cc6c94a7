/**
 * One scan: hosts in the caller's scope with their open ports, and the findings of the scan. While the scan runs,
 * progress, hosts and findings arrive live over server-sent events (GET /api/scans/{id}/events), and roles that may
 * scan can cancel it. A scan just started from the console is always watched (?watch=1): should it end before the
 * page loads, the stream replays its hosts and findings and the end.
 */
import { useEffect, useState } from 'react';
import { errorText, get, send } from '../api';
import { Link } from '../router';
import { canScan, type Me, type ScanDetail } from '../types';
import { dash, Empty, Loaded, Severity, State, useAsync, when } from '../ui';

interface LiveLine {
  kind: string;
  text: string;
}

export function ScanPage({ id, me, watch }: { id: string; me: Me; watch: boolean }) {
  const state = useAsync(() => get<ScanDetail>(`/api/scans/${encodeURIComponent(id)}`), [id]);
  // once watched, the live log stays on screen after the scan ends (the page above it refreshes)
  const [live, setLive] = useState(watch);
  useEffect(() => {
    if (state.data?.scan.status === 'running') setLive(true);
  }, [state.data]);
  return (
    <section>
      <p className="crumbs">
        <Link to="/scans">Scans</Link> /
      </p>
      <h1>Scan {id}</h1>
      {live && <Live id={id} me={me} onEnd={state.reload} />}
      <Loaded state={state} what="this scan">
        {(d) => (
          <>
            <p>
              <span className={`status status-${d.scan.status}`}>{d.scan.status}</span> · started {when(d.scan.startedAt)} · finished{' '}
              {when(d.scan.finishedAt)} · profile {dash(d.scan.profile)}
              {d.scan.targets && <> · targets {d.scan.targets.join(', ')}</>}
            </p>
            <h2>Hosts</h2>
            {d.hosts.length === 0 ? (
              <Empty>No host of your scope answered in this scan.</Empty>
            ) : (
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">Address</th>
                    <th scope="col">Device</th>
                    <th scope="col">Alive</th>
                    <th scope="col">Open ports</th>
                  </tr>
                </thead>
                <tbody>
                  {d.hosts.map((h) => (
                    <tr key={h.address}>
                      <td>{h.address}</td>
                      <td>{h.assetId ? <Link to={`/assets/${encodeURIComponent(h.assetId)}`}>open asset</Link> : '—'}</td>
                      <td>
                        {h.notProbed ? (
                          <span title={h.notProbed}>not probed (do-not-probe): inventory and SBOMs only</span>
                        ) : h.alive ? (
                          'yes'
                        ) : (
                          'no'
                        )}
                      </td>
                      <td className="small">
                        {h.openPorts.map((p) => `${p.port}/${p.protocol}${p.service ? ` ${p.service}` : ''}`).join(', ') || '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h2>Findings of this scan</h2>
            {d.findings.length === 0 ? (
              <Empty>This scan found nothing on the hosts of your scope.</Empty>
            ) : (
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">Severity</th>
                    <th scope="col">Finding</th>
                    <th scope="col">Host</th>
                    <th scope="col" className="num">
                      Port
                    </th>
                    <th scope="col">State now</th>
                  </tr>
                </thead>
                <tbody>
                  {d.findings.map((f) => (
                    <tr key={`${f.key}/${f.address}`}>
                      <td>
                        <Severity value={f.severity} />
                      </td>
                      <td>
                        <Link to={`/findings/${f.key}`}>{f.title}</Link>
                      </td>
                      <td>{f.address}</td>
                      <td className="num">{dash(f.port)}</td>
                      <td>
                        <State value={f.state} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

interface Progress {
  hostsTotal: number;
  hostsDone: number;
  alive: number;
  openPorts: number;
}
interface HostEvent {
  address: string;
  alive: boolean;
  notProbed: string | null;
  openPorts: number[];
}
interface FindingEvent {
  address: string;
  port: number | null;
  severity: string;
  title: string;
}
interface EndEvent {
  status: string;
  message: string | null;
  hostsScanned: number | null;
}

/** One line of the live log for an event of the scan (shapes: src/api/scan-runner.ts). */
function describe(kind: string, data: unknown): string {
  if (!data || typeof data !== 'object') return String(data ?? '');
  if (kind === 'host') {
    const h = data as HostEvent;
    if (h.notProbed) return `${h.address}: not probed (${h.notProbed}), judged on its inventory facts and SBOMs only`;
    return `${h.address}: ${h.alive ? `alive, open ports ${h.openPorts.join(', ') || 'none'}` : 'no answer'}`;
  }
  if (kind === 'finding') {
    const f = data as FindingEvent;
    return `${f.severity} — ${f.title} on ${f.address}${f.port === null ? '' : `:${f.port}`}`;
  }
  if (kind === 'progress') {
    const p = data as Progress;
    return `${p.hostsDone} of ${p.hostsTotal} hosts, ${p.alive} alive, ${p.openPorts} open ports`;
  }
  const e = data as EndEvent;
  return [e.status, e.message, e.hostsScanned === null ? null : `${e.hostsScanned} hosts scanned`].filter(Boolean).join(' — ');
}

function Live({ id, me, onEnd }: { id: string; me: Me; onEnd: () => void }) {
  const [lines, setLines] = useState<LiveLine[]>([]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [status, setStatus] = useState('connecting');
  const [cancelError, setCancelError] = useState<string | null>(null);

  useEffect(() => {
    const es = new EventSource(`/api/scans/${encodeURIComponent(id)}/events`);
    const add = (kind: string) => (ev: Event) => {
      let data: unknown = null;
      try {
        data = JSON.parse((ev as MessageEvent<string>).data);
      } catch {
        data = (ev as MessageEvent<string>).data;
      }
      // progress arrives often: it moves the bar, and only the other events go to the log
      if (kind === 'progress' && data && typeof data === 'object') setProgress(data as Progress);
      else setLines((l) => [...l.slice(-199), { kind, text: describe(kind, data) }]);
      if (kind === 'done' || kind === 'cancelled' || kind === 'error') {
        setStatus(kind);
        es.close();
        onEnd();
      }
    };
    es.onopen = () => setStatus('live');
    for (const k of ['progress', 'host', 'finding', 'done', 'cancelled']) es.addEventListener(k, add(k));
    // 'error' is both the server's event and the browser's connection error; only a MessageEvent is the server's.
    es.addEventListener('error', (ev) => {
      if (ev instanceof MessageEvent) add('error')(ev);
      else if (es.readyState === EventSource.CLOSED) setStatus('disconnected');
      else setStatus('reconnecting');
    });
    return () => es.close();
  }, [id, onEnd]);

  const cancel = async () => {
    setCancelError(null);
    try {
      await send('POST', `/api/scans/${encodeURIComponent(id)}/cancel`);
    } catch (e) {
      setCancelError(errorText(e));
    }
  };

  return (
    <div className="panel live" aria-live="polite">
      <p>
        <strong>Live:</strong> {status}
        {progress && (
          <>
            {' '}
            · <progress max={progress.hostsTotal} value={progress.hostsDone} /> {describe('progress', progress)}
          </>
        )}
        {canScan(me.role) && (status === 'live' || status === 'connecting' || status === 'reconnecting') && (
          <button type="button" className="danger" onClick={() => void cancel()}>
            Cancel scan
          </button>
        )}
      </p>
      {cancelError && (
        <p className="error" role="alert">
          {cancelError}
        </p>
      )}
      <ol className="events">
        {lines.map((l, i) => (
          <li key={i}>
            <span className="kind">{l.kind}</span> {l.text}
          </li>
        ))}
      </ol>
    </div>
  );
}
