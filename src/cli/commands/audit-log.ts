/** `radguard audit-log verify|list`: check the HMAC chain (edited, deleted or truncated rows) and read the log. */
import type { Command } from 'commander';
import { auditKeyPath, loadAuditKey, verifyAudit } from '../../auth/audit.js';
import { ApiStore } from '../../store/sqlite/api-store.js';
import { EXIT, action, emit, globals, withStore, type CommandModule } from '../command.js';

export const auditLogCommand: CommandModule = {
  register(program, io, setExit) {
    const log = program
      .command('audit-log')
      .description('The append-only audit log of the web console and API')
      .option('--audit-key <file>', 'audit log key file (default: $RADGUARD_AUDIT_KEY or <db>.audit-key)');
    const keyOf = (cmd: Command) => loadAuditKey(auditKeyPath(globals(cmd).db, io.env, (cmd.optsWithGlobals() as { auditKey?: string }).auditKey), false);

    log
      .command('verify')
      .description('Verify the chain; exit 1 when a row was edited or deleted or the tail was cut off')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) =>
          withStore(
            cmd,
            (store) => {
              const v = verifyAudit(new ApiStore(store.db), keyOf(cmd));
              emit(io, globals(cmd), v, () => (v.ok ? `Audit log intact: ${v.rows} rows.\n` : `AUDIT LOG TAMPERED (${v.rows} rows):\n${v.problems.map((p) => `  ${p}`).join('\n')}\n`));
              return v.ok ? EXIT.ok : EXIT.findings;
            },
            { readonly: true },
          ),
        ),
      );

    log
      .command('list')
      .description('The newest entries')
      .option('--limit <n>', 'how many', '50')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (o: { limit: string }, cmd: Command) =>
          withStore(
            cmd,
            (store) => {
              const rows = new ApiStore(store.db).auditPage(Math.max(1, Math.min(10_000, Number(o.limit) || 50)), null).map(({ mac: _m, ...r }) => r);
              emit(io, globals(cmd), { entries: rows }, () => rows.map((r) => `${r.seq}  ${r.at}  ${r.actor.padEnd(16)} ${r.action}${r.target ? ` ${r.target}` : ''}`).join('\n') + '\n');
            },
            { readonly: true },
          ),
        ),
      );
  },
};
