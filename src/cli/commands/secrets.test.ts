/**
 * `radguard secrets` end to end through the CLI: values from a file or stdin are stored sealed and never printed,
 * `list` shows names and key ids, a wrong key file is a clear error, `rotate-key` re-encrypts everything, and a
 * deleted secret is gone; every change lands in the audit log.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { loadSecretsKeyring } from '../../auth/secret-box.js';
import { SecretVault } from '../../auth/secret-vault.js';
import { AuditLog, loadAuditKey } from '../../auth/audit.js';
import { ApiStore } from '../../store/sqlite/api-store.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-secrets-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'rg.db');
const run = (...argv: string[]) => runCli(['--db', db, ...argv], { USER: 'tester' });
const valueFile = join(dir, 'v');

function reveal(name: string, keyFile = `${db}.secrets-key`): string | null {
  const store = SqliteScanStore.open(db);
  try {
    return new SecretVault(
      store.db,
      loadSecretsKeyring(keyFile, false),
      new AuditLog(new ApiStore(store.db), loadAuditKey(`${db}.audit-key`, false)),
    ).reveal(name);
  } finally {
    store.close();
  }
}

describe('radguard secrets', () => {
  it('sets from a file (multi-line kept, one trailing newline dropped), lists without values, replaces', async () => {
    writeFileSync(valueFile, 'line-one-secret\nline-two-secret\n');
    const set = await run('secrets', 'set', 'smb.pacs', '--value-file', valueFile);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toBe('Stored secret smb.pacs.\n');
    expect(reveal('smb.pacs')).toBe('line-one-secret\nline-two-secret');
    expect(readFileSync(`${db}.secrets-key`, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    writeFileSync(valueFile, 'replaced-value\n');
    expect((await run('secrets', 'set', 'smb.pacs', '--value-file', valueFile)).out).toBe('Replaced secret smb.pacs.\n');
    await run('secrets', 'set', 'oidc.client-secret', '--value-file', valueFile);
    const list = await run('secrets', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^oidc\.client-secret\s+key [0-9a-f]{16}\s+updated .* by cli:tester\nsmb\.pacs\s+key/);
    expect(list.out).not.toContain('replaced-value');
    const json = JSON.parse((await run('--json', 'secrets', 'list')).out) as { secrets: { name: string }[] };
    expect(json.secrets.map((s) => s.name)).toEqual(['oidc.client-secret', 'smb.pacs']);
  });

  it('refuses bad names and empty values with a usage error', async () => {
    const bad = await run('secrets', 'set', 'Bad Name', '--value-file', valueFile);
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/lower-case letters/)]);
    writeFileSync(join(dir, 'empty'), '\n');
    expect((await run('secrets', 'set', 'x', '--value-file', join(dir, 'empty'))).err).toMatch(/value is empty/);
  });

  it('a wrong key file is a clear error, not garbage', async () => {
    const other = join(dir, 'other.key');
    writeFileSync(other, `${'cd'.repeat(32)}\n`);
    expect(() => reveal('smb.pacs', other)).toThrow(/sealed with key [0-9a-f]{16}, which is not in .*other\.key/);
    const r = await run('secrets', '--secrets-key', join(dir, 'missing.key'), 'rotate-key');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/secrets key file .*missing\.key does not exist/);
  });

  it('rotate-key re-encrypts every secret under a new key; delete removes one', async () => {
    const before = readFileSync(`${db}.secrets-key`, 'utf8');
    const r = await run('secrets', 'rotate-key');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Secrets key rotated: [0-9a-f]{16} → [0-9a-f]{16}; 2 secret\(s\) re-encrypted\.\n$/);
    expect(readFileSync(`${db}.secrets-key`, 'utf8')).not.toBe(before);
    expect(reveal('smb.pacs')).toBe('replaced-value');
    writeFileSync(join(dir, 'old.key'), before);
    expect(() => reveal('smb.pacs', join(dir, 'old.key'))).toThrow(/not in/);
    expect((await run('secrets', 'delete', 'smb.pacs')).out).toBe('Deleted secret smb.pacs.\n');
    expect((await run('secrets', 'delete', 'smb.pacs')).err).toMatch(/no secret "smb.pacs"/);
    expect(reveal('smb.pacs')).toBeNull();
    const store = SqliteScanStore.open(db);
    const actions = [...new ApiStore(store.db).eachAudit()].map((a) => a.action);
    store.close();
    expect(actions).toEqual(['secret.created', 'secret.replaced', 'secret.created', 'secrets.key-rotated', 'secret.deleted']);
  });
});
