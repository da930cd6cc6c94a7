/**
 * `radguard models import|ports|mds2|list|show`: the device-model catalog — declared ports and services, OS,
 * end of support, latest validated software, SBOM link — from a models CSV, a vendor's per-model ports CSV, or
 * an MDS2 form (xlsx or text PDF, read by question ID). Ports from one source replace that source's earlier ones.
 */
import type { Command } from 'commander';
import { basename } from 'node:path';
import { randomIds, systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { importModelsCsv, importPortsCsv } from '../../inventory/import/models-import.js';
import { readMds2File } from '../../inventory/mds2/read.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { action, emit, EXIT, globals, withStore, type CommandModule } from '../command.js';
import { problemLines, readInput } from './assets.js';

export const modelsCommand: CommandModule = {
  register(program, io, setExit) {
    const models = program.command('models').description('Device models: declared ports, OS, end of support, MDS2 forms');
    const withInventory = <T>(cmd: Command, fn: (inv: InventoryStore) => T): T =>
      withStore(cmd, (store) => fn(new InventoryStore(store.db, randomIds)));
    const csvImport = (name: string, what: string, run: typeof importModelsCsv) =>
      models
        .command(name)
        .description(what)
        .argument('<file>', 'CSV file')
        .option('--json', 'print JSON')
        .action(
          action(io, setExit, (file: string, _o: unknown, cmd: Command) => {
            const text = readInput(file);
            const r = withInventory(cmd, (inv) => run(text, inv, { source: basename(file), at: systemClock.now().toISOString() }));
            emit(
              io,
              globals(cmd),
              { file, ...r },
              () =>
                `${file}: ${r.models} models, ${r.ports} declared ports, ${r.problems.length} problems\n${r.problems.length ? `${problemLines(file, r)}\n` : ''}`,
            );
            return r.problems.length ? EXIT.findings : EXIT.ok;
          }),
        );
    csvImport(
      'import',
      'Import a models CSV (manufacturer, model, role, os, end_of_support, end_of_life, latest_version, sbom_url, ports)',
      importModelsCsv,
    );
    csvImport('ports', 'Import a per-model ports CSV (manufacturer, model, port, protocol, service, purpose)', importPortsCsv);

    models
      .command('mds2')
      .description('Import an MDS2 form (xlsx or text PDF): declared ports from its notes and port list, OS, remote service')
      .argument('<file>', 'MDS2 workbook or PDF')
      .option('--manufacturer <name>', 'when the form does not name it (DOC section)')
      .option('--model <name>', 'when the form does not name it (DOC section)')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, async (file: string, opts: { manufacturer?: string; model?: string }, cmd: Command) => {
          readInput(file);
          const form = await readMds2File(file);
          const manufacturer = opts.manufacturer ?? form.manufacturer;
          const model = opts.model ?? form.model;
          if (!manufacturer || !model)
            throw new UsageError(`${file}: the form names no ${manufacturer ? 'model' : 'manufacturer'}; give --manufacturer and --model`);
          const ports = [...form.portList];
          for (const p of form.ports)
            if (!ports.some((x) => x.port === p.port && x.protocol === p.protocol))
              ports.push({ port: p.port, protocol: p.protocol, purpose: `MDS2 ${p.from}` });
          const at = systemClock.now().toISOString();
          const source = `mds2:${basename(file)}`;
          const { modelId, marked } = withInventory(cmd, (inv) => {
            const existing = inv.modelByName(manufacturer, model);
            const id = inv.upsertModel(
              { manufacturer, model, ports, portsSource: source, ...(form.os && !existing?.os ? { os: form.os } : {}) },
              at,
            );
            return { modelId: id, marked: inv.markMds2OnFile(id, at, source) };
          });
          const summary = {
            file,
            format: form.format,
            manufacturer,
            model,
            modelId,
            documentId: form.documentId,
            releaseDate: form.releaseDate,
            ports,
            remoteService: form.remoteService,
            os: form.os,
            counts: form.counts,
            warnings: form.warnings,
            assetsMarked: marked,
          };
          emit(
            io,
            globals(cmd),
            summary,
            () =>
              [
                `${file} (${form.format}): ${manufacturer} ${model}${form.documentId ? `, document ${form.documentId}` : ''}${form.releaseDate ? ` of ${form.releaseDate}` : ''}`,
                `  answers: ${Object.entries(form.counts)
                  .map(([k, v]) => `${v} ${k}`)
                  .join(', ')}`,
                `  declared ports: ${ports.map((p) => `${p.port}/${p.protocol}${p.purpose ? ` (${p.purpose})` : p.service ? ` (${p.service})` : ''}`).join(', ') || 'none found'}`,
                `  remote service (RMOT-1): ${form.remoteService === null ? 'not answered' : form.remoteService ? 'yes' : 'no'}; OS named: ${form.os ?? 'none'}`,
                `  ${marked} asset(s) now marked "MDS2 on file"`,
                ...form.warnings.map((w) => `  warning: ${w}`),
              ].join('\n') + '\n',
          );
        }),
      );

    models
      .command('list')
      .description('List the catalog')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) => {
          const list = withInventory(cmd, (inv) => inv.models());
          emit(io, globals(cmd), { models: list }, () =>
            list.length === 0
              ? 'No device models yet.\n'
              : list
                  .map(
                    (m) =>
                      `${m.manufacturer} ${m.model}  role=${m.role ?? '?'}  eos=${m.endOfSupport ?? '?'}  ports=${m.ports.map((p) => `${p.port}/${p.protocol}`).join(',') || '-'}`,
                  )
                  .join('\n') + '\n',
          );
        }),
      );
  },
};
