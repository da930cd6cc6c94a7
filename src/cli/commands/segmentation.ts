/**
 * `radguard segmentation check|review|findings`: proves (or disproves) that the zones are kept apart, from the
 * stored scans of every vantage, and keeps the violations as findings; `review` reads a firewall ruleset instead
 * (no sensor, no scan) and reports the paths it allows against the policy. Exit 1 when a violation exists.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { randomIds, systemClock } from '../../core/clock.js';
import { FINDING_STATES, type FindingState } from '../../core/finding.js';
import { UsageError } from '../../core/errors.js';
import { checkScans, type SegmentationResult } from '../../segmentation/check.js';
import { cleartextDicomFromScans } from '../../segmentation/dicom-findings.js';
import { renderDicomFindings, renderResult } from '../../segmentation/render.js';
import { renderSvg } from '../../segmentation/svg.js';
import { reviewRuleset } from '../../segmentation/ruleset/evaluate.js';
import { RULESET_FORMATS, readRuleset } from '../../segmentation/ruleset/read.js';
import { renderReview } from '../../segmentation/ruleset/render.js';
import { SqliteSegmentationStore } from '../../store/sqlite/segmentation-store.js';
import { action, emit, EXIT, globals, type CommandModule } from '../command.js';
import { readPolicy } from './zones.js';

/** A zone pair counts as assessed when the check observed it or did not list it as not assessed. */
export const assessedIn = (r: SegmentationResult) => (from: string, to: string) =>
  !r.notAssessed.some((n) => n.from === from && (n.to === null || n.to === to));

export const segmentationCommand: CommandModule = {
  register(program, io, setExit) {
    const seg = program.command('segmentation').description('Verify zone separation from scans of several vantages');

    seg
      .command('check')
      .description('Reachability matrix from stored scans vs the zone policy; violations and what was not assessed')
      .requiredOption('--policy <file>', 'zone policy file (radguard zones template)')
      .option('--no-record', 'do not store the check and its findings')
      .option('--json', 'print JSON')
      .option('-o, --output <file>', 'also write the result to a file')
      .option('--svg <file>', 'also draw the zones and the observed cross-zone flows as an SVG diagram')
      .action(
        action(io, setExit, (opts: { policy: string; record: boolean; svg?: string }, cmd: Command) => {
          const policy = readPolicy(opts.policy);
          const g = globals(cmd);
          const store = SqliteSegmentationStore.open(g.db, { readonly: !opts.record });
          try {
            const result = checkScans(policy, store.vantageScans(), store.openPorts());
            const dicomFindings = cleartextDicomFromScans(result);
            const at = systemClock.now().toISOString();
            const id = randomIds.next('seg');
            const changes = opts.record
              ? store.recordCheck({ id, at, source: 'scan', site: policy.site, inputs: result.vantages.map((v) => v.scanId), result }, [...result.violations, ...dicomFindings], assessedIn(result))
              : [];
            if (opts.svg) writeFileSync(opts.svg, renderSvg(result, { site: policy.site }));
            emit(io, g, { checkId: opts.record ? id : null, at, ...result, dicomFindings, changes }, () => renderResult(result) + renderDicomFindings(dicomFindings));
            // the exit code answers "does the network break the zone policy"; DICOM hygiene findings are kept and listed
            return result.violations.length ? EXIT.findings : EXIT.ok;
          } finally {
            store.close();
          }
        }),
      );

    seg
      .command('review')
      .description('Sensor-less review: which zone-to-zone paths a firewall ruleset allows, compared with the zone policy')
      .requiredOption('--policy <file>', 'zone policy file (radguard zones template)')
      .requiredOption('--ruleset <file>', 'iptables-save output, `nft -j list ruleset` JSON, or a CSV rule table')
      .option('--format <format>', `ruleset format (${RULESET_FORMATS.join(', ')}; default: recognised from the file)`)
      .option('--interface <iface=zone...>', 'place an interface in a zone, for rules with -i/-o or iifname/oifname (repeatable)')
      .option('--default-action <action>', 'CSV only: what no row decides (allow or deny; default deny)')
      .option('--json', 'print JSON')
      .option('-o, --output <file>', 'also write the result to a file')
      .action(
        action(io, setExit, (opts: { policy: string; ruleset: string; format?: string; interface?: string[]; defaultAction?: string }, cmd: Command) => {
          const policy = readPolicy(opts.policy);
          const interfaces = new Map<string, string>();
          for (const m of opts.interface ?? []) {
            const [iface, zone, extra] = m.split('=');
            if (!iface || !zone || extra !== undefined) throw new UsageError(`--interface ${m}: expected IFACE=ZONE, e.g. eth1=office`);
            interfaces.set(iface, zone);
          }
          const def = opts.defaultAction?.toLowerCase();
          if (def !== undefined && !['allow', 'accept', 'deny', 'drop'].includes(def)) throw new UsageError(`--default-action ${opts.defaultAction}: allow or deny`);
          const ruleset = readRuleset(opts.ruleset, policy, { format: opts.format, defaultAction: def === 'allow' || def === 'accept' ? 'accept' : 'drop' });
          const review = reviewRuleset(ruleset, policy, interfaces);
          emit(io, globals(cmd), { ruleset: opts.ruleset, ...review }, () => renderReview(review));
          return review.violations.length ? EXIT.findings : EXIT.ok;
        }),
      );

    seg
      .command('findings')
      .description('Stored segmentation findings (from scans and traffic) with their state')
      .option('--state <state>', `only this state (${FINDING_STATES.join(', ')})`)
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (opts: { state?: string }, cmd: Command) => {
          if (opts.state && !(FINDING_STATES as readonly string[]).includes(opts.state)) throw new UsageError(`unknown state "${opts.state}" (one of ${FINDING_STATES.join(', ')})`);
          const store = SqliteSegmentationStore.open(globals(cmd).db, { readonly: true });
          try {
            const list = store.findings(opts.state ? { state: opts.state as FindingState } : {});
            emit(io, globals(cmd), { findings: list }, () =>
              list.length ? list.map((f) => `${f.state.padEnd(14)} [${f.severity}] ${f.ruleId} ${f.fromZone} → ${f.host}:${f.port}/${f.protocol}\n`).join('') : 'No segmentation findings.\n',
            );
          } finally {
            store.close();
          }
        }),
      );
  },
};
