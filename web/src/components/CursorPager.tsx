/**
 * Paging a big list (GET /api/assets, /api/findings) by the API's keyset cursor: Next asks for the page after
 * this one with its `nextCursor`, Previous goes back to the cursor it came from (a stack, since a cursor only
 * points forward), First starts over. A cursor page costs the server the same at row 50 as at row 90,000, where
 * an offset would skip every row before it. The stack belongs to one view of the list: when the filters, sort or
 * search change, paging starts again on the first page.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { get } from '../api';
import type { CursorPage, Page } from '../types';
import { useAsync, type Async } from '../ui';

export interface CursorPages {
  /** The cursor of the page shown; null for the first page. */
  readonly cursor: string | null;
  /** 0 for the first page. */
  readonly index: number;
  next(cursor: string): void;
  previous(): void;
  first(): void;
}

/** `view` identifies the list's filters, sort and search: a different view starts on the first page. */
export function useCursorPages(view: string): CursorPages {
  const [state, setState] = useState<{ view: string; stack: readonly string[] }>({ view, stack: [] });
  // a new view forgets the old one's stack at once (React's state-from-props pattern), so coming back to the old
  // filters starts on their first page too
  if (state.view !== view) setState({ view, stack: [] });
  const stack = state.view === view ? state.stack : [];
  return {
    cursor: stack.at(-1) ?? null,
    index: stack.length,
    // a second click before the page arrives offers the same cursor again: one step, not two
    next: (cursor) => stack.at(-1) !== cursor && setState({ view, stack: [...stack, cursor] }),
    previous: () => setState({ view, stack: stack.slice(0, -1) }),
    first: () => setState({ view, stack: [] }),
  };
}

/** Rows per page: 50, or the address bar's `limit` (1–500, the API's bounds), so a view keeps its page size. */
function pageSize(query: URLSearchParams): number {
  const n = Number(query.get('limit'));
  return Number.isInteger(n) && n >= 1 && n <= 500 ? n : 50;
}

/**
 * The page of a big list the address bar describes: `params` are the API's filters, search and sort read from
 * `query`; the page is the one the cursor stack points at.
 */
export function useCursorList<T>(
  path: string,
  query: URLSearchParams,
  params: Record<string, string | null>,
): { pages: CursorPages; limit: number; state: Async<CursorPage<T>> } {
  const view = query.toString();
  const limit = pageSize(query);
  const pages = useCursorPages(view);
  const state = useAsync(() => get<CursorPage<T>>(path, { ...params, limit, cursor: pages.cursor }), [view, pages.cursor]);
  return { pages, limit, state };
}

const TOTAL_TITLE: Record<Page<unknown>['totalSource'], string> = {
  counted: 'exact, counted now',
  cached: 'exact, counted earlier (nothing has changed since)',
  estimated: 'approximate: counted before the latest changes, recounted within seconds',
};

/** The list's total as the server qualifies it: exact totals plainly, an estimate as "≈ n (estimate)". */
export function ListTotal({ total, source }: { total: number; source: Page<unknown>['totalSource'] }) {
  const n = total.toLocaleString('en');
  return (
    <span data-testid="list-total" data-total-source={source} title={TOTAL_TITLE[source]}>
      {source === 'estimated' ? `≈ ${n} (estimate)` : n}
    </span>
  );
}

type Move = 'first' | 'previous' | 'next';

export function CursorPager({
  pages,
  page,
  limit,
  loading,
}: {
  pages: CursorPages;
  page: Page<unknown> & { nextCursor: string | null };
  limit: number;
  loading: boolean;
}) {
  // The range of the rows on screen: a click moves the stack at once, but the rows change only when the page
  // arrives, so the position is the one in force when this page came in.
  const shownIndex = useMemo(() => pages.index, [page]);
  const from = shownIndex * limit + 1;
  const to = shownIndex * limit + page.items.length;
  const buttons = {
    first: useRef<HTMLButtonElement>(null),
    previous: useRef<HTMLButtonElement>(null),
    next: useRef<HTMLButtonElement>(null),
  };
  /** The last button pressed, and the page it was pressed on. */
  const moved = useRef<{ move: Move; on: Page<unknown> } | null>(null);
  // A button that pages to the end of the list becomes disabled and would drop the keyboard focus to the page's
  // top; once the new page is in, the focus moves to the button that still leads somewhere.
  useEffect(() => {
    if (loading || !moved.current || moved.current.on === page) return;
    const clicked = buttons[moved.current.move].current;
    moved.current = null;
    if (clicked?.disabled) (clicked === buttons.next.current ? buttons.previous : buttons.next).current?.focus();
  }, [loading, page]);
  const button = (move: Move, label: string, enabled: boolean, go: () => void) => (
    <button
      type="button"
      ref={buttons[move]}
      disabled={!enabled}
      onClick={() => {
        moved.current = { move, on: page };
        go();
      }}
    >
      {label}
    </button>
  );
  return (
    <nav className="pager" aria-label="Pages" aria-busy={loading}>
      <span role="status" aria-live="polite">
        {page.items.length === 0 ? 'none' : `${from.toLocaleString('en')}–${to.toLocaleString('en')}`} of{' '}
        <ListTotal total={page.total} source={page.totalSource} />
      </span>
      {button('first', 'First', pages.index > 0, pages.first)}
      {button('previous', 'Previous', pages.index > 0, pages.previous)}
      {button('next', 'Next', page.nextCursor !== null, () => page.nextCursor !== null && pages.next(page.nextCursor))}
    </nav>
  );
}
