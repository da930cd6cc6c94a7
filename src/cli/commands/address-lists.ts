/**
 * The two site lists of address blocks, managed alike: `radguard do-not-probe list|add|remove` (addresses no scan
 * may ever touch, on any code path) and `radguard scope list|add|remove` (public blocks the site owns and may scan
 * without --allow-public).
 */
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import type { DoNotProbeEntry } from '../../net/guard.js';
import { validateBlockEntry } from '../../scan/launch.js';
import { envelope } from '../../report/model.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { action, emit, globals, withStore, type CommandModule } from '../command.js';

interface ListSpec {
  readonly name: string;
  readonly kind: string;
  readonly description: string;
  readonly reasonHelp: string;
  readonly empty: string;
  list(s: SqliteScanStore): DoNotProbeEntry[];
  add(s: SqliteScanStore, e: DoNotProbeEntry, by: string, at: string): void;
  remove(s: SqliteScanStore, cidr: string): boolean;
}

function addressListCommand(spec: ListSpec): CommandModule {
  return {
    register(program, io, setExit) {
      const cmd = program.command(spec.name).description(spec.description);
      const show = (c: Command, s: SqliteScanStore, text: string) =>
        emit(io, globals(c), { ...envelope(spec.kind, systemClock.now().toISOString()), entries: spec.list(s) }, () => text);
      cmd
        .command('list')
        .option('--json', 'print JSON')
        .action(
          action(io, setExit, (_o: unknown, c: Command) =>
            withStore(c, (s) => {
              const list = spec.list(s);
              show(c, s, list.length ? list.map((e) => `${e.cidr}\t${e.reason}`).join('\n') + '\n' : `${spec.empty}\n`);
            }),
          ),
        );
      cmd
        .command('add')
        .argument('<cidr>', 'an address or CIDR block')
        .requiredOption('--reason <text>', spec.reasonHelp)
        .option('--json', 'print JSON')
        .action(
          action(io, setExit, (cidr: string, opts: { reason: string }, c: Command) =>
            withStore(c, (s) => {
              validateBlockEntry({ cidr, reason: opts.reason });
              spec.add(s, { cidr, reason: opts.reason }, currentUser(), systemClock.now().toISOString());
              show(c, s, `added ${cidr}\n`);
            }),
          ),
        );
      cmd
        .command('remove')
        .argument('<cidr>', 'the entry as listed')
        .option('--json', 'print JSON')
        .action(
          action(io, setExit, (cidr: string, _o: unknown, c: Command) =>
            withStore(c, (s) => {
              if (!spec.remove(s, cidr)) throw new UsageError(`${cidr} is not on the ${spec.name} list`);
              show(c, s, `removed ${cidr}\n`);
            }),
          ),
        );
    },
  };
}

export const doNotProbeCommand = addressListCommand({
  name: 'do-not-probe',
  kind: 'do-not-probe',
  description: 'Addresses and blocks that no scan may ever touch',
  reasonHelp: 'why (shown in every scan that skips it)',
  empty: 'The do-not-probe list is empty.',
  list: (s) => s.doNotProbe(),
  add: (s, e, by, at) => s.addDoNotProbe(e, by, at),
  remove: (s, cidr) => s.removeDoNotProbe(cidr),
});

export const scopeCommand = addressListCommand({
  name: 'scope',
  kind: 'public-scope',
  description: 'Public address blocks this site owns and may scan without --allow-public',
  reasonHelp: 'whose block it is and who approved scanning it',
  empty: 'No public blocks are allowed; public targets need --allow-public.',
  list: (s) => s.publicScope(),
  add: (s, e, by, at) => s.addPublicScope(e, by, at),
  remove: (s, cidr) => s.removePublicScope(cidr),
});

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
