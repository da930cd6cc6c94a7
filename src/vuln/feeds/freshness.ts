/**
 * How old each feed is, and a loud warning when one is missing or older than the site's limit. Every report and
 * JSON output carries this, because an air-gapped install that silently shows "0 critical" on a months-old
 * feed is worse than no tool at all.
 */
import type { VulnStore, FeedName } from '../../store/sqlite/vuln-store.js';

export const FEEDS: readonly FeedName[] = ['nvd', 'kev', 'epss', 'csaf', 'osv'];
export const DEFAULT_MAX_AGE_DAYS = 7;

export interface FeedAge {
  readonly feed: FeedName;
  readonly state: 'ok' | 'stale' | 'missing';
  readonly records: number;
  readonly feedDate?: string; // what the newest file says about its data
  readonly importedAt?: string;
  readonly ageDays?: number; // from the feed date when known, else from the import time
  readonly warning?: string;
}

export function feedAges(store: VulnStore, now: Date, maxAgeDays = DEFAULT_MAX_AGE_DAYS): FeedAge[] {
  const byFeed = new Map(store.feedSummaries().map((s) => [s.feed, s]));
  return FEEDS.map((feed): FeedAge => {
    const s = byFeed.get(feed);
    if (!s) return { feed, state: 'missing', records: 0, warning: `WARNING: no ${feed.toUpperCase()} data imported — results cannot include it; run radguard feeds import` };
    const ref = s.feedDate && !Number.isNaN(Date.parse(s.feedDate)) ? s.feedDate : s.lastImportedAt;
    const ageDays = Math.floor((now.getTime() - Date.parse(ref.length === 10 ? `${ref}T00:00:00Z` : /Z|[+-]\d\d:?\d\d$/.test(ref) ? ref : `${ref}Z`)) / 86_400_000);
    const stale = ageDays > maxAgeDays;
    return {
      feed,
      state: stale ? 'stale' : 'ok',
      records: s.records,
      feedDate: s.feedDate,
      importedAt: s.lastImportedAt,
      ageDays,
      warning: stale ? `WARNING: ${feed.toUpperCase()} data is ${ageDays} days old (limit ${maxAgeDays}) — newer vulnerabilities are missing` : undefined,
    };
  });
}

export const feedWarnings = (ages: readonly FeedAge[]): string[] => ages.flatMap((a) => (a.warning ? [a.warning] : []));
