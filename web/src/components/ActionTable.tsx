/**
 * A loaded list of records as a table whose rows end with their buttons (revoke a token, disable a user): the
 * loading and error states, a message when there are none, one header per column and a last column named
 * "Actions" for screen readers only.
 */
import type { ReactNode } from 'react';
import { Empty, Loaded, type Async } from '../ui';

export function ActionTable<T>({
  state,
  what,
  empty,
  ...table
}: {
  state: Async<{ items: T[] }>;
  /** What is loading, for the loading and error messages: "the tokens". */
  what: string;
  empty: ReactNode;
} & Omit<Parameters<typeof ActionRows<T>>[0], 'items'>) {
  return (
    <Loaded state={state} what={what}>
      {({ items }) => (items.length === 0 ? <Empty>{empty}</Empty> : <ActionRows items={items} {...table} />)}
    </Loaded>
  );
}

/** The table itself, for records already at hand (one group of a page). */
export function ActionRows<T>({
  items,
  columns,
  rowKey,
  cells,
}: {
  items: readonly T[];
  columns: readonly string[];
  rowKey: (item: T) => string;
  /** The row's cells, its buttons last. */
  cells: (item: T) => ReactNode;
}) {
  return (
    <table className="grid">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c} scope="col">
              {c}
            </th>
          ))}
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={rowKey(item)}>{cells(item)}</tr>
        ))}
      </tbody>
    </table>
  );
}
