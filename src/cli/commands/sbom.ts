/**
 * `radguard sbom import FILE --model "Vendor Model" | --asset ID` stores an SBOM (CycloneDX JSON/XML, SPDX
 * JSON/tag-value) for a device model — it then applies to every asset of that model — or for one asset.
 * CycloneDX JSON is checked against its published schema: violations are printed as warnings, or with --strict
 * refuse the file (nothing is stored).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { openDb } from '../../store/sqlite/db.js';
import { SbomStore } from '../../store/sqlite/vuln-sbom-store.js';
import { readSbomFile } from '../../vuln/sbom/read-sbom.js';
import { EXIT, action, emit, globals, type CliIO, type CommandModule } from '../command.js';

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
          const db = openDb(g.db);
          try {
            const id = new SbomStore(db).add({
              model: opts.model, assetId: opts.asset, path: file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
              format: doc.format, specVersion: doc.specVersion, importedAt: systemClock.now().toISOString(), components: doc.components,
            });
            const withIds = doc.components.filter((c) => c.cpes.length || c.purl).length;
            emit(io, g, { id, format: doc.format, specVersion: doc.specVersion, components: doc.components.length, matchable: withIds, warnings: doc.warnings,
              schema: doc.schema ?? null, schemaIssues: doc.schemaIssues, schemaIssueCount: doc.schemaIssueCount }, () =>
              [
                `Imported ${doc.format} ${doc.specVersion} for ${opts.model ? `model "${opts.model}"` : `asset ${opts.asset}`}: ${doc.components.length} components, ${withIds} with a CPE or purl`,
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
          } finally {
            db.close();
          }
        }),
      );
  },
};
