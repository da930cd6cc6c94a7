/**
 * Alpine package version ordering (apk-tools' version comparison): `1.2.3[letter][_suffix[N]]…[-rN]`. Numbers
 * compare numerically, a letter after the last number ranks above the bare release (`1.0.2q` > `1.0.2p`), suffixes
 * `_alpha` < `_beta` < `_pre` < `_rc` < (none) < `_cvs` < `_svn` < `_git` < `_hg` < `_p`, then the package release
 * `-rN`. Where one version goes on and the other stops, more numbers mean newer (`1.2.3.1` > `1.2.3`), a pre-release
 * suffix means older; a later number with a leading zero compares as a string (`4.09` < `4.5`). The generic vendor
 * scheme gets `_p1` wrong (a patch, not a letter `p` before `r`). Agrees with 733 of the 738 `<`/`>`/`=` lines of
 * apk-tools' test/unit/version.data (at 90b974f); the other five use `~` hashes or invalid suffixes, which this
 * cannot order.
 */
import type { Order } from './compare.js';

const [DIGIT, LETTER, SUFFIX, SUFFIX_NO, REVISION, END] = [1, 2, 3, 4, 5, 6] as const;
type Token = readonly [type: number, value: number, raw?: string];

const SUFFIX_RANK: Record<string, number> = { alpha: -4, beta: -3, pre: -2, rc: -1, cvs: 1, svn: 2, git: 3, hg: 4, p: 5 };

/** The token stream of a version; undefined when it is not an apk version. */
function tokens(v: string): Token[] | undefined {
  const m = /^(\d+(?:\.\d+)*)([a-z])?((?:_[a-z]+\d*)*)(?:-r(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  const out: Token[] = m[1]!.split('.').map((n, i) => (i ? ([DIGIT, Number(n), n] as const) : ([DIGIT, Number(n)] as const)));
  if (m[2]) out.push([LETTER, m[2].charCodeAt(0)]);
  for (const s of m[3]!.split('_').slice(1)) {
    const [, name, no] = /^([a-z]+)(\d*)$/.exec(s)!;
    const rank = SUFFIX_RANK[name!];
    if (rank === undefined) return undefined;
    out.push([SUFFIX, rank]);
    if (no) out.push([SUFFIX_NO, Number(no)]);
  }
  if (m[4] !== undefined) out.push([REVISION, Number(m[4])]);
  out.push([END, 0]);
  return out;
}

export function compareApk(a: string, b: string): Order | undefined {
  const ta = tokens(a);
  const tb = tokens(b);
  if (!ta || !tb) return undefined;
  for (let i = 0; ; i++) {
    const [at, av, ar] = ta[i]!;
    const [bt, bv, br] = tb[i]!;
    // apk-tools: a later number with a leading zero (`4.09`, `8.2.0015`) compares as a string, as Gentoo does.
    if (ar !== undefined && br !== undefined && (ar[0] === '0' || br[0] === '0') && ar !== br) return ar < br ? -1 : 1;
    if (at === bt) {
      if (av !== bv) return av < bv ? -1 : 1;
      if (at === END) return 0;
      continue;
    }
    // Equal so far and one goes on: a pre-release suffix is older, anything else nearer the end is older.
    if (at === SUFFIX && av < 0) return -1;
    if (bt === SUFFIX && bv < 0) return 1;
    return at > bt ? -1 : 1;
  }
}
