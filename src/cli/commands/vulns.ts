/**
 * `radguard vulns match --cpe CPE [--cpe …] | --sbom FILE | --vendor V --product P | --model NAME | --asset ID`
 * matches components against the imported feeds and prints `{ feeds, warnings, matches: [{ component, cve, source,
 * cvss, kev, epss, confidence, evidence, priority }] }`, most urgent first. CPEs given together describe one asset.
 * Exit 1 when something affects the components, 0 when nothing does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import pc from 'picocolors';
import { randomIds, systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import type { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { componentsOf, listedComponents, wireSpeaksFor } from '../../scan/vulns.js';
import { inventoryDevice, knownSoftware, knownSoftwareOf } from '../../inventory/resolve.js';
import { assetsOfModel, modelNamesOf, SbomStore } from '../../store/sqlite/vuln-sbom-store.js';
import { feedWarnings } from '../../vuln/feeds/freshness.js';
import { feedStatus, matchComponents, openVulnIndex, patchListOf, setUpgradeTargets, type Component } from '../../vuln/index.js';
import { textOf, tryParseCpe } from '../../vuln/match/cpe.js';
import { readSbomFile } from '../../vuln/sbom/read-sbom.js';
import { exportCycloneDxVex } from '../../vuln/vex/export-cyclonedx.js';
import { readVex } from '../../vuln/vex/read-vex.js';
import { applyTriage, recordVex, stillAffected, type TriagedMatch } from '../../vuln/vex/triage.js';
import { EXIT, action, collect, emit, globals, withStore, type CliIO, type CommandModule } from '../command.js';
import { registerProposals } from './vulns-proposals.js';
import { maxAge, renderAges } from './feeds.js';
import { stepBar } from '../progress.js';
import { renderReassessment, runReassessment } from '../reassess-run.js';

interface Opts {
  cpe?: string[];
  sbom?: string;
  vendor?: string;
  product?: string;
  softwareVersion?: string;
  model?: string;
  asset?: string;
  maxAgeDays?: string;
  review?: boolean;
  vexOut?: string;
  limit: string;
}


/** The most urgent `limit` rows (0: all); the rest are counted, so an SBOM's hundred thousand matches stay readable. */
function render(matches: readonly TriagedMatch[], limit: number): string {
  if (!matches.length) return 'No known vulnerability matches these components.\n';
  const shown = limit > 0 ? matches.slice(0, limit) : matches;
  const rows = shown.map((m) => {
    const cvss = m.cvss === undefined || m.cvss === 'unscored' ? 'unscored' : `${m.cvss.score} v${m.cvss.version}`;
    return `${String(m.priority?.score ?? '').padStart(3)}  ${m.cve.padEnd(16)} ${m.source.padEnd(4)} ${m.confidence.padEnd(6)} ${cvss.padEnd(10)} ${m.kev ? 'KEV' : '   '} ${m.epss ? m.epss.epss.toFixed(3) : '  -  '}  ${m.component.name}${m.component.version ? ` ${m.component.version}` : ''}${m.triage ? `  [triaged: ${m.triage.status}${m.triage.justification ? `, ${m.triage.justification}` : ''}]` : m.distribution ? `  [${m.distribution.ecosystem}: ${m.distribution.fixed ? 'fixed in this build' : 'not fixed in this build'}]` : ''}`;
  });
  const top = matches[0]!;
  return [
    'prio CVE              src  conf   CVSS       KEV EPSS   component',
    ...rows,
    ...(shown.length < matches.length ? [`… and ${matches.length - shown.length} more, less urgent (--limit 0 shows all; --json lists all)`] : []),
    '',
    `Why is ${top.cve} first? ${top.priority?.why.join('; ') ?? ''}`,
    `Evidence: ${top.evidence.map((e) => `${e.searched} ⊆ ${e.matched}${e.range ? ` (${e.range})` : ''}${e.notes.length ? ` — ${e.notes.join('; ')}` : ''}`).join(' | ')}`,
    '',
  ].join('\n');
}

export const vulnsCommand: CommandModule = {
  register(program: Command, io: CliIO, setExit) {
    const vulns = program.command('vulns').description('Known vulnerabilities of components');
    vulns
      .command('match')
      .description('Match CPEs, an SBOM, a product by name, or the stored SBOMs of a model/asset against the imported feeds')
      .option('--cpe <cpe>', 'CPE 2.3 (or 2.2 URI) of a component; repeat for several on one asset', collect)
      .option('--sbom <file>', 'an SBOM file (CycloneDX JSON/XML, SPDX JSON/tag-value)')
      .option('--vendor <name>', 'with --product: a product or device named by its manufacturer, as an inventory names it')
      .option('--product <name>', "with --vendor: the product or model's name, matched by name against CISA's advisories and NVD")
      .option('--software-version <v>', 'with --product: the version it runs (without it, what is bounded by version is for review)')
      .option('--model <name>', 'the SBOMs stored for this device model, and the model as the inventory names its devices')
      .option('--asset <ref>', "one device's software: its SBOMs and its model's, and the products the latest scan of it identified (id, serial, MAC, AE title, hostname or address)")
      .option('--no-review', 'leave out matches that need human review')
      .option('--vex-out <file>', 'also write the matches as a CycloneDX 1.6 VEX document')
      .option('--max-age-days <n>', 'warn when a feed is older than this', '7')
      .option('--limit <n>', 'rows in the printed table, most urgent first (0: all; --json always lists all)', '50')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (opts: Opts, cmd: Command) => {
          const g = globals(cmd);
          const limit = maxAge(opts.maxAgeDays);
          const rows = Number(opts.limit);
          if (!Number.isInteger(rows) || rows < 0) throw new UsageError(`--limit must be a whole number (0: all rows), got ${JSON.stringify(opts.limit)}`);
          const byName = opts.vendor !== undefined || opts.product !== undefined;
          const given = [opts.cpe?.length ? 1 : 0, opts.sbom ? 1 : 0, byName ? 1 : 0, opts.model ? 1 : 0, opts.asset ? 1 : 0].reduce((a, b) => a + b, 0);
          if (given !== 1) throw new UsageError('give --cpe (one or more), --sbom FILE, --vendor NAME --product NAME, --model NAME or --asset ID');
          if (byName && !(opts.vendor?.trim() && opts.product?.trim())) throw new UsageError('--vendor and --product go together, each with a name');
          if (opts.softwareVersion !== undefined && !byName) throw new UsageError('--software-version goes with --vendor and --product');
          let components: Component[];
          if (byName) {
            const version = opts.softwareVersion?.trim();
            components = [{ id: 'product', kind: 'device', vendor: opts.vendor!.trim(), name: opts.product!.trim(), ...(version ? { version } : {}), cpes: [], source: 'manual', asset: 'command-line' }];
          } else if (opts.cpe) {
            for (const c of opts.cpe) if (!tryParseCpe(c)) throw new UsageError(`--cpe ${JSON.stringify(c)} is not a CPE 2.3 name (cpe:2.3:part:vendor:product:version:…, 13 fields) or a CPE 2.2 URI`);
            components = opts.cpe.map((c, i): Component => {
              const p = tryParseCpe(c)!;
              const part = textOf(p[0]!);
              return { id: `cpe-${i + 1}`, kind: part === 'o' ? 'os' : part === 'h' ? 'device' : 'application', name: textOf(p[2]!) ?? c, vendor: textOf(p[1]!),
                version: textOf(p[3]!), cpes: [c], source: 'manual', asset: 'command-line' };
            });
          } else if (opts.sbom) {
            const doc = readSbomFile(opts.sbom);
            components = doc.components.map((c) => ({ ...c, asset: opts.sbom }));
          } else components = [];
          return withStore(cmd, (store) => {
            const db = store.db;
            // A device of the inventory is what the inventory names it, runs what its own SBOMs and its model's list,
            // and what scans identified on it.
            const known = opts.asset === undefined ? null : new InventoryStore(db, randomIds).find(opts.asset);
            const assetId = known?.id ?? opts.asset;
            let models: string[] = [];
            const wire: Component[] = [];
            if (opts.model || opts.asset) {
              const sboms = new SbomStore(db);
              // A model is also what the inventory names its devices: the first one's manufacturer and model, with no
              // version (its devices may run several), so what an advisory bounds by version is for review.
              const ofModel = opts.model === undefined ? undefined : assetsOfModel(new InventoryStore(db, randomIds).eachAsset(), opts.model)[0];
              const device = ofModel && inventoryDevice({ ...ofModel, softwareVersion: null });
              const software = known
                ? knownSoftwareOf(known, sboms)
                : [...(device ? [device] : []), ...sboms.list({ model: opts.model, assetId }).map(knownSoftware)];
              components = software.flatMap(listedComponents);
              for (const address of known?.addresses ?? []) {
                const seen = store.latestHost(address);
                if (seen) for (const { port: _p, observationId: _o, ...c } of componentsOf(address, seen.host.observations)) wire.push(c);
              }
              components.push(...wire);
              if (!components.length)
                throw new UsageError(
                  opts.model
                    ? `no SBOM stored for model "${opts.model}" and no device of it in the inventory; import one with radguard sbom import`
                    : `nothing known of the software of asset ${opts.asset}: the inventory names no manufacturer and model for it, no SBOM is on file for it or its model, and no scan identified a product on it`,
                );
              models = [...(known ? modelNamesOf(known) : []), ...software.flatMap((s) => (s.model === undefined ? [] : [s.model]))];
            }
            const index = openVulnIndex(db);
            const ages = feedStatus(index, systemClock, limit);
            // One synchronous step: the line says what the wait is for (an SBOM of thousands of components takes seconds).
            const bar = stepBar(io.stderr, !!io.stderr.isTTY, 'steps');
            bar.update({ done: 0, total: 1, current: `matching ${components.length} component(s) against the feeds` });
            // A known asset's clinical criticality weighs in its priorities, as in a scan of it.
            const criticality = known && known.criticality !== 'unknown' ? known.criticality : undefined;
            const all = matchComponents(index, components, criticality ? { context: () => ({ criticality }) } : {});
            // As in a scan: the product identified on the wire speaks for the SBOM entry of the same software.
            const onWire = new Set(wire.map((c) => c.id));
            const speaks = wireSpeaksFor(components.filter((c) => !onWire.has(c.id)), wire, all.filter((m) => onWire.has(m.component.id)));
            const found = all.filter((m) => !speaks(m));
            let matches = applyTriage(db, found, components, { model: opts.model, asset: assetId, models });
            setUpgradeTargets(index, matches); // each match's own target, as its finding would say it
            bar.done();
            if (opts.vexOut) writeFileSync(opts.vexOut, `${JSON.stringify(exportCycloneDxVex(components, matches, systemClock), null, 2)}\n`);
            if (opts.review === false) matches = matches.filter((m) => m.confidence !== 'review');
            const review = matches.filter((m) => m.confidence === 'review').length;
            const patchFirst = patchListOf(index, matches.filter(stillAffected));
            emit(io, g, { feeds: ages, warnings: feedWarnings(ages), components: components.length, matches, review, patchFirst }, () =>
              renderAges(ages, !!io.stderr.isTTY) + '\n' + render(matches, rows) + (review ? `${review} match(es) need human review (confidence "review").\n` : '') +
              (patchFirst.length ? `\nPatch first:\n${patchFirst.slice(0, 10).map((p, i) => `${String(i + 1).padStart(2)}. ${p.component.name}${p.component.version ? ` ${p.component.version}` : ''}: ${p.cves.length} CVE(s)${p.kev.length ? `, ${p.kev.length} in KEV` : ''}${p.upgradeTo.length ? ` — upgrade to ${p.upgradeTo.join(' or ')}` : ''}`).join('\n')}\n` : ''),
            );
            if (feedWarnings(ages).length && !g.json && !g.output) io.stderr.write(`${pc.bold(pc.red('radguard: results above come from missing or stale feeds — see the warnings'))}\n`);
            const open = matches.filter(stillAffected);
            return open.some((m) => m.confidence !== 'review') ? EXIT.findings : EXIT.ok;
          });
        }),
      );
    vulns
      .command('vex')
      .description('Record the statements of a VEX document (CycloneDX VEX, CSAF VEX, OpenVEX) as triage decisions')
      .argument('<file>', 'VEX document')
      .option('--model <name>', 'decisions hold for every asset of this device model')
      .option('--asset <ref>', 'decisions hold for this asset only (id, serial, MAC, AE title, hostname or address)')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (file: string, opts: { model?: string; asset?: string }, cmd: Command) => {
          const g = globals(cmd);
          if (opts.model && opts.asset) throw new UsageError('give at most one of --model and --asset (neither: site-wide)');
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch {
            throw new UsageError(`${file}: cannot read the VEX file`);
          }
          const statements = readVex(file, text);
          const { asset, assets } = withStore(cmd, ({ db }) => {
            const inventory = new InventoryStore(db, randomIds);
            // An asset by any identifier, keyed by its id (what scans look decisions up by).
            const asset = opts.asset === undefined ? undefined : (inventory.find(opts.asset)?.id ?? opts.asset);
            const assets = asset !== undefined ? (inventory.get(asset) ? 1 : 0) : opts.model !== undefined ? assetsOfModel(inventory.eachAsset(), opts.model).length : -1;
            recordVex(db, statements, { model: opts.model, asset }, systemClock);
            return { asset, assets };
          });
          const scope = asset ? `asset ${asset}` : opts.model ? `model "${opts.model}"` : 'the whole site';
          emit(io, g, { statements, assets: assets < 0 ? null : assets }, () =>
            `Recorded ${statements.length} VEX statement(s) for ${scope}:\n${statements.map((s) => `  ${s.cve} ${s.identity}: ${s.status}${s.justification ? ` (${s.justification})` : ''}`).join('\n')}\n` +
            (assets === 0
              ? `warning: no asset of the inventory is ${opts.model ? `of model "${opts.model}" (manufacturer and model, or the model alone)` : asset}; the decisions apply once one is\n`
              : `They apply to the findings of ${assets < 0 ? 'every device' : `${assets} device(s)`} at the next scan; radguard vulns reassess applies them now, radguard vulns match --asset REF shows them.\n`),
          );
          return EXIT.ok;
        }),
      );
    registerProposals(vulns, io, setExit);
    vulns
      .command('reassess')
      .description("Bring every device's vulnerability findings up to the feeds, SBOMs and VEX decisions on file, without network traffic (inventory devices no scan has probed are judged on their inventory facts and SBOMs)")
      .option('--asset <ref>', 'only this device (id, serial, MAC, AE title, hostname or address); repeat for several', collect)
      .option('--max-age-days <n>', 'warn when a feed is older than this', '7')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (opts: { asset?: string[]; maxAgeDays?: string }, cmd: Command) => {
          const g = globals(cmd);
          const limit = maxAge(opts.maxAgeDays);
          // A device by any identifier: its findings are kept under its asset id, or under the address scanned.
          const only = opts.asset
            ? (store: SqliteScanStore, inventory: InventoryStore) =>
                new Set(
                  opts.asset!.map((ref) => {
                    const known = inventory.find(ref);
                    if (!known && !store.latestHost(ref)) throw new UsageError(`no asset and no scanned address is ${JSON.stringify(ref)}`);
                    return known?.id ?? ref;
                  }),
                )
            : undefined;
          const run = runReassessment(cmd, io, only);
          const feeds = withStore(cmd, ({ db }) => feedStatus(db, systemClock, limit), { readonly: true });
          const summary = { ...run, feeds, warnings: feedWarnings(feeds) };
          emit(io, g, summary, () => [...summary.warnings, ...renderReassessment(run), ''].join('\n'));
          return summary.opened + summary.reopened > 0 ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
