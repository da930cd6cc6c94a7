/** `radguard do-not-probe list|add|remove`: the persistent list of addresses no scan may touch, on any code path. */
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { DoNotProbeGuard } from '../../net/guard.js';
import { envelope } from '../../report/model.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { action, emit, globals, type CommandModule } from '../command.js';

export const doNotProbeCommand: CommandModule = {
  register(program, io, setExit) {
    const dnp = program.command('do-not-probe').description('Addresses and blocks that no scan may ever touch');
    const withStore = <T>(cmd: Command, readonly: boolean, fn: (s: SqliteScanStore) => T) => {
      const s = SqliteScanStore.open(globals(cmd).db, { readonly });
      try {
        return fn(s);
      } finally {
        s.close();
      }
    };
    dnp
      .command('list')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) =>
          withStore(cmd, false, (s) => {
            const list = s.doNotProbe();
            emit(io, globals(cmd), { ...envelope('do-not-probe', systemClock.now().toISOString()), entries: list }, () =>
              list.length ? list.map((e) => `${e.cidr}\t${e.reason}`).join('\n') + '\n' : 'The do-not-probe list is empty.\n',
            );
          }),
        ),
      );
    dnp
      .command('add')
      .argument('<cidr>', 'an address or CIDR block')
      .requiredOption('--reason <text>', 'why (shown in every scan that skips it)')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (cidr: string, opts: { reason: string }, cmd: Command) =>
          withStore(cmd, false, (s) => {
            try {
              new DoNotProbeGuard([{ cidr, reason: opts.reason }]);
            } catch (e) {
              throw new UsageError((e as Error).message);
            }
            if (!opts.reason.trim()) throw new UsageError('--reason must not be empty');
            s.addDoNotProbe({ cidr, reason: opts.reason }, safeUser(), systemClock.now().toISOString());
            emit(io, globals(cmd), { ...envelope('do-not-probe', systemClock.now().toISOString()), entries: s.doNotProbe() }, () => `added ${cidr}\n`);
          }),
        ),
      );
    dnp
      .command('remove')
      .argument('<cidr>', 'the entry as listed')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (cidr: string, _o: unknown, cmd: Command) =>
          withStore(cmd, false, (s) => {
            if (!s.removeDoNotProbe(cidr)) throw new UsageError(`${cidr} is not on the do-not-probe list`);
            emit(io, globals(cmd), { ...envelope('do-not-probe', systemClock.now().toISOString()), entries: s.doNotProbe() }, () => `removed ${cidr}\n`);
          }),
        ),
      );
  },
};

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
