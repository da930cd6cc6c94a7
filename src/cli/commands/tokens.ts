/**
 * `radguard tokens add|list|revoke`: API tokens for scripts and integrations. A token is shown once; only its
 * hash is stored. It carries a role (never above its owner's), a scope and an expiry, and can be revoked.
 */
import type { Command } from 'commander';
import { AuditLog, auditKeyPath, loadAuditKey } from '../../auth/audit.js';
import { API_ROLES, isApiRole } from '../../auth/roles.js';
import { issueToken, MAX_TOKEN_DAYS } from '../../auth/tokens.js';
import { systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { ApiStore } from '../../store/sqlite/api-store.js';
import { action, emit, globals, withStore, type CommandModule } from '../command.js';

export const tokensCommand: CommandModule = {
  register(program, io, setExit) {
    const tokens = program
      .command('tokens')
      .description('API tokens: hashed at rest, scoped, expiring, revocable')
      .option('--audit-key <file>', 'audit log key file (default: $RADGUARD_AUDIT_KEY or <db>.audit-key)');
    const audit = (cmd: Command, api: ApiStore) =>
      new AuditLog(api, loadAuditKey(auditKeyPath(globals(cmd).db, io.env, (cmd.optsWithGlobals() as { auditKey?: string }).auditKey), true));

    tokens
      .command('add')
      .description('Issue a token (printed once)')
      .requiredOption('--owner <username>', 'the user the token acts for')
      .requiredOption('--name <name>', 'what it is for, e.g. "SIEM export"')
      .option('--role <role>', `${API_ROLES.join(', ')} (default: the owner's)`)
      .option('--manufacturer <name>', 'narrow to one manufacturer')
      .option('--site <site>', 'narrow to one site')
      .option('--days <n>', `lifetime in days, 1..${MAX_TOKEN_DAYS}`, '90')
      .action(
        action(io, setExit, (o: { owner: string; name: string; role?: string; manufacturer?: string; site?: string; days: string }, cmd: Command) => {
          const days = Number(o.days);
          if (!Number.isInteger(days)) throw new UsageError(`--days "${o.days}" is not a whole number`);
          const issued = withStore(cmd, (store) => {
            const api = new ApiStore(store.db);
            const owner = api.user(o.owner);
            if (!owner) throw new UsageError(`no user "${o.owner}"`);
            const role = o.role ?? owner.role;
            if (!isApiRole(role)) throw new UsageError(`unknown role "${role}" (one of: ${API_ROLES.join(', ')})`);
            return issueToken(api, audit(cmd, api), { owner: o.owner, name: o.name, role, scope: { manufacturer: o.manufacturer ?? null, site: o.site ?? null }, days, at: systemClock.now() });
          });
          emit(io, globals(cmd), issued, () => `Token ${issued.id} (expires ${issued.expiresAt}); shown once:\n  ${issued.token}\n`);
        }),
      );

    tokens
      .command('list')
      .description('List tokens (never their secrets)')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) =>
          withStore(
            cmd,
            (store) => {
              const list = new ApiStore(store.db).tokens().map(({ secretHash: _h, ...t }) => t);
              emit(io, globals(cmd), { tokens: list }, () =>
                list.length === 0
                  ? 'No tokens.\n'
                  : list.map((t) => `${t.id}  ${t.owner.padEnd(16)} ${t.role.padEnd(20)} ${t.name}  until ${t.expiresAt}${t.revokedAt ? '  REVOKED' : ''}`).join('\n') + '\n',
              );
            },
            { readonly: true },
          ),
        ),
      );

    tokens
      .command('revoke')
      .description('Revoke a token at once')
      .argument('<id>', 'token id (the part after rgt_, 16 characters)')
      .action(
        action(io, setExit, (id: string, _o: unknown, cmd: Command) => {
          withStore(cmd, (store) => {
            const api = new ApiStore(store.db);
            const at = systemClock.now().toISOString();
            if (!api.revokeToken(id, at)) throw new UsageError(`no active token "${id}"`);
            audit(cmd, api).append({ at, actor: `cli:${io.env.USER ?? 'unknown'}`, action: 'token.revoked', target: id });
          });
          io.stdout.write(`Token ${id} revoked.\n`);
        }),
      );
  },
};
