/**
 * One page of a big server-side list (assets, findings) as a table with its cursor pager below: the loading and
 * error states, a message when nothing is there (a different one when filters hide everything), one header per
 * column, and for columns the server can sort by, a header button that sorts by it and, pressed again, reverses.
 */
import type { ReactNode } from 'react';
import { setQuery } from '../router';
import type { CursorPage } from '../types';
import { Empty, ErrorBox, type Async } from '../ui';
import { CursorPager, type CursorPages } from './CursorPager';

export interface Column<T> {
  label: string;
  /** The API's sort key for this column; none: the column cannot be sorted by. */
  sort?: string;
  /** For the header and the cells alike ("num" right-aligns numbers). */
  className?: string;
  cell: (item: T) => ReactNode;
}

/** What a list shows, fixed per page. */
export interface ListTable<T> {
  /** What is listed, for the loading and error messages: "assets". */
  what: string;
  /** Shown when the filters match nothing. */
  noMatch: ReactNode;
  /** Shown when there is nothing at all, with what would fill the list. */
  none: ReactNode;
  columns: readonly Column<T>[];
  rowKey: (item: T) => string;
}

/** Address-bar parameters that change the view of the list but not which records are in it. */
const NOT_FILTERS = ['sort', 'order', 'limit'];

export function CursorListTable<T>({
  list: { pages, limit, state },
  query,
  sorted,
  table: { what, noMatch, none, columns, rowKey },
}: {
  list: { pages: CursorPages; limit: number; state: Async<CursorPage<T>> };
  query: URLSearchParams;
  /** The sort in effect. */
  sorted: { sort: string; order: string };
  table: ListTable<T>;
}) {
  if (state.error) return <ErrorBox error={state.error} what={`the ${what}`} />;
  if (!state.data) return <p className="muted">{`Loading ${what}…`}</p>;
  if (state.data.total === 0) return <Empty>{[...query.keys()].some((k) => !NOT_FILTERS.includes(k)) ? noMatch : none}</Empty>;
  const sortBy = (col: string) => setQuery({ sort: col, order: sorted.sort === col && sorted.order === 'asc' ? 'desc' : 'asc' });
  return (
    <>
      <table className="grid" aria-busy={state.loading}>
        <thead>
          <tr>
            {columns.map(({ label, sort, className }) => (
              <th
                key={label}
                scope="col"
                className={className}
                aria-sort={sort && sorted.sort === sort ? (sorted.order === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {sort ? (
                  <button type="button" className="sort" onClick={() => sortBy(sort)}>
                    {label}
                    {sorted.sort === sort ? (sorted.order === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : (
                  label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {state.data.items.map((item) => (
            <tr key={rowKey(item)}>
              {columns.map(({ label, className, cell }) => (
                <td key={label} className={className}>
                  {cell(item)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <CursorPager pages={pages} page={state.data} limit={limit} loading={state.loading} />
    </>
  );
}
