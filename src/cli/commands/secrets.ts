/**
 * `radguard secrets set|list|delete|rotate-key`: the secrets the server keeps (the OIDC client secret, credentials
 * for authenticated checks), sealed with AES-256-GCM under a key file outside the database (--secrets-key, else
 * $RADGUARD_SECRETS_KEY, else <db>.secrets-key). Values go in from a file, stdin or a prompt without echo and are
 * never printed; `list` shows names, key ids and dates. Every change is audited.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { AuditLog, auditKeyPath, loadAuditKey } from '../../auth/audit.js';
import { loadSecretsKeyring, secretsKeyPath } from '../../auth/secret-box.js';
import { checkName, SecretVault } from '../../auth/secret-vault.js';
import { systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { ApiStore } from '../../store/sqlite/api-store.js';
import { SecretStore } from '../../store/sqlite/secret-store.js';
import type { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { action, emit, globals, withStore, type CliIO, type CommandModule } from '../command.js';
import { askHiddenTwice } from '../hidden-prompt.js';

interface KeyOpts {
  secretsKey?: string;
  auditKey?: string;
}

const actor = (io: CliIO) => `cli:${io.env.USER ?? 'unknown'}`;

function vaultOf(cmd: Command, store: SqliteScanStore, io: CliIO, createKey: boolean): SecretVault {
  const o = cmd.optsWithGlobals() as KeyOpts;
  const db = globals(cmd).db;
  const audit = new AuditLog(new ApiStore(store.db), loadAuditKey(auditKeyPath(db, io.env, o.auditKey), true));
  return new SecretVault(store.db, loadSecretsKeyring(secretsKeyPath(db, io.env, o.secretsKey), createKey), audit);
}

/** The value from --value-file (`-` for stdin; one trailing newline dropped), piped stdin, or a prompt on a terminal. */
async function readValue(io: CliIO, file: string | undefined): Promise<string> {
  if (file !== undefined || !process.stdin.isTTY)
    return readFileSync(file === undefined || file === '-' ? 0 : file, 'utf8').replace(/\r?\n$/, '');
  return askHiddenTwice(io, 'Value', 'pipe the value on stdin or use --value-file <file>');
}

export const secretsCommand: CommandModule = {
  register(program, io, setExit) {
    const secrets = program
      .command('secrets')
      .description('Secrets the server keeps, encrypted at rest under a key file outside the database')
      .option('--secrets-key <file>', 'secrets key file (default: $RADGUARD_SECRETS_KEY or <db>.secrets-key)')
      .option('--audit-key <file>', 'audit log key file (default: $RADGUARD_AUDIT_KEY or <db>.audit-key)');

    secrets
      .command('set')
      .description('Store or replace a secret; the value comes from stdin, --value-file or a prompt')
      .argument('<name>', 'lower-case letters, digits, . _ -')
      .option('--value-file <file>', 'read the value from a file (- for stdin)')
      .action(
        action(io, setExit, async (name: string, o: { valueFile?: string }, cmd: Command) => {
          try {
            checkName(name);
          } catch (e) {
            throw new UsageError((e as Error).message);
          }
          const value = await readValue(io, o.valueFile);
          if (value.length === 0) throw new UsageError(`secret "${name}": the value is empty`);
          const r = withStore(cmd, (store) => vaultOf(cmd, store, io, true).set(name, value, actor(io), systemClock.now().toISOString()));
          io.stdout.write(`${r.created ? 'Stored' : 'Replaced'} secret ${name}.\n`);
        }),
      );

    secrets
      .command('list')
      .description('Names, key ids and dates of the stored secrets (never the values)')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) =>
          withStore(
            cmd,
            (store) => {
              const list = new SecretStore(store.db).list();
              emit(io, globals(cmd), { secrets: list }, () =>
                list.length === 0
                  ? 'No secrets stored.\n'
                  : list.map((s) => `${s.name.padEnd(32)} key ${s.keyId}  updated ${s.updatedAt} by ${s.updatedBy}`).join('\n') + '\n',
              );
            },
            { readonly: true },
          ),
        ),
      );

    secrets
      .command('delete')
      .description('Delete a secret')
      .argument('<name>')
      .action(
        action(io, setExit, (name: string, _o: unknown, cmd: Command) => {
          const gone = withStore(cmd, (store) => vaultOf(cmd, store, io, false).delete(name, actor(io), systemClock.now().toISOString()));
          if (!gone) throw new UsageError(`no secret "${name}"`);
          io.stdout.write(`Deleted secret ${name}.\n`);
        }),
      );

    secrets
      .command('rotate-key')
      .description('Make a new secrets key and re-encrypt every secret with it (the old key is then dropped from the key file)')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) => {
          const r = withStore(cmd, (store) => vaultOf(cmd, store, io, false).rotateKey(actor(io), systemClock.now().toISOString()));
          io.stdout.write(`Secrets key rotated: ${r.from} → ${r.to}; ${r.resealed} secret(s) re-encrypted.\n`);
        }),
      );
  },
};
