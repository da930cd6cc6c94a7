/**
 * Version comparison by scheme, never by string. Vendor version strings are split into numeric and alphabetic
 * runs; numbers compare as numbers, letters case-insensitively. A trailing letter or patch suffix sorts after the
 * bare release (`4.0e` > `4.0`, `9.2p1` > `9.2`, `1.0.2k` > `1.0.2`), a pre-release word before it (`1.0rc1` <
 * `1.0`), missing parts count as zero (`1.0` = `1.0.0`). Date-like versions (`2018-1`, `2024.1`, `2019b`) are a
 * scheme of their own and never compare with dotted releases (`3.11` vs `2021-1` is meaningless). Anything we
 * cannot order — free text, `-`, `*`, two different vendor build schemes — yields `undefined`: "needs review".
 */
import { compareDebian, looksDebian } from './debian.js';
import { compareApk } from './apk.js';
import { compareRpm } from './rpm.js';

export type Order = -1 | 0 | 1;
export type Scheme = 'generic' | 'debian' | 'rpm' | 'apk' | 'semver';

type Token = number | string;

/** Words that mark a version as coming before its release. Single letters are patch suffixes, not pre-releases. */
const PRE_RELEASE = new Set(['alpha', 'beta', 'rc', 'pre', 'preview', 'dev', 'snapshot', 'milestone', 'cr', 'ea']);

const DATE_LIKE = /^(19|20)\d\d(?:[-._]\d{1,2}){0,2}[a-z]?$/;

export interface ParsedVersion {
  readonly raw: string;
  readonly tokens: readonly Token[];
  readonly dateLike: boolean;
}

/** Matching compares the same bounds millions of times: parsed versions are cached (bounded). */
const parsed = new Map<string, ParsedVersion | null>();

export function parseVersion(raw: string): ParsedVersion | undefined {
  let p = parsed.get(raw);
  if (p === undefined) {
    p = parseUncached(raw) ?? null;
    if (parsed.size > 100_000) parsed.clear();
    parsed.set(raw, p);
  }
  return p ?? undefined;
}

function parseUncached(raw: string): ParsedVersion | undefined {
  const s = raw.trim().toLowerCase();
  if (s === '' || s === '-' || s === '*' || s.length > 64 || /\s/.test(s) || !/\d/.test(s)) return undefined;
  // `v3.0.29` is release 3.0.29; `vb20a` or `va10` is a vendor build whose letters carry meaning.
  const body = /^v\d/.test(s) ? s.slice(1) : s;
  if (!/^[a-z0-9][a-z0-9._\-+~]*$/.test(body)) return undefined;
  const tokens: Token[] = [];
  for (const m of body.matchAll(/(\d+)|([a-z]+)/g)) {
    if (m[1] !== undefined) {
      // Beyond 15 digits the number is an identifier, not a version part we can order reliably.
      if (m[1].length > 15) return undefined;
      tokens.push(Number(m[1]));
    } else tokens.push(m[2]!);
  }
  return { raw, tokens, dateLike: DATE_LIKE.test(body) };
}

const isPre = (t: Token | undefined): boolean => typeof t === 'string' && PRE_RELEASE.has(t);

/** What an exhausted side is worth against the rest of the other side: a pre-release tail is lower, a suffix higher. */
function tail(rest: readonly Token[]): Order {
  for (const t of rest) {
    if (typeof t === 'number') {
      if (t !== 0) return 1;
      continue;
    }
    return isPre(t) ? -1 : 1;
  }
  return 0;
}

function compareTokens(a: readonly Token[], b: readonly Token[]): Order | undefined {
  // Versions whose first parts are of different kinds (`r4.1l1` vs `4.2`) belong to different schemes.
  if (a.length > 0 && b.length > 0 && typeof a[0] !== typeof b[0]) return undefined;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x < y ? -1 : 1;
    } else if (typeof x === 'string' && typeof y === 'string') {
      if (x !== y) {
        if (isPre(x) !== isPre(y)) return isPre(x) ? -1 : 1;
        return x < y ? -1 : 1;
      }
    } else {
      // A number meets a letter: `1.0.1` vs `1.0a`. A pre-release word loses; a patch letter ranks below the
      // next numeric part (`1.0a` < `1.0.1`), as OpenSSL-style letter releases do.
      return typeof x === 'string' ? -1 : 1;
    }
  }
  if (a.length === b.length) return 0;
  if (a.length > b.length) return tail(a.slice(n));
  const t = tail(b.slice(n));
  return t === 0 ? 0 : t === 1 ? -1 : 1;
}

/** Compares two versions; `undefined` means the pair cannot be ordered and a human must review it. */
export function compareVersions(a: string, b: string, scheme: Scheme = 'generic'): Order | undefined {
  if (scheme === 'debian' || (scheme === 'generic' && looksDebian(a) && looksDebian(b))) return compareDebian(a, b);
  if (scheme === 'rpm') return compareRpm(a, b);
  if (scheme === 'apk') return compareApk(a, b);
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return undefined;
  if (pa.dateLike !== pb.dateLike) return undefined;
  if (scheme === 'semver') return compareSemver(a, b) ?? compareTokens(pa.tokens, pb.tokens);
  return compareTokens(pa.tokens, pb.tokens);
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9a-z.-]+))?(?:\+[0-9a-z.-]+)?$/i;

/** SemVer 2.0 precedence (build metadata ignored); undefined when either side is not SemVer. */
export function compareSemver(a: string, b: string): Order | undefined {
  const ma = SEMVER.exec(a.trim());
  const mb = SEMVER.exec(b.trim());
  if (!ma || !mb) return undefined;
  for (let i = 1; i <= 3; i++) {
    const x = Number(ma[i]);
    const y = Number(mb[i]);
    if (x !== y) return x < y ? -1 : 1;
  }
  const pa = ma[4];
  const pb = mb[4];
  if (pa === undefined || pb === undefined) return pa === pb ? 0 : pa === undefined ? 1 : -1;
  const xa = pa.split('.');
  const xb = pb.split('.');
  for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
    const x = xa[i]!;
    const y = xb[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) < Number(y) ? -1 : 1;
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return xa.length === xb.length ? 0 : xa.length < xb.length ? -1 : 1;
}

/**
 * Splits a distribution build (`1:9.2p1-2+deb12u3`, `3.0.15-1~deb12u1`, `2.4.6-97.el7`) into the upstream
 * version and the build. Distributions backport fixes without changing the upstream version, so a match on
 * the upstream part is only a lead, never proof.
 */
export function splitDistributionBuild(v: string): { upstream: string; build?: string } {
  const s = v.trim();
  if (!/(deb\d|ubuntu|\.el\d|\.fc\d|~bpo|\+b\d|\.amzn|\.suse|alpine|-r\d+$)/i.test(s)) return { upstream: s };
  const noEpoch = s.replace(/^\d+:/, '');
  const m = /^([^-+~]+?)([-+~].*)$/.exec(noEpoch);
  return m ? { upstream: m[1]!, build: m[2]!.slice(1) } : { upstream: s };
}
