/**
 * Findings in the caller's scope, filtered, sorted and paged by the server (GET /api/findings); pages follow the
 * server's cursor (components/CursorPager.tsx), so the millionth finding is as quick to reach as the fiftieth.
 */
import { CursorPager, useCursorList } from '../components/CursorPager';
import { Link, setQuery } from '../router';
import { FINDING_STATES, SEVERITIES, type FindingSummary } from '../types';
import { dash, day, Empty, ErrorBox, Severity, State, useSearchQuery } from '../ui';

export function FindingsPage({ query }: { query: URLSearchParams }) {
  const [text, setText] = useSearchQuery(query);
  const params = {
    q: query.get('q'),
    state: query.get('state'),
    severity: query.get('severity'),
    host: query.get('host'),
    sort: query.get('sort') ?? 'severity',
    order: query.get('order') ?? 'asc',
  };
  const { pages, limit, state } = useCursorList<FindingSummary>('/api/findings', query, params);
  const select = (key: string, label: string, values: readonly string[]) => (
    <label className="inline">
      {label}
      <select value={query.get(key) ?? ''} onChange={(e) => setQuery({ [key]: e.target.value })}>
        <option value="">any</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v.replace(/-/g, ' ')}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section>
      <h1>Findings</h1>
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="inline">
          Search
          <input type="search" placeholder="title, rule, CVE…" value={text} onChange={(e) => setText(e.target.value)} size={28} />
        </label>
        {select('severity', 'Severity', SEVERITIES)}
        {select('state', 'State', FINDING_STATES)}
        <label className="inline">
          Host
          <input
            key={query.get('host') ?? ''}
            defaultValue={query.get('host') ?? ''}
            placeholder="address"
            onBlur={(e) => setQuery({ host: e.target.value.trim() })}
            onKeyDown={(e) => e.key === 'Enter' && setQuery({ host: e.currentTarget.value.trim() })}
            size={14}
          />
        </label>
        <label className="inline">
          Sort
          <select
            value={`${params.sort} ${params.order}`}
            onChange={(e) => {
              const [sort, order] = e.target.value.split(' ');
              setQuery({ sort: sort ?? null, order: order ?? null });
            }}
          >
            <option value="severity asc">most severe first</option>
            <option value="lastSeen desc">last seen, newest first</option>
            <option value="firstSeen asc">first seen, oldest first</option>
            <option value="host asc">host</option>
          </select>
        </label>
      </form>
      {state.error ? (
        <ErrorBox error={state.error} what="the findings" />
      ) : !state.data ? (
        <p className="muted">Loading findings…</p>
      ) : state.data.total === 0 ? (
        <Empty>
          {[...query.keys()].some((k) => !['sort', 'order', 'limit'].includes(k))
            ? 'No finding matches these filters.'
            : 'No findings yet. Findings appear after a scan.'}
        </Empty>
      ) : (
        <>
          <table className="grid" aria-busy={state.loading}>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Finding</th>
                <th scope="col">Host</th>
                <th scope="col" className="num">
                  Port
                </th>
                <th scope="col">State</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {state.data.items.map((f) => (
                <tr key={f.key}>
                  <td>
                    <Severity value={f.severity} />
                  </td>
                  <td>
                    <Link to={`/findings/${f.key}`}>{f.cve ? `${f.cve}: ${f.title}` : f.title}</Link>
                    <div className="muted small">{f.ruleId}</div>
                  </td>
                  <td>
                    <Link to={`/assets/${encodeURIComponent(f.subject)}`}>{f.host}</Link>
                  </td>
                  <td className="num">{dash(f.port)}</td>
                  <td>
                    <State value={f.state} />
                  </td>
                  <td>{day(f.firstSeen)}</td>
                  <td>{day(f.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <CursorPager pages={pages} page={state.data} limit={limit} loading={state.loading} />
        </>
      )}
    </section>
  );
}
