/**
 * Lookups by key stay indexed: each of these runs once per record or per request, and a full table scan there
 * grows with the square of the data (a first import of 50,000 OSV records took 1 min 50 s; a finding page read
 * every history row of a million findings).
 */
import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';

const BY_KEY = [
  'SELECT * FROM finding_history WHERE finding_key = ? ORDER BY id',
  'DELETE FROM finding_occurrences WHERE finding_key = ?',
  'DELETE FROM vuln_osv_package WHERE osv_id = ?',
  'DELETE FROM vuln_csaf_vendor WHERE doc_key = ?',
  'DELETE FROM vuln_cpe_index WHERE cve_id = ?',
  'DELETE FROM vuln_cve_config WHERE cve_id = ?',
];

/** ON DELETE CASCADE children whose parents are never deleted: no index is worth its cost on every insert. */
const PARENTS_NEVER_DELETED = new Set(['skipped.scan_id', 'api_tokens.owner', 'traffic_app_facts.check_id']);

describe('query plans', () => {
  const db = openDb(':memory:'); // every migration

  it.each(BY_KEY)('%s uses an index', (sql) => {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan).toMatch(/USING (COVERING )?INDEX|USING PRIMARY KEY|USING INTEGER PRIMARY KEY/);
    expect(plan).not.toMatch(/^SCAN|; SCAN/);
  });

  it('every ON DELETE CASCADE child column is indexed (a delete otherwise scans the child table)', () => {
    const unindexed: string[] = [];
    for (const t of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]) {
      const leading = new Set(
        (db.prepare('SELECT name FROM pragma_index_list(?)').pluck().all(t) as string[]).map((i) => db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno LIMIT 1').pluck().get(i) as string),
      );
      for (const fk of db.prepare('SELECT "from", on_delete FROM pragma_foreign_key_list(?) WHERE seq = 0').all(t) as { from: string; on_delete: string }[])
        if (fk.on_delete === 'CASCADE' && !leading.has(fk.from) && !PARENTS_NEVER_DELETED.has(`${t}.${fk.from}`)) unindexed.push(`${t}.${fk.from}`);
    }
    expect(unindexed).toEqual([]);
  });
});
