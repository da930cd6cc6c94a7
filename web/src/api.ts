/**
 * The one way the console talks to the server: same-origin fetch with the session cookie, the CSRF token of the
 * session echoed in x-csrf-token on every write, and the server's { error, message } turned into an ApiError
 * whose message is shown to the user as is (the server words them for people).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export const setCsrfToken = (t: string | null): void => {
  csrfToken = t;
};
/** Called when a request answers 401 (session ended or expired): the app returns to the login page. */
export const setUnauthenticatedHandler = (f: (() => void) | null): void => {
  onUnauthenticated = f;
};

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

async function request(method: string, path: string, body?: unknown, quiet401 = false): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'The Radguard server cannot be reached. Check the connection and try again.');
  }
  if (res.ok) return res;
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch {
    /* not JSON: the status line is all there is */
  }
  const b = (parsed ?? {}) as { error?: unknown; message?: unknown };
  const code = typeof b.error === 'string' ? b.error : `http-${res.status}`;
  const message = typeof b.message === 'string' ? b.message : `${method} ${path.split('?')[0]} failed with HTTP ${res.status}`;
  if (res.status === 401 && !quiet401 && onUnauthenticated) onUnauthenticated();
  throw new ApiError(res.status, code, message, parsed);
}

/** `quiet401`: a 401 is an answer, not an ended session (the start-up "who am I" before any login). */
export async function get<T>(path: string, q?: Query, quiet401 = false): Promise<T> {
  const url = withQuery(path, q);
  const early = prefetched.get(url);
  if (early) {
    prefetched.delete(url);
    return early as Promise<T>;
  }
  return (await (await request('GET', url, undefined, quiet401)).json()) as T;
}

const prefetched = new Map<string, Promise<unknown>>();
/**
 * Starts a GET before the page that needs it exists; the page's own get() of the same URL takes the answer (once).
 * Sent before the session is known, so a 401 here only means "not logged in": the login page follows anyway.
 */
export function prefetch(path: string): void {
  const p = request('GET', path, undefined, true).then((r) => r.json() as Promise<unknown>);
  p.catch(() => prefetched.delete(path));
  prefetched.set(path, p);
}

export async function send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, quiet401 = false): Promise<T | null> {
  const res = await request(method, path, body, quiet401);
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? (JSON.parse(text) as T) : null;
}

/** A file from the API (reports): fetched with the session, then handed to the browser as a download. */
export async function download(path: string, filename: string): Promise<void> {
  const res = await request('GET', path);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
