/** Shared building blocks: loading/error/empty states, severity badge, dates, and a data-loading hook. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError, errorText } from './api';
import { setQuery } from './router';

export interface Async<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` whenever `deps` change; a stale answer (deps changed meanwhile) is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const gen = useRef(0);
  useEffect(() => {
    const mine = ++gen.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === gen.current && setState({ data, error: null, loading: false }),
      (error: unknown) => mine === gen.current && setState({ data: null, error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function ErrorBox({ error, what }: { error: unknown; what?: string }) {
  const status = error instanceof ApiError ? error.status : null;
  const hint =
    status === 403
      ? 'Your role does not allow this. Ask an administrator if you need it.'
      : status === 404
        ? 'It does not exist, or it is outside the devices your account may see.'
        : null;
  return (
    <div className="error" role="alert">
      <strong>{what ? `Could not load ${what}.` : 'Something went wrong.'}</strong> {errorText(error)}
      {hint && <div className="muted">{hint}</div>}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Loaded<T>({ state, what, children }: { state: Async<T>; what: string; children: (data: T) => ReactNode }) {
  if (state.error) return <ErrorBox error={state.error} what={what} />;
  if (state.data === null) return <Loading what={what} />;
  return <>{children(state.data)}</>;
}

export function Severity({ value }: { value: string }) {
  return <span className={`sev sev-${value}`}>{value}</span>;
}

export function State({ value }: { value: string }) {
  return <span className={`state state-${value}`}>{value.replace(/-/g, ' ')}</span>;
}

export const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '—');
export const when = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');
/** A finding's line: its title, led by its CVE unless the title already names it ("CVE-… in dcmtk 3.6.0"). */
export const findingLabel = (f: { cve: string | null; title: string }): string => (f.cve && !f.title.includes(f.cve) ? `${f.cve}: ${f.title}` : f.title);
/** Where a finding is: its address, or for a device the inventory lists without one (kept under its asset id) its name. */
export const hostLabel = (f: { host: string; subject: string; device?: string }): string => {
  const noAddress = f.host === f.subject && !/^\d{1,3}(\.\d{1,3}){3}$/.test(f.host) && !f.host.includes(':');
  return !noAddress ? f.host : f.device ? `${f.device} (no address)` : 'no address';
};
export const dash = (v: string | number | null | undefined): string => (v === null || v === undefined || v === '' ? '—' : String(v));

/** A label/value list for detail pages. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v === null || v === undefined || v === '' ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A search box bound to the `q` query parameter: the box follows every keystroke, the address bar (and so the
 * server request) only the settled text.
 */
export function useSearchQuery(query: URLSearchParams): [string, (text: string) => void] {
  const [text, setText] = useState(query.get('q') ?? '');
  const q = useDebounced(text);
  useEffect(() => {
    if ((query.get('q') ?? '') !== q) setQuery({ q });
  }, [q]);
  return [text, setText];
}

/** A value that changes only after typing pauses: search boxes query the server once, not per keystroke. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
