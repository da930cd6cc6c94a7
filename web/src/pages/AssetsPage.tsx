/**
 * The device inventory, searched, filtered, sorted and paged by the server (GET /api/assets), so it stays quick
 * with 100,000 devices: pages follow the server's cursor (components/CursorPager.tsx). The filters live in the
 * address bar: a filtered view can be bookmarked or shared.
 */
import { useCursorList } from '../components/CursorPager';
import { CursorListTable, type ListTable } from '../components/CursorListTable';
import { FilterBar, SelectFilter, TextFilter } from '../components/FilterBar';
import { Link } from '../router';
import type { AssetSummary } from '../types';
import { dash, day } from '../ui';

const TABLE: ListTable<AssetSummary> = {
  what: 'assets',
  noMatch: 'No asset matches these filters.',
  none: 'No assets yet. Import the inventory (radguard assets import) or run a scan.',
  columns: [
    {
      label: 'Name',
      sort: 'name',
      cell: (a) => (
        <Link to={`/assets/${encodeURIComponent(a.id)}`}>
          {a.name ?? <span className="muted">unnamed ({a.addresses[0] ?? `${a.id.slice(0, 14)}…`})</span>}
        </Link>
      ),
    },
    { label: 'Address', cell: (a) => (a.addresses.length ? a.addresses.join(', ') : '—') },
    { label: 'Manufacturer', sort: 'manufacturer', cell: (a) => dash(a.manufacturer) },
    { label: 'Model', cell: (a) => dash(a.model) },
    { label: 'Site', sort: 'site', cell: (a) => a.site },
    { label: 'Zone', cell: (a) => a.zone },
    { label: 'Role', cell: (a) => dash(a.role) },
    { label: 'Criticality', sort: 'criticality', cell: (a) => <span className={`crit crit-${a.criticality}`}>{a.criticality}</span> },
    { label: 'End of support', cell: (a) => day(a.endOfSupport) },
  ],
  rowKey: (a) => a.id,
};

export function AssetsPage({ query }: { query: URLSearchParams }) {
  const params = {
    q: query.get('q'),
    site: query.get('site'),
    manufacturer: query.get('manufacturer'),
    criticality: query.get('criticality'),
    role: query.get('role'),
    sort: query.get('sort') ?? 'name',
    order: query.get('order') ?? 'asc',
  };
  const list = useCursorList<AssetSummary>('/api/assets', query, params);

  return (
    <section>
      <h1>Assets</h1>
      <FilterBar query={query} search={{ placeholder: 'name, model, address, MAC, AE title…', size: 32, describedBy: 'search-help' }}>
        <TextFilter query={query} name="site" label="Site" size={12} />
        <TextFilter query={query} name="manufacturer" label="Manufacturer" size={12} />
        <SelectFilter query={query} name="criticality" label="Criticality" values={['life-critical', 'high', 'medium', 'low', 'unknown']} />
        <TextFilter query={query} name="role" label="Role" size={12} />
        <span id="search-help" className="muted small">
          Filters match exactly; search matches any part of a name or identifier.
        </span>
      </FilterBar>
      <CursorListTable list={list} query={query} sorted={params} table={TABLE} />
    </section>
  );
}
