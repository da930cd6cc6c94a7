/**
 * Scans: the list (newest first, only scans that touched the caller's devices), starting a scan for roles that may
 * (targets, profile and ports; the server asks for explicit confirmation of large or public ranges), and picking two
 * scans to compare.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, errorText, get, send } from '../api';
import { Link, navigate } from '../router';
import { canScan, type Me, type ScanSummary } from '../types';
import { dash, Empty, Loaded, useAsync, when } from '../ui';

export function ScansPage({ me }: { me: Me }) {
  const scans = useAsync(() => get<{ items: ScanSummary[] }>('/api/scans'), []);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  return (
    <section>
      <h1>Scans</h1>
      {canScan(me.role) && <StartScan />}
      <Loaded state={scans} what="the scans">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No scans yet{canScan(me.role) ? ': start one above, or run radguard scan on the scanner host.' : '.'}</Empty>
          ) : (
            <>
              <form
                className="toolbar"
                aria-label="Compare two scans"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (from && to) navigate(`/scans/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
                }}
              >
                <label className="inline">
                  Compare
                  <select value={from} onChange={(e) => setFrom(e.target.value)} required aria-label="Older scan">
                    <option value="">older scan…</option>
                    {items.map((s) => (
                      <option key={s.id} value={s.id}>
                        {when(s.startedAt)} ({s.id})
                      </option>
                    ))}
                  </select>
                </label>
                <label className="inline">
                  with
                  <select value={to} onChange={(e) => setTo(e.target.value)} required aria-label="Newer scan">
                    <option value="">newer scan…</option>
                    {items.map((s) => (
                      <option key={s.id} value={s.id}>
                        {when(s.startedAt)} ({s.id})
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit" disabled={!from || !to || from === to}>
                  Show differences
                </button>
              </form>
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Scan</th>
                    <th scope="col">Status</th>
                    <th scope="col">Finished</th>
                    <th scope="col">Profile</th>
                    <th scope="col">Source</th>
                    <th scope="col">Targets</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((s) => (
                    <tr key={s.id}>
                      <td className="t">{when(s.startedAt)}</td>
                      <td>
                        <Link to={`/scans/${encodeURIComponent(s.id)}`}>{s.id}</Link>
                      </td>
                      <td>
                        <span className={`status status-${s.status}`}>{s.status}</span>
                      </td>
                      <td className="t">{when(s.finishedAt)}</td>
                      <td>{dash(s.profile)}</td>
                      <td>{s.source}</td>
                      <td className="small">
                        {s.targets ? s.targets.join(', ') : <span className="muted">not shown for your account</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function StartScan() {
  const [targets, setTargets] = useState('');
  const [profile, setProfile] = useState('');
  const [ports, setPorts] = useState('');
  const [confirm, setConfirm] = useState<{ large: boolean; public: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = targets.split(/[\s,]+/).filter(Boolean);
    if (list.length === 0) return setError('Enter at least one target: an address, a range (10.1.2.10-20) or a CIDR block.');
    setBusy(true);
    setError(null);
    try {
      const r = await send<{ id: string }>('POST', '/api/scans', {
        targets: list,
        ...(profile ? { profile } : {}),
        ...(ports.trim() ? { ports: ports.trim() } : {}),
        ...(confirm?.large ? { confirmLarge: true } : {}),
        ...(confirm?.public ? { confirmPublic: true } : {}),
      });
      if (r) navigate(`/scans/${encodeURIComponent(r.id)}?watch=1`);
    } catch (err) {
      // The server names what needs confirming; offer the matching checkbox.
      const msg = errorText(err);
      if (err instanceof ApiError && /large|public/i.test(msg) && (err.status === 400 || err.status === 409 || err.status === 422))
        setConfirm({ large: (confirm?.large ?? false) || /large/i.test(msg), public: (confirm?.public ?? false) || /public/i.test(msg) });
      setError(msg);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="panel">
      <summary>Start a scan</summary>
      <form onSubmit={(e) => void submit(e)} aria-label="Start a scan">
        <label>
          Targets{' '}
          <span className="muted small">
            (addresses, ranges or CIDR blocks, separated by spaces or commas; the do-not-probe list always applies)
          </span>
          <input name="targets" value={targets} onChange={(e) => setTargets(e.target.value)} placeholder="10.20.30.0/24" required />
        </label>
        <label className="inline">
          Profile
          <select value={profile} onChange={(e) => setProfile(e.target.value)}>
            <option value="">imaging ports (default)</option>
            <option value="top1000">top 1000 ports</option>
            <option value="all">all ports</option>
          </select>
        </label>
        <label className="inline">
          Ports <span className="muted small">(optional)</span>
          <input name="ports" value={ports} onChange={(e) => setPorts(e.target.value)} placeholder="e.g. 104,11112,1-1024" size={20} />
        </label>
        {confirm?.large && (
          <label className="check">
            <input type="checkbox" checked onChange={() => setConfirm({ ...confirm, large: false })} /> I confirm scanning this large range
          </label>
        )}
        {confirm?.public && (
          <label className="check">
            <input type="checkbox" checked onChange={() => setConfirm({ ...confirm, public: false })} /> I confirm scanning public addresses
          </label>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start scan'}
        </button>
      </form>
    </details>
  );
}
