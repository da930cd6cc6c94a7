/** `radguard scans list|show|diff|import`: the stored scans, one report, what changed, and nmap imports. */
import type { Command } from 'commander';
import { randomIds, systemClock } from '../../core/clock.js';
import { diffScans, renderDiff } from '../../report/diff.js';
import { envelope } from '../../report/model.js';
import { aeTitleMap } from '../../rules/dicom/ae-title-map.js';
import { rules } from '../../rules/index.js';
import { feedStatus } from '../../vuln/index.js';
import { importNmapFile } from '../../scan/nmap-import.js';
import { targetsCover } from '../../scan/targets.js';
import { action, emit, globals, withStore, type CommandModule } from '../command.js';
import { writeReport } from '../render.js';

export const scansCommand: CommandModule = {
  register(program, io, setExit) {
    const scans = program.command('scans').description('Stored scans: list, show, diff, import');

    scans
      .command('list')
      .description('List scans, newest first (a scan whose process died shows as incomplete)')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) =>
          withStore(cmd, (store) => {
            const list = store.listScans();
            const value = { ...envelope('scan-list', systemClock.now().toISOString()), scans: list };
            emit(io, globals(cmd), value, () =>
              list.length === 0
                ? 'No scans yet. Try: radguard scan 127.0.0.1\n'
                : list
                    .map(
                      (s) =>
                        `${s.id}  ${s.status.padEnd(10)} ${s.startedAt}  ${s.source === 'scan' ? '' : `[${s.source}] `}${s.source === 'desk' ? `${s.targets.length} inventory device(s) no scan has probed, judged on their inventory facts and SBOMs` : s.targets.join(' ')}`,
                    )
                    .join('\n') + '\n',
            );
          }),
        ),
      );

    scans
      .command('show')
      .description('Show one scan report (default: the latest network scan)')
      .argument('[scan]', 'scan id, unique prefix, or latest', 'latest')
      .option('--format <fmt>', 'table, json or csv')
      .option('--json', 'print JSON')
      .option('-o, --output <file>', 'write to a file')
      .action(
        action(io, setExit, (ref: string, opts: { format?: string }, cmd: Command) =>
          withStore(
            cmd,
            (store) => {
              writeReport(
                io,
                globals(cmd),
                store,
                store.resolveScanId(ref),
                systemClock.now().toISOString(),
                opts.format,
                feedStatus(store.db, systemClock),
              );
            },
            { readonly: true },
          ),
        ),
      );

    scans
      .command('diff')
      .description('What changed between two scans: hosts, ports, software, findings')
      .argument('[from]', 'older scan (id, prefix); default: the previous scan', 'previous')
      .argument('[to]', 'newer scan (id, prefix); default: the latest', 'latest')
      .option('--json', 'print JSON')
      .option('-o, --output <file>', 'write to a file')
      .action(
        action(io, setExit, (from: string, to: string, _o: unknown, cmd: Command) =>
          withStore(
            cmd,
            (store) => {
              const d = diffScans(store, store.resolveScanId(from), store.resolveScanId(to), systemClock.now().toISOString(), targetsCover);
              emit(io, globals(cmd), d, () => renderDiff(d));
            },
            { readonly: true },
          ),
        ),
      );

    scans
      .command('ae-titles')
      .description('The DICOM AE-title map of a scan: AE ↔ host ↔ port ↔ role, and AE titles used by more than one node')
      .argument('[scan]', 'scan id, unique prefix, or latest', 'latest')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (ref: string, _o: unknown, cmd: Command) =>
          withStore(
            cmd,
            (store) => {
              const scanId = store.resolveScanId(ref);
              const map = aeTitleMap([...store.eachHost(scanId)].flatMap((h) => h.observations));
              emit(
                io,
                globals(cmd),
                { ...envelope('ae-title-map', systemClock.now().toISOString()), scanId, ...map },
                () =>
                  [
                    ...(map.entries.length ? [] : ['No DICOM node answered to a known AE title in this scan.']),
                    ...map.entries.map(
                      (e) => `${e.ae.padEnd(16)} ${e.host}:${e.port}${e.tls ? ' (TLS)' : ''}  ${e.roles.join(', ') || '-'}  [${e.source}]`,
                    ),
                    ...map.duplicates.map(
                      (d) => `DUPLICATE AE title ${d.ae} on ${d.endpoints.join(', ')}: C-MOVE routing and audit logs become ambiguous`,
                    ),
                  ].join('\n') + '\n',
              );
            },
            { readonly: true },
          ),
        ),
      );

    scans
      .command('import')
      .description('Import nmap XML (-oX) files as scans')
      .argument('<files...>', 'nmap XML files')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (files: string[], _o: unknown, cmd: Command) =>
          withStore(cmd, (store) => {
            const imported = files.map((f) => ({ file: f, ...importNmapFile(f, { store, clock: systemClock, ids: randomIds, rules }) }));
            emit(io, globals(cmd), { ...envelope('scan-import', systemClock.now().toISOString()), imported }, () =>
              imported.map((i) => `imported ${i.file}: scan ${i.scanId}, ${i.hosts} host(s)\n`).join(''),
            );
          }),
        ),
      );
  },
};
