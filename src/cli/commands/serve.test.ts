/**
 * `radguard serve` on a store without users: it prints a one-time setup token (kept only hashed), the token opens
 * POST /api/setup on the printed URL, a restart prints a fresh token that voids the old one, and a store with an
 * account prints none. Runs the real command in-process (real socket) and stops it the way SIGTERM would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/run-cli.js';
import { sha256 } from '../../auth/secrets.js';
import { main } from '../main.js';

const dir = mkdtempSync(join(tmpdir(), 'radguard-serve-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'rg.db');

/** Starts serve on an ephemeral loopback port; waits for its "serving on" line and, when expected, the setup token. */
async function serve(expectToken: boolean): Promise<{ url: string; err: string; stop: () => Promise<number> }> {
  const stderr = new PassThrough();
  let err = '';
  const ready = new Promise<string>((res) =>
    stderr.on('data', (c) => {
      err += c;
      const m = /serving on (\S+)\n/.exec(err);
      if (m && (!expectToken || /enter it in the console/.test(err))) res(m[1]!);
    }),
  );
  const exit = main(['--db', db, 'serve', '--port', '0', '--quiet'], { stdout: new PassThrough(), stderr, env: { USER: 'tester' } });
  const url = await Promise.race([ready, exit.then((code) => Promise.reject(new Error(`serve exited ${code}: ${err}`)))]);
  return {
    url,
    get err() {
      return err;
    },
    stop: () => {
      process.emit('SIGTERM');
      return exit;
    },
  };
}

const tokenIn = (err: string) => /One-time setup token \(valid until [^)]+\):\n {2}([A-Za-z0-9_-]{43})\n/.exec(err)?.[1];

describe('radguard serve on a store without users', () => {
  it('prints a setup token that works once, replaced at each start, and none once an account exists', async () => {
    const first = await serve(true);
    const token1 = tokenIn(first.err);
    expect(token1).toBeDefined();
    expect(await first.stop()).toBe(0);

    const second = await serve(true);
    const token2 = tokenIn(second.err)!;
    expect(token2).toBeDefined();
    expect(token2).not.toBe(token1);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT token_hash FROM api_setup_token').pluck().get()).toBe(sha256(token2));
    raw.close();
    const post = (token: string) =>
      fetch(`${second.url}/api/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, username: 'first-admin', password: 'correct horse battery staple' }),
      });
    expect((await post(token1!)).status).toBe(403); // the earlier start's token is void
    const ok = await post(token2);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { totpUri: string }).totpUri).toMatch(/^otpauth:\/\/totp\//);
    expect(await second.stop()).toBe(0);

    writeFileSync(join(dir, 'pw'), 'correct horse battery staple\n');
    expect(
      (await runCli(['--db', db, 'users', 'add', 'ops', '--role', 'admin', '--password-file', join(dir, 'pw')], { USER: 'tester' })).code,
    ).toBe(0);
    const third = await serve(false);
    expect(await third.stop()).toBe(0);
    expect(third.err).toMatch(/serving on/);
    expect(third.err).not.toMatch(/setup token/);
  });
});
