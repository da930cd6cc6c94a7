/**
 * Findings in the caller's scope, filtered, sorted and paged by the server (GET /api/findings); pages follow the
 * server's cursor (components/CursorPager.tsx), so the millionth finding is as quick to reach as the fiftieth.
 */
import { useCursorList } from '../components/CursorPager';
import { CursorListTable, type ListTable } from '../components/CursorListTable';
import { FilterBar, SelectFilter, TextFilter } from '../components/FilterBar';
import { Link, setQuery } from '../router';
import { FINDING_STATES, SEVERITIES, type FindingSummary } from '../types';
import { dash, day, findingLabel, hostLabel, Severity, State } from '../ui';

const TABLE: ListTable<FindingSummary> = {
  what: 'findings',
  noMatch: 'No finding matches these filters.',
  none: 'No findings yet. Findings appear after a scan.',
  columns: [
    { label: 'Severity', cell: (f) => <Severity value={f.severity} /> },
    {
      label: 'Finding',
      cell: (f) => (
        <>
          <Link to={`/findings/${f.key}`}>{findingLabel(f)}</Link>
          <div className="muted small">{f.ruleId}</div>
        </>
      ),
    },
    { label: 'Host', cell: (f) => <Link to={`/assets/${encodeURIComponent(f.subject)}`}>{hostLabel(f)}</Link> },
    { label: 'Port', className: 'num', cell: (f) => dash(f.port) },
    { label: 'State', cell: (f) => <State value={f.state} /> },
    { label: 'First seen', cell: (f) => day(f.firstSeen) },
    { label: 'Last seen', cell: (f) => day(f.lastSeen) },
  ],
  rowKey: (f) => f.key,
};

const words = (v: string) => v.replace(/-/g, ' ');

export function FindingsPage({ query }: { query: URLSearchParams }) {
  const params = {
    q: query.get('q'),
    state: query.get('state'),
    severity: query.get('severity'),
    host: query.get('host'),
    sort: query.get('sort') ?? 'severity',
    order: query.get('order') ?? 'asc',
  };
  const list = useCursorList<FindingSummary>('/api/findings', query, params);

  return (
    <section>
      <h1>Findings</h1>
      <FilterBar query={query} search={{ placeholder: 'title, rule, CVE…', size: 28 }}>
        <SelectFilter query={query} name="severity" label="Severity" values={SEVERITIES} show={words} />
        <SelectFilter query={query} name="state" label="State" values={FINDING_STATES} show={words} />
        <TextFilter query={query} name="host" label="Host" size={14} placeholder="address" />
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
      </FilterBar>
      <CursorListTable list={list} query={query} sorted={params} table={TABLE} />
    </section>
  );
}
