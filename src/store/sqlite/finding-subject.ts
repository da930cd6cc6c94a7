/**
 * Moves findings from one subject to another — when identity resolution merges two assets, or first links an
 * address to an asset — re-keying them (the key hashes the subject) so triage and history follow the device.
 * Where the target already has the same finding, the target's state stands and the moved history is appended.
 */
import { findingKey } from '../../core/finding.js';
import type { Db } from './db.js';

type Row = Record<string, unknown>;

export function moveFindings(db: Db, from: string, to: string, at: string): number {
  if (from === to) return 0;
  const rows = db.prepare('SELECT * FROM findings WHERE subject = ?').all(from) as Row[];
  for (const r of rows) {
    const oldKey = String(r.key);
    const newKey = findingKey(to, (r.component as string | null) ?? (r.port === null ? null : Number(r.port)), (r.cve as string | null) ?? String(r.rule_id));
    const exists = db.prepare('SELECT 1 FROM findings WHERE key = ?').get(newKey);
    if (!exists) {
      const cols = Object.keys(r);
      db.prepare(`INSERT INTO findings (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
        ...cols.map((c) => (c === 'key' ? newKey : c === 'subject' ? to : r[c])),
      );
    }
    db.prepare('INSERT OR IGNORE INTO finding_occurrences (scan_id, finding_key, address, severity, evidence) SELECT scan_id, ?, address, severity, evidence FROM finding_occurrences WHERE finding_key = ?').run(newKey, oldKey);
    db.prepare('DELETE FROM finding_occurrences WHERE finding_key = ?').run(oldKey);
    db.prepare('UPDATE finding_history SET finding_key = ? WHERE finding_key = ?').run(newKey, oldKey);
    const state = db.prepare('SELECT state FROM findings WHERE key = ?').pluck().get(newKey) as string;
    db.prepare('INSERT INTO finding_history (finding_key, at, from_state, to_state, actor, note) VALUES (?, ?, ?, ?, ?, ?)').run(
      newKey,
      at,
      state,
      state,
      'inventory',
      `moved from subject ${from} to ${to}${exists ? ' (merged into the existing finding)' : ''}`,
    );
    db.prepare('DELETE FROM findings WHERE key = ?').run(oldKey);
  }
  return rows.length;
}
