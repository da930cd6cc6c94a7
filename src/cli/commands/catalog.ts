/** `radguard probes list` and `radguard rules list`: what the registries hold (docs/catalog.md is generated from them). */
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { probes } from '../../probes/index.js';
import { envelope } from '../../report/model.js';
import { rules } from '../../rules/index.js';
import { action, emit, globals, type CommandModule } from '../command.js';

export const catalogCommand: CommandModule = {
  register(program, io, setExit) {
    program
      .command('probes')
      .description('The probes Radguard can run')
      .command('list')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) => {
          const list = probes.map((p) => ({ id: p.id, summary: p.summary, safety: p.safety, transport: p.transport, ports: p.ports }));
          emit(io, globals(cmd), { ...envelope('probe-list', systemClock.now().toISOString()), probes: list }, () =>
            list.map((p) => `${p.id.padEnd(24)} ${p.safety.padEnd(10)} ${p.summary}`).join('\n') + '\n',
          );
        }),
      );
    program
      .command('rules')
      .description('The rules that turn observations into findings')
      .command('list')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) => {
          const list = rules.map((r) => ({ id: r.id, title: r.title, severity: r.severity, remediation: r.remediation }));
          emit(io, globals(cmd), { ...envelope('rule-list', systemClock.now().toISOString()), rules: list }, () =>
            list.map((r) => `${r.id.padEnd(30)} ${r.severity.padEnd(9)} ${r.title}`).join('\n') + '\n',
          );
        }),
      );
  },
};
