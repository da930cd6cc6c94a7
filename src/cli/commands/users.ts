/**
 * `radguard users add|list|set-role|passwd|disable|enable|totp`: local accounts of the web console. There is no
 * default password: the first admin is made here. Admins always get a TOTP secret (printed once as an otpauth://
 * URI for the authenticator app). Vendor-service accounts need a manufacturer and/or site and an expiry date.
 * Adding a user ends first-admin setup: an outstanding setup token of `radguard serve` is invalidated.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { AuditLog, auditKeyPath, loadAuditKey } from '../../auth/audit.js';
import { hashPassword, passwordProblem } from '../../auth/password.js';
import { assertAdminRemains, checkRole, USERNAME } from '../../auth/accounts.js';
import { API_ROLES, type ApiRole, type Scope } from '../../auth/roles.js';
import { SetupService } from '../../auth/setup.js';
import { newTotpSecret, totpUri } from '../../auth/totp.js';
import { systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { ApiStore } from '../../store/sqlite/api-store.js';
import type { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { action, emit, globals, withStore, type CliIO, type CommandModule } from '../command.js';
import { askHiddenTwice } from '../hidden-prompt.js';

interface RoleOpts {
  role: string;
  manufacturer?: string;
  site?: string;
  expires?: string;
}

function roleFrom(o: RoleOpts): { role: ApiRole; scope: Scope; expiresAt: string | null } {
  const r = checkRole(o);
  if ('error' in r) throw new UsageError(r.error);
  return r;
}

/** The password from --password-file (`-` for stdin), else a prompt without echo on a terminal. */
async function readPassword(io: CliIO, file: string | undefined): Promise<string> {
  if (file !== undefined) {
    const text = readFileSync(file === '-' ? 0 : file, 'utf8');
    return text.split(/\r?\n/)[0] ?? '';
  }
  return askHiddenTwice(io, 'Password', 'use --password-file <file> (or - for stdin)');
}

const auditOf = (cmd: Command, store: SqliteScanStore, io: CliIO) =>
  new AuditLog(new ApiStore(store.db), loadAuditKey(auditKeyPath(globals(cmd).db, io.env, (cmd.optsWithGlobals() as { auditKey?: string }).auditKey), true));
const actor = (io: CliIO) => `cli:${io.env.USER ?? 'unknown'}`;

export const usersCommand: CommandModule = {
  register(program, io, setExit) {
    const users = program
      .command('users')
      .description('Local accounts of the web console and API')
      .option('--audit-key <file>', 'audit log key file (default: $RADGUARD_AUDIT_KEY or <db>.audit-key)');

    users
      .command('add')
      .description('Add a user (the first admin is made this way; there is no default password)')
      .argument('<username>', 'login name')
      .requiredOption('--role <role>', API_ROLES.join(', '))
      .option('--manufacturer <name>', 'vendor-service: the one manufacturer whose devices it sees')
      .option('--site <site>', 'vendor-service: the one site it sees')
      .option('--expires <date>', 'account expiry (required for vendor-service)')
      .option('--password-file <file>', 'read the password from the first line of a file (- for stdin)')
      .option('--totp', 'require a TOTP code at login (always on for admins)')
      .action(
        action(io, setExit, async (username: string, o: RoleOpts & { passwordFile?: string; totp?: boolean }, cmd: Command) => {
          if (!USERNAME.test(username)) throw new UsageError('username: 1–64 letters, digits, . _ @ -');
          const r = roleFrom(o);
          const password = await readPassword(io, o.passwordFile);
          const problem = passwordProblem(password, username);
          if (problem) throw new UsageError(problem);
          const passwordHash = await hashPassword(password);
          const totpSecret = r.role === 'admin' || o.totp ? newTotpSecret() : null;
          withStore(cmd, (store) => {
            const at = systemClock.now().toISOString();
            new ApiStore(store.db).addUser({ username, passwordHash, ...r, totpSecret }, at);
            const audit = auditOf(cmd, store, io);
            audit.append({ at, actor: actor(io), action: 'user.added', target: username, detail: { role: r.role, scope: r.scope, expiresAt: r.expiresAt } });
            // an account exists now: a setup token printed by `serve` must not make a second first admin
            new SetupService(new ApiStore(store.db), audit, systemClock, store.db).invalidate(actor(io));
          });
          const value = { username, role: r.role, scope: r.scope, expiresAt: r.expiresAt, totpUri: totpSecret ? totpUri(totpSecret, username) : null };
          emit(io, globals(cmd), value, () =>
            `Added ${username} (${r.role}).\n` + (totpSecret ? `Add this to the authenticator app now (shown once):\n  ${value.totpUri}\n` : ''),
          );
        }),
      );

    users
      .command('list')
      .description('List users with role, scope, expiry and lock state')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) =>
          withStore(
            cmd,
            (store) => {
              const list = new ApiStore(store.db)
                .users()
                .map((u) => ({ username: u.username, role: u.role, scope: u.scope, expiresAt: u.expiresAt, totp: u.totpSecret !== null, disabled: u.disabled, lockedUntil: u.lockedUntil }));
              emit(io, globals(cmd), { users: list }, () =>
                list.length === 0
                  ? 'No users yet. Make the first admin: radguard users add <name> --role admin\n'
                  : list
                      .map((u) => `${u.username.padEnd(20)} ${u.role.padEnd(20)} ${[u.scope.manufacturer, u.scope.site].filter(Boolean).join('/') || '-'}${u.expiresAt ? `  until ${u.expiresAt}` : ''}${u.disabled ? '  DISABLED' : ''}${u.totp ? '  totp' : ''}`)
                      .join('\n') + '\n',
              );
            },
            { readonly: true },
          ),
        ),
      );

    users
      .command('set-role')
      .description('Change a user\'s role, scope and expiry (ends the user\'s sessions)')
      .argument('<username>')
      .requiredOption('--role <role>', API_ROLES.join(', '))
      .option('--manufacturer <name>')
      .option('--site <site>')
      .option('--expires <date>')
      .action(
        action(io, setExit, (username: string, o: RoleOpts, cmd: Command) => {
          const r = roleFrom(o);
          withStore(cmd, (store) => {
            const api = new ApiStore(store.db);
            const before = api.user(username);
            if (!before) throw new UsageError(`no user "${username}"`);
            assertAdminRemains(api, username, { role: r.role, disabled: before.disabled });
            if (r.role === 'admin' && !before.totpSecret) throw new UsageError(`${username} has no TOTP secret: run radguard users totp ${username} first`);
            const at = systemClock.now().toISOString();
            api.setRole(username, r.role, r.scope, r.expiresAt, at);
            api.deleteUserSessions(username);
            auditOf(cmd, store, io).append({ at, actor: actor(io), action: 'user.role-changed', target: username, detail: { from: before.role, to: r.role, scope: r.scope, expiresAt: r.expiresAt } });
          });
          io.stdout.write(`${username} is now ${r.role}.\n`);
        }),
      );

    users
      .command('passwd')
      .description('Set a user\'s password (ends the user\'s sessions, clears a lockout)')
      .argument('<username>')
      .option('--password-file <file>', 'read the password from the first line of a file (- for stdin)')
      .action(
        action(io, setExit, async (username: string, o: { passwordFile?: string }, cmd: Command) => {
          const password = await readPassword(io, o.passwordFile);
          const problem = passwordProblem(password, username);
          if (problem) throw new UsageError(problem);
          const hash = await hashPassword(password);
          withStore(cmd, (store) => {
            const api = new ApiStore(store.db);
            const at = systemClock.now().toISOString();
            if (!api.setPassword(username, hash, at)) throw new UsageError(`no user "${username}"`);
            api.clearFailures(username);
            api.deleteUserSessions(username);
            auditOf(cmd, store, io).append({ at, actor: actor(io), action: 'user.password-set', target: username });
          });
          io.stdout.write(`Password of ${username} changed.\n`);
        }),
      );

    for (const [verb, disabled] of [['disable', true], ['enable', false]] as const)
      users
        .command(verb)
        .description(disabled ? 'Disable a user (ends its sessions; its tokens stop working)' : 'Enable a disabled user')
        .argument('<username>')
        .action(
          action(io, setExit, (username: string, _o: unknown, cmd: Command) => {
            withStore(cmd, (store) => {
              const api = new ApiStore(store.db);
              const at = systemClock.now().toISOString();
              const before = api.user(username);
              if (!before) throw new UsageError(`no user "${username}"`);
              if (disabled) assertAdminRemains(api, username, { role: before.role, disabled: true });
              api.setDisabled(username, disabled, at);
              if (disabled) api.deleteUserSessions(username);
              auditOf(cmd, store, io).append({ at, actor: actor(io), action: `user.${verb}d`, target: username });
            });
            io.stdout.write(`${username} ${verb}d.\n`);
          }),
        );

    users
      .command('totp')
      .description('Give a user a new TOTP secret (prints the otpauth:// URI once)')
      .argument('<username>')
      .action(
        action(io, setExit, (username: string, _o: unknown, cmd: Command) => {
          const secret = newTotpSecret();
          withStore(cmd, (store) => {
            const at = systemClock.now().toISOString();
            if (!new ApiStore(store.db).setTotp(username, secret, at)) throw new UsageError(`no user "${username}"`);
            auditOf(cmd, store, io).append({ at, actor: actor(io), action: 'user.totp-reset', target: username });
          });
          emit(io, globals(cmd), { username, totpUri: totpUri(secret, username) }, () => `New TOTP secret for ${username} (shown once):\n  ${totpUri(secret, username)}\n`);
        }),
      );
  },
};
