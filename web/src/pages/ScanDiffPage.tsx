/** What changed between two scans (GET /api/scans/{id}/diff/{other}), limited to the caller's hosts. */
import { get } from '../api';
import { Link } from '../router';
import type { FindingRef, PortRef, ScanDiff } from '../types';
import { Loaded, Severity, useAsync, when } from '../ui';

export function ScanDiffPage({ from, to }: { from: string | null; to: string | null }) {
  const state = useAsync(
    () =>
      from && to
        ? get<ScanDiff>(`/api/scans/${encodeURIComponent(from)}/diff/${encodeURIComponent(to)}`)
        : Promise.reject(new Error('Choose two scans to compare on the Scans page.')),
    [from, to],
  );
  return (
    <section>
      <p className="crumbs">
        <Link to="/scans">Scans</Link> /
      </p>
      <h1>Differences between two scans</h1>
      <Loaded state={state} what="the comparison">
        {(d) => (
          <>
            <p>
              From <Link to={`/scans/${d.from.id}`}>{d.from.id}</Link> ({when(d.from.startedAt)}) to{' '}
              <Link to={`/scans/${d.to.id}`}>{d.to.id}</Link> ({when(d.to.startedAt)})
            </p>
            {d.caveats.length > 0 && (
              <div className="warn">
                <strong>Read with care:</strong>
                <ul>
                  {d.caveats.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
              </div>
            )}
            <div className="cols">
              <div>
                <h2>Hosts</h2>
                <List title="New hosts" items={d.hosts.new} />
                <List title="Hosts gone" items={d.hosts.gone} />
                {d.hosts.notRescanned.length > 0 && (
                  <List title="Not compared: the second scan did not target them" items={d.hosts.notRescanned} />
                )}
                {d.hosts.notPreviouslyScanned.length > 0 && (
                  <List title="Not compared: the first scan did not target them" items={d.hosts.notPreviouslyScanned} />
                )}
              </div>
              <div>
                <h2>Ports</h2>
                <List title="Opened" items={d.ports.opened.map(port)} />
                <List title="Closed" items={d.ports.closed.map(port)} />
                <List title="Service changed" items={d.ports.changed.map((p) => `${port(p)}: ${p.before ?? '?'} → ${p.after ?? '?'}`)} />
              </div>
            </div>
            <h2>Findings</h2>
            <Findings title="New findings" items={d.findings.new} />
            <Findings title="Findings gone" items={d.findings.gone} />
          </>
        )}
      </Loaded>
    </section>
  );
}

const port = (p: PortRef) => `${p.address} ${p.port}/${p.protocol}${p.service ? ` ${p.service}` : ''}`;

function List({ title, items }: { title: string; items: string[] }) {
  return (
    <>
      <h3>
        {title} ({items.length})
      </h3>
      {items.length === 0 ? (
        <p className="muted small">none</p>
      ) : (
        <ul className="plain">
          {items.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function Findings({ title, items }: { title: string; items: FindingRef[] }) {
  return (
    <>
      <h3>
        {title} ({items.length})
      </h3>
      {items.length === 0 ? (
        <p className="muted small">none</p>
      ) : (
        <table className="grid">
          <tbody>
            {items.map((f) => (
              <tr key={`${f.key}/${f.address}`}>
                <td>
                  <Severity value={f.severity} />
                </td>
                <td>
                  <Link to={`/findings/${f.key}`}>{f.title}</Link>
                </td>
                <td>
                  {f.address}
                  {f.port === null ? '' : `:${f.port}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
