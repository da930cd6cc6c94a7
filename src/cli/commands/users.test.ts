/**
 * `radguard users`, `tokens` and `audit-log` end to end through the CLI: the first admin gets a TOTP URI, a
 * vendor account must be scoped and expire, weak passwords are refused, tokens are shown once and revocable,
 * and `audit-log verify` passes on an intact log and exits 1 on an edited, deleted or truncated one.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-users-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pw = join(dir, 'pw');
writeFileSync(pw, 'correct horse battery staple\n');
const weak = join(dir, 'weak');
writeFileSync(weak, 'hunter2\n');

const run = (db: string, ...argv: string[]) => runCli(['--db', db, ...argv], { USER: 'tester' });

/** What an attacker with the database file does: drop the append-only triggers, then change rows. */
function tamper(db: string, sql: string): void {
  const d = new Database(db);
  d.exec(`DROP TRIGGER IF EXISTS api_audit_log_no_update; DROP TRIGGER IF EXISTS api_audit_log_no_delete; ${sql}`);
  d.close();
}

describe('radguard users / tokens / audit-log', () => {
  const db = join(dir, 'rg.db');

  it('adds the first admin with a TOTP secret, refuses weak passwords and unscoped vendors', async () => {
    const a = await run(db, 'users', 'add', 'alice', '--role', 'admin', '--password-file', pw);
    expect(a.code, a.err).toBe(0);
    expect(a.out).toMatch(/otpauth:\/\/totp\/Radguard:alice\?.*secret=[A-Z2-7]{32}/);
    const w = await run(db, 'users', 'add', 'bob', '--role', 'viewer', '--password-file', weak);
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/at least 12 characters/);
    expect((await run(db, 'users', 'add', 'fse', '--role', 'vendor-service', '--manufacturer', 'Siemens', '--password-file', pw)).err).toMatch(/needs an expiry date/);
    expect((await run(db, 'users', 'add', 'fse', '--role', 'vendor-service', '--expires', '2027-01-01', '--password-file', pw)).err).toMatch(/needs a manufacturer and\/or a site/);
    expect((await run(db, 'users', 'add', 'fse', '--role', 'vendor-service', '--manufacturer', 'Siemens', '--expires', '2027-01-01', '--password-file', pw)).code).toBe(0);
    expect((await run(db, 'users', 'add', 'alice', '--role', 'viewer', '--password-file', pw)).code).toBe(3);
    const last = await run(db, 'users', 'disable', 'alice');
    expect([last.code, last.err]).toEqual([3, expect.stringMatching(/last enabled admin/)]);
    const list = JSON.parse((await run(db, 'users', 'list', '--json')).out).users;
    expect(list).toMatchObject([
      { username: 'alice', role: 'admin', totp: true },
      { username: 'fse', role: 'vendor-service', scope: { manufacturer: 'Siemens', site: null }, expiresAt: '2027-01-01T00:00:00.000Z' },
    ]);
  });

  it('issues, lists and revokes tokens; never lists secrets', async () => {
    const t = JSON.parse((await run(db, 'tokens', 'add', '--owner', 'fse', '--name', 'ticketing', '--days', '30', '--json')).out);
    expect(t.token).toMatch(/^rgt_[A-Za-z0-9_-]{16}_[A-Za-z0-9_-]{43}$/);
    const listed = (await run(db, 'tokens', 'list', '--json')).out;
    expect(listed).not.toContain(t.token.slice(21));
    expect(JSON.parse(listed).tokens[0]).toMatchObject({ id: t.id, role: 'vendor-service', scope: { manufacturer: 'Siemens' } });
    expect((await run(db, 'tokens', 'add', '--owner', 'fse', '--name', 'x', '--role', 'admin')).code).toBe(3);
    expect((await run(db, 'tokens', 'revoke', t.id)).code).toBe(0);
    expect((await run(db, 'tokens', 'revoke', t.id)).code).toBe(2);
  });

  it('verifies the audit log and detects an edit, a deletion and a truncation (exit 1)', async () => {
    const ok = await run(db, 'audit-log', 'verify');
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/intact: 4 rows/);
    const copy = (name: string) => {
      const p = join(dir, name);
      const d = new Database(db);
      d.exec(`VACUUM INTO '${p}'`);
      d.close();
      return p;
    };
    const key = ['--audit-key', `${db}.audit-key`];
    const edited = copy('edited.db');
    tamper(edited, "UPDATE api_audit_log SET detail = '{\"role\":\"viewer\"}' WHERE seq = 1");
    const e = await run(edited, 'audit-log', ...key, 'verify');
    expect([e.code, e.out]).toEqual([1, expect.stringMatching(/row 1 does not match its MAC/)]);
    const deleted = copy('deleted.db');
    tamper(deleted, 'DELETE FROM api_audit_log WHERE seq = 2');
    expect((await run(deleted, 'audit-log', ...key, 'verify')).out).toMatch(/rows 2\.\.2 are missing/);
    const truncated = copy('truncated.db');
    tamper(truncated, 'DELETE FROM api_audit_log WHERE seq >= 3');
    const t = await run(truncated, 'audit-log', ...key, 'verify');
    expect([t.code, t.out]).toEqual([1, expect.stringMatching(/ends at row 2 but the exported head is row 4 \(truncated\)/)]);
    expect((await run(db, 'audit-log', 'verify')).code).toBe(0);
  });
});
