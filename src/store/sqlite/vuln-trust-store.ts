/** SQLite storage of pinned feed-signing keys and of the signed bundles imported with them. */
import type { Db } from './db.js';

export interface TrustedKey {
  readonly keyId: string;
  readonly publicKey: string; // raw Ed25519, base64
  readonly name?: string;
  readonly addedAt: string;
}

/** An OpenPGP public key pinned for a CSAF publisher: its advisories must carry a valid signature by it. */
export interface PgpKey {
  readonly fingerprint: string;
  readonly publisher: string; // CSAF document.publisher.namespace
  readonly name?: string;
  readonly armored: string;
  readonly addedAt: string;
}

export class TrustStore {
  constructor(private readonly db: Db) {}

  add(k: TrustedKey): void {
    this.db.prepare('INSERT OR REPLACE INTO vuln_trusted_keys (key_id, public_key, name, added_at) VALUES (?,?,?,?)').run(k.keyId, k.publicKey, k.name ?? null, k.addedAt);
  }
  get(keyId: string): TrustedKey | undefined {
    const r = this.db.prepare('SELECT * FROM vuln_trusted_keys WHERE key_id = ?').get(keyId) as Record<string, string | null> | undefined;
    return r && { keyId: r.key_id!, publicKey: r.public_key!, name: r.name ?? undefined, addedAt: r.added_at! };
  }
  list(): TrustedKey[] {
    return (this.db.prepare('SELECT key_id FROM vuln_trusted_keys ORDER BY added_at').pluck().all() as string[]).map((id) => this.get(id)!);
  }
  /** The newest signed creation time imported with this key, if any. */
  newestBundle(keyId: string): { created: string; manifestSha256: string } | undefined {
    const r = this.db.prepare('SELECT created, manifest_sha256 FROM vuln_bundles WHERE key_id = ? ORDER BY created DESC LIMIT 1').get(keyId) as { created: string; manifest_sha256: string } | undefined;
    return r && { created: r.created, manifestSha256: r.manifest_sha256 };
  }
  recordBundle(manifestSha256: string, keyId: string, created: string, importedAt: string): void {
    this.db.prepare('INSERT OR IGNORE INTO vuln_bundles (manifest_sha256, key_id, created, imported_at) VALUES (?,?,?,?)').run(manifestSha256, keyId, created, importedAt);
  }

  addPgp(k: PgpKey): void {
    this.db.prepare('INSERT OR REPLACE INTO vuln_pgp_keys (fingerprint, publisher, name, armored, added_at) VALUES (?,?,?,?,?)').run(k.fingerprint, k.publisher, k.name ?? null, k.armored, k.addedAt);
  }
  /** Every pinned OpenPGP key, oldest first. */
  pgpKeys(): PgpKey[] {
    return (this.db.prepare('SELECT * FROM vuln_pgp_keys ORDER BY added_at, fingerprint').all() as Record<string, string | null>[]).map((r) => ({
      fingerprint: r.fingerprint!, publisher: r.publisher!, name: r.name ?? undefined, armored: r.armored!, addedAt: r.added_at!,
    }));
  }
}
