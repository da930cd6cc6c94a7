/**
 * OSV records (ossf/osv-schema): per-package affected ranges (SEMVER, ECOSYSTEM, GIT) with ordered events and
 * explicit version lists, linked to CVEs through `aliases`, or `upstream` where a distribution's record tracks an
 * upstream CVE (Debian's DEBIAN-CVE-…, Ubuntu's UBUNTU-CVE-…). Withdrawn records are skipped, never matched.
 */
import { root, type At } from './json-path.js';

export interface OsvEvent {
  readonly introduced?: string;
  readonly fixed?: string;
  readonly last_affected?: string;
  readonly limit?: string;
}
export interface OsvAffected {
  readonly ecosystem: string;
  readonly name: string;
  readonly purl?: string;
  readonly ranges: readonly { type: 'SEMVER' | 'ECOSYSTEM' | 'GIT'; events: readonly OsvEvent[] }[];
  readonly versions: readonly string[];
}
export interface OsvRecord {
  readonly id: string;
  readonly modified: string;
  readonly aliases: readonly string[];
  /** Absent in records stored before it was read: none. */
  readonly upstream?: readonly string[];
  readonly summary?: string;
  readonly severity: readonly { type: string; score: string }[];
  readonly affected: readonly OsvAffected[];
}

export const isOsvDocument = (doc: unknown): boolean => {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const o = doc as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.modified === 'string' && ('affected' in o || 'aliases' in o || 'schema_version' in o) && !('configurations' in o);
};

/** Returns undefined for a withdrawn record. */
export function readOsv(file: string, doc: unknown): OsvRecord | undefined {
  const at = root(file, doc);
  if (at.get('withdrawn').optStr()) return undefined;
  return {
    id: at.get('id').str(),
    modified: at.get('modified').str(),
    aliases: at.get('aliases').optItems().map((a) => a.str()),
    upstream: at.get('upstream').optItems().map((a) => a.str()),
    summary: at.get('summary').optStr(),
    severity: at.get('severity').optItems().map((s) => ({ type: s.get('type').str(), score: s.get('score').str() })),
    affected: at.get('affected').optItems().filter((a) => a.has('package')).map(readAffected),
  };
}

function readAffected(a: At): OsvAffected {
  const p = a.get('package');
  return {
    ecosystem: p.get('ecosystem').str(),
    name: p.get('name').str(),
    purl: p.get('purl').optStr(),
    ranges: a.get('ranges').optItems().map((r) => {
      const type = r.get('type').str() as 'SEMVER' | 'ECOSYSTEM' | 'GIT';
      if (type !== 'SEMVER' && type !== 'ECOSYSTEM' && type !== 'GIT') r.get('type').fail(`unknown range type ${JSON.stringify(type)}`);
      return {
        type,
        events: r.get('events').items().map((e) => {
          const ev: Record<string, string> = {};
          for (const k of ['introduced', 'fixed', 'last_affected', 'limit']) {
            const v = e.get(k).optStr();
            if (v !== undefined) ev[k] = v;
          }
          if (Object.keys(ev).length !== 1) e.fail('an event must have exactly one of introduced, fixed, last_affected, limit');
          return ev as OsvEvent;
        }),
      };
    }),
    versions: a.get('versions').optItems().map((v) => v.str()),
  };
}
