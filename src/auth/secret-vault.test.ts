/**
 * The secrets store on a real SQLite file: the plaintext never reaches the database file, a wrong key file and a
 * tampered or moved row are clear errors, and key rotation re-encrypts every row and drops the old key.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiStore } from '../store/sqlite/api-store.js';
import { SqliteScanStore } from '../store/sqlite/scan-store.js';
import { AuditLog, loadAuditKey, verifyAudit } from './audit.js';
import { keyIdOf, loadSecretsKeyring } from './secret-box.js';
import { SecretVault } from './secret-vault.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const AT = '2026-11-30T08:00:00.000Z';
const PLAIN = 'snmpv3-authpass-Zq8v!kP2#distinctive';

function open(name: string) {
  const dbFile = join(dir, `${name}.db`);
  const store = SqliteScanStore.open(dbFile);
  const auditKey = loadAuditKey(join(dir, `${name}.audit-key`), true);
  const audit = new AuditLog(new ApiStore(store.db), auditKey);
  const keyFile = join(dir, `${name}.secrets-key`);
  const vault = new SecretVault(store.db, loadSecretsKeyring(keyFile, true), audit);
  return { dbFile, store, vault, keyFile, auditKey, audit };
}

/** Every byte SQLite has written for this database: main file and write-ahead log. */
const fileBytes = (dbFile: string) => Buffer.concat([dbFile, `${dbFile}-wal`].filter(existsSync).map((f) => readFileSync(f)));

describe('secret vault', () => {
  it('keeps only ciphertext in the database file, and opens it again', () => {
    const t = open('plain');
    expect(t.vault.set('snmp.core-switch', PLAIN, 'alice', AT)).toEqual({ created: true });
    expect(t.vault.set('snmp.core-switch', `${PLAIN}-2`, 'alice', AT)).toEqual({ created: false });
    expect(t.vault.reveal('snmp.core-switch')).toBe(`${PLAIN}-2`);
    t.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fileBytes(t.dbFile);
    expect(bytes.length).toBeGreaterThan(4096);
    expect(bytes.includes(Buffer.from('distinctive'))).toBe(false);
    expect(bytes.includes(Buffer.from('snmp.core-switch'))).toBe(true); // the name is not secret; proves we read the right file
    expect(t.vault.list().map((s) => [s.name, s.keyId, s.updatedBy])).toEqual([['snmp.core-switch', t.vault.keyId, 'alice']]);
    // audited by name, never by value
    const actions = [...new ApiStore(t.store.db).eachAudit()].map((r) => `${r.action} ${r.target} ${r.detail}`);
    expect(actions.join('\n')).toMatch(/secret\.created snmp\.core-switch[\s\S]*secret\.replaced snmp\.core-switch/);
    expect(actions.join('\n')).not.toContain('distinctive');
    expect(verifyAudit(new ApiStore(t.store.db), t.auditKey).ok).toBe(true);
    t.store.close();
  });

  it('a different key file is a clear error naming the missing key id', () => {
    const t = open('wrongkey');
    t.vault.set('oidc-client', PLAIN, 'alice', AT);
    const other = join(dir, 'other.secrets-key');
    writeFileSync(other, `${'ab'.repeat(32)}\n`);
    const wrong = new SecretVault(t.store.db, loadSecretsKeyring(other, false), t.audit);
    expect(() => wrong.reveal('oidc-client')).toThrow(
      new RegExp(`sealed with key ${t.vault.keyId}, which is not in .*other\\.secrets-key.*wrong or replaced`),
    );
    expect(() => loadSecretsKeyring(join(dir, 'absent.key'), false)).toThrow(/does not exist/);
    writeFileSync(join(dir, 'garbage.key'), 'not hex\n');
    expect(() => loadSecretsKeyring(join(dir, 'garbage.key'), false)).toThrow(/64 hex digits/);
    t.store.close();
  });

  it('a tampered ciphertext, nonce or a row moved to another name fails authentication', () => {
    const t = open('tamper');
    t.vault.set('smb.pacs', PLAIN, 'alice', AT);
    t.vault.set('smb.ris', 'another-value-123', 'alice', AT);
    t.store.close();
    /** A copy of the database changed the way someone with write access to the file could. */
    const tampered = (label: string, change: (raw: Database.Database) => void) => {
      const copy = join(dir, `tamper-${label}.db`);
      const s0 = SqliteScanStore.open(join(dir, 'tamper.db'));
      s0.db.pragma('wal_checkpoint(TRUNCATE)');
      s0.close();
      copyFileSync(join(dir, 'tamper.db'), copy);
      const raw = new Database(copy);
      change(raw);
      raw.close();
      const s = SqliteScanStore.open(copy);
      return {
        v: new SecretVault(s.db, loadSecretsKeyring(join(dir, 'tamper.secrets-key'), false), new AuditLog(new ApiStore(s.db), t.auditKey)),
        s,
      };
    };
    const row = (raw: Database.Database, name: string) =>
      raw.prepare('SELECT nonce, ciphertext FROM api_secrets WHERE name = ?').get(name) as { nonce: Buffer; ciphertext: Buffer };
    const cases: Record<string, (raw: Database.Database) => void> = {
      'one ciphertext bit': (raw) => {
        const c = row(raw, 'smb.pacs').ciphertext;
        c[0]! ^= 1;
        raw.prepare('UPDATE api_secrets SET ciphertext = ? WHERE name = ?').run(c, 'smb.pacs');
      },
      'the tag': (raw) => {
        const c = row(raw, 'smb.pacs').ciphertext;
        c[c.length - 1]! ^= 0x80;
        raw.prepare('UPDATE api_secrets SET ciphertext = ? WHERE name = ?').run(c, 'smb.pacs');
      },
      'the nonce': (raw) => raw.prepare('UPDATE api_secrets SET nonce = ? WHERE name = ?').run(Buffer.alloc(12), 'smb.pacs'),
      "another name's row": (raw) => {
        const other = row(raw, 'smb.ris');
        raw.prepare('UPDATE api_secrets SET nonce = ?, ciphertext = ? WHERE name = ?').run(other.nonce, other.ciphertext, 'smb.pacs');
      },
    };
    for (const [label, change] of Object.entries(cases)) {
      const { v, s } = tampered(label.replace(/\W/g, ''), change);
      expect(() => v.reveal('smb.pacs'), label).toThrow(/fails authentication: its row was altered or moved/);
      expect(v.reveal('smb.ris')).toBe('another-value-123');
      s.close();
    }
  });

  it('rotation re-encrypts every secret under a new key and drops the old one from the key file', () => {
    const t = open('rotate');
    const names = ['a.one', 'b.two', 'c.three'];
    for (const n of names) t.vault.set(n, `${n}-value`, 'alice', AT);
    const oldId = t.vault.keyId;
    const oldFile = readFileSync(t.keyFile, 'utf8');
    const before = t.store.db.prepare('SELECT name, hex(ciphertext) c FROM api_secrets ORDER BY name').all();
    const r = t.vault.rotateKey('cli:ops', AT);
    expect(r).toEqual({ from: oldId, to: t.vault.keyId, resealed: 3 });
    expect(r.to).not.toBe(oldId);
    const keysNow = readFileSync(t.keyFile, 'utf8').trim().split('\n');
    expect(keysNow).toHaveLength(1);
    expect(keyIdOf(Buffer.from(keysNow[0]!, 'hex'))).toBe(r.to);
    expect(t.vault.list().every((s) => s.keyId === r.to)).toBe(true);
    const after = t.store.db.prepare('SELECT name, hex(ciphertext) c FROM api_secrets ORDER BY name').all();
    expect(after).not.toEqual(before);
    for (const n of names) expect(t.vault.reveal(n)).toBe(`${n}-value`);
    // the retired key opens nothing any more
    writeFileSync(join(dir, 'retired.key'), oldFile);
    const retired = new SecretVault(t.store.db, loadSecretsKeyring(join(dir, 'retired.key'), false), t.audit);
    expect(() => retired.reveal('a.one')).toThrow(/not in .*retired\.key/);
    expect([...new ApiStore(t.store.db).eachAudit()].some((row) => row.action === 'secrets.key-rotated')).toBe(true);
    t.store.close();
  });

  it('a vault opened before a rotation by another process seals with the new key afterwards', () => {
    const t = open('running');
    t.vault.set('before', 'v1', 'alice', AT);
    const cli = new SecretVault(t.store.db, loadSecretsKeyring(t.keyFile, false), t.audit); // e.g. `radguard secrets rotate-key`
    const { to } = cli.rotateKey('cli:ops', AT);
    t.vault.set('after', 'v2', 'alice', AT);
    expect(t.vault.list().map((s) => s.keyId)).toEqual([to, to]);
    expect([t.vault.reveal('before'), t.vault.reveal('after')]).toEqual(['v1', 'v2']);
    t.store.close();
  });

  it('refuses bad names and empty or oversized values', () => {
    const t = open('names');
    expect(() => t.vault.set('Bad Name', 'x', 'alice', AT)).toThrow(/lower-case letters/);
    expect(() => t.vault.set('ok', '', 'alice', AT)).toThrow(/empty/);
    expect(() => t.vault.set('ok', 'x'.repeat(16 * 1024 + 1), 'alice', AT)).toThrow(/over 16384 bytes/);
    t.store.close();
  });
});
