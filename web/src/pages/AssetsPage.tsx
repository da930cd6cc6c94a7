/**
 * The device inventory, searched, filtered, sorted and paged by the server (GET /api/assets), so it stays quick
 * with 100,000 devices: pages follow the server's cursor (components/CursorPager.tsx). The filters live in the
 * address bar: a filtered view can be bookmarked or shared.
 */
import { CursorPager, useCursorList } from '../components/CursorPager';
import { Link, setQuery } from '../router';
import type { AssetSummary } from '../types';
import { dash, day, Empty, ErrorBox, useSearchQuery } from '../ui';

const COLUMNS: [key: string, label: string, sort: string | null][] = [
  ['name', 'Name', 'name'],
  ['addresses', 'Address', null],
  ['manufacturer', 'Manufacturer', 'manufacturer'],
  ['model', 'Model', null],
  ['site', 'Site', 'site'],
  ['zone', 'Zone', null],
  ['role', 'Role', null],
  ['criticality', 'Criticality', 'criticality'],
  ['endOfSupport', 'End of support', null],
];

export function AssetsPage({ query }: { query: URLSearchParams }) {
  const [text, setText] = useSearchQuery(query);
  const params = {
    q: query.get('q'),
    site: query.get('site'),
    manufacturer: query.get('manufacturer'),
    criticality: query.get('criticality'),
    role: query.get('role'),
    sort: query.get('sort') ?? 'name',
    order: query.get('order') ?? 'asc',
  };
  const { pages, limit, state } = useCursorList<AssetSummary>('/api/assets', query, params);

  const sortBy = (col: string) => setQuery({ sort: col, order: params.sort === col && params.order === 'asc' ? 'desc' : 'asc' });
  const filter = (key: string, label: string) => (
    <label className="inline">
      {label}
      <input
        key={query.get(key) ?? ''}
        defaultValue={query.get(key) ?? ''}
        onBlur={(e) => setQuery({ [key]: e.target.value.trim() })}
        onKeyDown={(e) => e.key === 'Enter' && setQuery({ [key]: e.currentTarget.value.trim() })}
        size={12}
      />
    </label>
  );

  return (
    <section>
      <h1>Assets</h1>
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="inline">
          Search
          <input
            type="search"
            placeholder="name, model, address, MAC, AE title…"
            value={text}
            onChange={(e) => setText(e.target.value)}
            size={32}
            aria-describedby="search-help"
          />
        </label>
        {filter('site', 'Site')}
        {filter('manufacturer', 'Manufacturer')}
        <label className="inline">
          Criticality
          <select value={query.get('criticality') ?? ''} onChange={(e) => setQuery({ criticality: e.target.value })}>
            <option value="">any</option>
            {['life-critical', 'high', 'medium', 'low', 'unknown'].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        {filter('role', 'Role')}
        <span id="search-help" className="muted small">
          Filters match exactly; search matches any part of a name or identifier.
        </span>
      </form>
      {state.error ? (
        <ErrorBox error={state.error} what="the assets" />
      ) : !state.data ? (
        <p className="muted">Loading assets…</p>
      ) : state.data.total === 0 ? (
        <Empty>
          {[...query.keys()].some((k) => !['sort', 'order', 'limit'].includes(k))
            ? 'No asset matches these filters.'
            : 'No assets yet. Import the inventory (radguard assets import) or run a scan.'}
        </Empty>
      ) : (
        <>
          <table className="grid" aria-busy={state.loading}>
            <thead>
              <tr>
                {COLUMNS.map(([key, label, sort]) => (
                  <th
                    key={key}
                    scope="col"
                    aria-sort={params.sort === sort ? (params.order === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {sort ? (
                      <button type="button" className="sort" onClick={() => sortBy(sort)}>
                        {label}
                        {params.sort === sort ? (params.order === 'asc' ? ' ▲' : ' ▼') : ''}
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {state.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/assets/${encodeURIComponent(a.id)}`}>
                      {a.name ?? <span className="muted">unnamed ({a.addresses[0] ?? `${a.id.slice(0, 14)}…`})</span>}
                    </Link>
                  </td>
                  <td>{a.addresses.length ? a.addresses.join(', ') : '—'}</td>
                  <td>{dash(a.manufacturer)}</td>
                  <td>{dash(a.model)}</td>
                  <td>{a.site}</td>
                  <td>{a.zone}</td>
                  <td>{dash(a.role)}</td>
                  <td>
                    <span className={`crit crit-${a.criticality}`}>{a.criticality}</span>
                  </td>
                  <td>{day(a.endOfSupport)}</td>
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
