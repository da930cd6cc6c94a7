/**
 * `radguard sbom import FILE --model "Vendor Model" | --asset ID` stores an SBOM (CycloneDX JSON/XML, SPDX
 * JSON/tag-value) for a device model — it then applies to every asset of that model — or for one asset, and says
 * which assets of the inventory it applies to. CycloneDX JSON is checked against its published schema: violations
 * are printed as warnings, or with --strict refuse the file (nothing is stored). `sbom list` shows what is on
 * file, `sbom show ID` one SBOM's components; `sbom remove ID` deletes one (the model's previous SBOM, if any,
 * applies again).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { randomIds } from '../../core/clock.js';
import type { Db } from '../../store/sqlite/db.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { assetsOfModel, foldModel, modelNamesOf, SbomStore } from '../../store/sqlite/vuln-sbom-store.js';
import { readSbomFile } from '../../vuln/sbom/read-sbom.js';
import { EXIT, action, emit, globals, withStore, type CliIO, type CommandModule } from '../command.js';

export const sbomCommand: CommandModule = {
  register(program: Command, io: CliIO, setExit) {
    const sbom = program.command('sbom').description('Software bills of materials of device models and assets');
    sbom
      .command('import')
      .description('Import an SBOM for a device model (--model) or one asset (--asset)')
      .argument('<file>', 'CycloneDX 1.2–1.6 JSON/XML or SPDX 2.2/2.3 JSON/tag-value')
      .option('--model <name>', 'the device model the SBOM describes, e.g. "Philips IntelliSpace Portal"')
      .option('--asset <id>', 'the one asset the SBOM describes')
      .option('--strict', 'refuse an SBOM that violates its published schema (CycloneDX JSON) instead of warning')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (file: string, opts: { model?: string; asset?: string; strict?: boolean }, cmd: Command) => {
          const g = globals(cmd);
          if (!opts.model === !opts.asset) throw new UsageError('give exactly one of --model "Vendor Model" or --asset ID');
          const doc = readSbomFile(file, { strict: opts.strict });
          return withStore(cmd, ({ db }) => {
            const id = new SbomStore(db).add({
              model: opts.model, assetId: opts.asset, path: file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
              format: doc.format, specVersion: doc.specVersion, importedAt: systemClock.now().toISOString(), components: doc.components,
            });
            const withIds = doc.components.filter((c) => c.cpes.length || c.purl).length;
            const assets = appliesTo(db, opts);
            emit(io, g, { id, format: doc.format, specVersion: doc.specVersion, components: doc.components.length, matchable: withIds, assets, warnings: doc.warnings,
              schema: doc.schema ?? null, schemaIssues: doc.schemaIssues, schemaIssueCount: doc.schemaIssueCount }, () =>
              [
                `Imported ${doc.format} ${doc.specVersion} as SBOM ${id} for ${opts.model ? `model "${opts.model}"` : `asset ${opts.asset}`}: ${doc.components.length} components, ${withIds} with a CPE or purl`,
                assets.length
                  ? `Applies to ${assets.length} asset(s) of the inventory: ${assets.slice(0, 10).map((a) => a.name ?? a.id).join(', ')}${assets.length > 10 ? ', …' : ''}; their next scan matches it, or radguard vulns reassess now`
                  : opts.model
                    ? `warning: no asset of the inventory is of model "${opts.model}" (manufacturer and model, or the model alone); it applies once one is`
                    : `warning: asset ${opts.asset} is not in the inventory; it applies once it is`,
                ...doc.warnings.slice(0, 20).map((w) => `warning: ${w}`),
                ...(doc.warnings.length > 20 ? [`… ${doc.warnings.length - 20} more warnings`] : []),
                doc.schemaIssueCount
                  ? `warning: ${doc.schemaIssueCount} violation(s) of the ${doc.schema ?? 'CycloneDX JSON'} schema (--strict refuses such a file):`
                  : doc.schema
                    ? `Valid against the ${doc.schema} schema`
                    : `No schema check for ${doc.format} (CycloneDX JSON and SPDX 2.3 JSON are checked)`,
                ...doc.schemaIssues.map((i) => `  ${i.path}: ${i.message}`),
                ...(doc.schemaIssueCount > doc.schemaIssues.length ? [`  … ${doc.schemaIssueCount - doc.schemaIssues.length} more`] : []),
                '',
              ].join('\n'),
            );
            return EXIT.ok;
          });
        }),
      );
    sbom
      .command('list')
      .description('The SBOMs on file: id, model or asset, file, components, whether it is the current one')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (_opts: object, cmd: Command) => {
          const g = globals(cmd);
          return withStore(cmd, ({ db }) => {
            // One pass over the inventory, not one per SBOM: a fleet has tens of thousands of assets.
            const perName = new Map<string, number>();
            const ids = new Set<string>();
            for (const a of new InventoryStore(db, randomIds).eachAsset()) {
              ids.add(a.id);
              for (const n of modelNamesOf(a)) perName.set(n, (perName.get(n) ?? 0) + 1);
            }
            const reach = (s: { model?: string; assetId?: string }) => (s.assetId !== undefined ? (ids.has(s.assetId) ? 1 : 0) : (perName.get(foldModel(s.model!)) ?? 0));
            const sboms = new SbomStore(db).history().map((s) => ({ ...s, assets: reach(s) }));
            emit(io, g, { sboms }, () =>
              sboms.length
                ? `${sboms
                    .map((s) => `${String(s.id).padStart(4)}  ${s.current ? 'current ' : 'replaced'}  ${s.model !== undefined ? `model "${s.model}"` : `asset ${s.assetId}`}  ${s.format} ${s.specVersion}, ${s.components} components, ${s.assets} asset(s)  ${s.path}  imported ${s.importedAt}`)
                    .join('\n')}\n`
                : 'No SBOM on file. Import one with: radguard sbom import FILE --model "Vendor Model" | --asset ID\n',
            );
            return EXIT.ok;
          });
        }),
      );
    sbom
      .command('show')
      .description('One stored SBOM: its components as read, and which ones cannot be matched (no CPE or purl)')
      .argument('<id>', 'SBOM id (see sbom list)')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (idText: string, _opts: object, cmd: Command) => {
          const g = globals(cmd);
          return withStore(cmd, ({ db }) => {
            const s = new SbomStore(db).get(sbomId(idText));
            if (!s) throw new UsageError(`no SBOM ${idText} on file (see radguard sbom list)`);
            const unmatchable = s.components.filter((c) => !c.cpes.length && !c.purl).length;
            emit(io, g, { sbom: s, unmatchable }, () =>
              [
                `SBOM ${s.id}: ${s.model !== undefined ? `model "${s.model}"` : `asset ${s.assetId}`}, ${s.format} ${s.specVersion}, ${s.path} (sha256 ${s.sha256.slice(0, 16)}…), imported ${s.importedAt}`,
                ...s.components.map((c) => `  ${c.kind.padEnd(11)} ${`${c.name}${c.version ? ` ${c.version}` : ''}`.padEnd(36)} ${c.cpes[0] ?? c.purl ?? 'no CPE or purl: cannot be matched'}${c.cpes.length > 1 ? ` (+${c.cpes.length - 1} CPE)` : ''}`),
                `${s.components.length} components, ${unmatchable} without a CPE or purl`,
                '',
              ].join('\n'),
            );
            return EXIT.ok;
          });
        }),
      );
    sbom
      .command('remove')
      .description("Delete one stored SBOM (see sbom list); the model's or asset's previous SBOM, if any, applies again")
      .argument('<id>', 'SBOM id')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (idText: string, _opts: object, cmd: Command) => {
          const g = globals(cmd);
          const id = sbomId(idText);
          return withStore(cmd, (store) => {
            const done = new SbomStore(store.db).remove(id);
            if (!done) throw new UsageError(`no SBOM ${id} on file (see radguard sbom list)`);
            const { removed: gone, current: now } = done;
            const of = gone.model !== undefined ? `model "${gone.model}"` : `asset ${gone.assetId}`;
            emit(io, g, { removed: id, current: now?.id ?? null }, () =>
              `Removed SBOM ${id} (${gone.path}). ${now ? `SBOM ${now.id} (${now.path}) applies to ${of} again.` : `No SBOM left for ${of}.`} The next scan of its devices, or radguard vulns reassess, matches what is on file now.\n`,
            );
            return EXIT.ok;
          });
        }),
      );
  },
};

function sbomId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`SBOM id must be a positive whole number, got "${text}"`);
  return id;
}

/** The inventory's assets an SBOM for this model (either spelling) or asset applies to. */
function appliesTo(db: Db, to: { model?: string; asset?: string }): Array<{ id: string; name: string | null }> {
  const inventory = new InventoryStore(db, randomIds);
  const mine = to.asset !== undefined ? [inventory.get(to.asset)].filter((a) => a !== null) : assetsOfModel(inventory.eachAsset(), to.model ?? '');
  return mine.map((a) => ({ id: a.id, name: a.name })).sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}
