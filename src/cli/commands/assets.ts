/**
 * `radguard assets import|list|show|plan|overdue`: the imaging fleet as devices, its replacement plan and SLA clocks. Imports CSV (through the template or a
 * column mapping such as the shipped `cmms` and `cmdb` ones), JSON and nmap XML, merging with what scans
 * found; bad records are listed by line and column and the good ones kept (exit 1 when any was rejected).
 */
import type { Command } from 'commander';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { randomIds, systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { importCsv, importJson, importNmapAssets, type ImportResult } from '../../inventory/import/assets-import.js';
import { TEMPLATE_MAPPING, validateMapping, type ColumnMapping } from '../../inventory/import/fields.js';
import { planCsv, replacementPlan } from '../../inventory/lifecycle/plan.js';
import { DEFAULT_SLA, parseSla, slaStatus } from '../../inventory/lifecycle/sla.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { SbomStore } from '../../store/sqlite/vuln-sbom-store.js';
import { action, emit, EXIT, globals, withStore, type CommandModule } from '../command.js';

const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const SHIPPED = ['cmms', 'cmdb'];

export function readInput(file: string): string {
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  if (statSync(file).size > MAX_IMPORT_BYTES) throw new UsageError(`${file}: larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
  return readFileSync(file, 'utf8');
}

function loadMapping(ref: string | undefined): ColumnMapping {
  if (!ref || ref === 'template') return TEMPLATE_MAPPING;
  const path = SHIPPED.includes(ref) ? new URL(`../../../src/inventory/import/mappings/${ref}.json`, import.meta.url).pathname : ref;
  let raw: unknown;
  try {
    raw = JSON.parse(readInput(path));
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`mapping "${ref}": not a shipped mapping (${SHIPPED.join(', ')}) and ${e.message}`);
    throw new UsageError(`mapping ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return validateMapping(raw, path);
}

export const problemLines = (file: string, r: { problems: ImportResult['problems'] }): string =>
  r.problems
    .map((p) => `  ${file}${p.line === null ? '' : `:${p.line}`}${p.column === null ? '' : `:${p.column}`} ${p.where}: ${p.message}`)
    .join('\n');

export const assetsCommand: CommandModule = {
  register(program, io, setExit) {
    const assets = program.command('assets').description('The device inventory: import, list, show with history');
    // Never read-only: opening writable applies the inventory migrations to a store made by an older version.
    const withInventory = <T>(cmd: Command, fn: (inv: InventoryStore) => T): T =>
      withStore(cmd, (store) => fn(new InventoryStore(store.db, randomIds)));

    assets
      .command('import')
      .description('Import assets from CSV (template or --mapping), JSON, or nmap XML')
      .argument('<file>', 'the export to import')
      .option('--format <fmt>', 'csv, json or nmap (default: from the file extension)')
      .option('--mapping <name|file>', `column mapping for CSV: template (default), ${SHIPPED.join(', ')}, or a mapping JSON file`)
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (file: string, opts: { format?: string; mapping?: string }, cmd: Command) => {
          const format =
            opts.format ??
            ({ '.csv': 'csv', '.tsv': 'csv', '.json': 'json', '.xml': 'nmap' } as Record<string, string>)[extname(file).toLowerCase()];
          if (!format || !['csv', 'json', 'nmap'].includes(format))
            throw new UsageError(`cannot tell the format of ${file}: use --format csv|json|nmap`);
          const mapping = format === 'csv' ? loadMapping(opts.mapping) : null;
          const text = readInput(file);
          const ctx = { source: `import:${file}`, at: systemClock.now().toISOString() };
          const r = withInventory(cmd, (inventory) =>
            format === 'csv'
              ? importCsv(text, mapping!, inventory, ctx)
              : format === 'json'
                ? importJson(text, inventory, ctx)
                : importNmapAssets(text, inventory, ctx),
          );
          emit(
            io,
            globals(cmd),
            { file, format, mapping: mapping?.name ?? null, ...r },
            () =>
              `${file}: ${r.records} records, ${r.imported} imported (${r.created} new, ${r.updated} matched), ${r.merged} duplicates merged, ${r.moved} identifiers moved, ${r.problems.length} problems\n` +
              (r.problems.length ? `${problemLines(file, r)}\n` : ''),
          );
          return r.problems.length ? EXIT.findings : EXIT.ok;
        }),
      );

    assets
      .command('list')
      .description('List assets')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_o: unknown, cmd: Command) => {
          const list = withInventory(cmd, (inventory) => inventory.list());
          emit(io, globals(cmd), { assets: list }, () =>
            list.length === 0
              ? 'No assets. Import an inventory (radguard assets import) or run a scan.\n'
              : list
                  .map(
                    (a) =>
                      `${a.id}  ${(a.name ?? '-').padEnd(14)} ${(a.role ?? '?').padEnd(13)} ${`${a.manufacturer ?? ''} ${a.model ?? ''}`.trim().padEnd(24)} ${a.criticality.padEnd(13)} ${a.addresses.join(', ')}`,
                  )
                  .join('\n') + '\n',
          );
        }),
      );

    assets
      .command('show')
      .description('One asset (by id, serial, MAC, AE title, hostname or address) with its identifier history and events')
      .argument('<ref>', 'asset id or identifier')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (ref: string, _o: unknown, cmd: Command) => {
          const { a, identifiers, events, sboms, openFindings } = withStore(cmd, (store) => {
            const inventory = new InventoryStore(store.db, randomIds);
            const a = inventory.find(ref);
            if (!a) throw new UsageError(`no asset matches "${ref}"`);
            return {
              a,
              identifiers: inventory.identifierHistory(a.id),
              events: inventory.events(a.id),
              sboms: new SbomStore(store.db).onFile(a),
              openFindings: inventory.openFindingsOf(a.id),
            };
          });
          emit(
            io,
            globals(cmd),
            { asset: a, identifiers, events, sboms, openFindings },
            () =>
              [
                `${a.name ?? a.id} (${a.id})`,
                ...Object.entries(a)
                  .filter(([k, v]) => !['id', 'name'].includes(k) && v !== null && !(Array.isArray(v) && v.length === 0))
                  .map(([k, v]) => `  ${k.padEnd(16)} ${Array.isArray(v) ? v.join(', ') : String(v)}`),
                'Identifiers:',
                ...identifiers.map(
                  (i) =>
                    `  ${i.kind.padEnd(9)} ${i.value.padEnd(22)} ${i.firstSeen.slice(0, 10)} … ${i.endedAt ? `ended ${i.endedAt.slice(0, 10)}` : `last seen ${i.lastSeen.slice(0, 10)}`}`,
                ),
                `SBOMs on file (matched at every scan of it): ${sboms.length ? '' : 'none'}`,
                ...sboms.map((b) => `  ${String(b.id).padStart(4)}  ${b.model !== undefined ? `model "${b.model}"` : 'this asset'}  ${b.format} ${b.specVersion}, ${b.components} components  ${b.path}  imported ${b.importedAt.slice(0, 10)}`),
                `Open findings: ${openFindings.length ? `radguard findings list --asset ${a.id}` : 'none'}`,
                ...openFindings.map(
                  (f) => `  ${String(f.open).padStart(4)} (${f.highOrCritical} high or critical) at ${f.host === a.id ? 'no address (kept under its asset id)' : f.host}`,
                ),
                'History:',
                ...events.map((e) => `  ${e.at.slice(0, 19)}  ${e.kind.padEnd(18)} ${JSON.stringify(e.detail)}  (${e.source})`),
              ].join('\n') + '\n',
          );
        }),
      );

    assets
      .command('plan')
      .description('Risk-ranked replacement plan: end of support, criticality, open findings, KEV vulnerabilities')
      .option('--format <fmt>', 'table (default), csv or json')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (opts: { format?: string }, cmd: Command) => {
          const at = systemClock.now();
          const plan = withInventory(cmd, (inv) => {
            const counts = inv.findingCounts();
            return replacementPlan(
              inv.eachAsset(),
              (id) => inv.model(id),
              (id) => counts.get(id) ?? { open: 0, highOrCritical: 0, kev: 0 },
              at,
            );
          });
          if (opts.format === 'csv') {
            io.stdout.write(planCsv(plan));
            return;
          }
          emit(io, { ...globals(cmd), json: globals(cmd).json || opts.format === 'json' }, { at: at.toISOString(), plan }, () =>
            plan.length === 0
              ? 'No assets.\n'
              : plan
                  .map(
                    (r) =>
                      `${String(r.rank).padStart(4)}. ${(r.name ?? r.assetId).padEnd(16)} score ${String(r.score).padStart(5)}  ${r.why}`,
                  )
                  .join('\n') + '\n',
          );
        }),
      );

    assets
      .command('overdue')
      .description('Remediation SLA clocks: overdue and due-soon findings, expired risk acceptances')
      .option('--sla <spec>', 'days per severity, e.g. critical=7,high=30,medium=90,low=180,info=none')
      .option('--all', 'also list findings that are on track')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (opts: { sla?: string; all?: boolean }, cmd: Command) => {
          const sla = opts.sla ? parseSla(opts.sla) : DEFAULT_SLA;
          if (typeof sla === 'string') throw new UsageError(`--sla: ${sla}`);
          const at = systemClock.now();
          const list = withInventory(cmd, (inv) => [...inv.trackedFindings()].map((f) => slaStatus(f, at, sla)))
            .filter((f) => opts.all || f.status === 'overdue' || f.status === 'due-soon' || f.status === 'acceptance-expired')
            .sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity));
          emit(io, globals(cmd), { at: at.toISOString(), sla, findings: list }, () =>
            list.length === 0
              ? 'Nothing overdue.\n'
              : list
                  .map(
                    (f) =>
                      `${f.status.padEnd(18)} ${f.due ?? '-'} (${f.dueFrom ?? '-'})  ${f.severity.padEnd(8)} ${f.host}  ${f.ruleId}${f.cve ? ` ${f.cve}` : ''}  ${f.key}`,
                  )
                  .join('\n') + '\n',
          );
          return list.some((f) => f.status === 'overdue' || f.status === 'acceptance-expired') ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
