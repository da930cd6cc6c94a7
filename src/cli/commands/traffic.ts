/**
 * `radguard traffic import FILE...`: flows from packet captures (pcap/pcapng, gzip too), Zeek conn.log or CSV flow
 * exports, judged against the zone policy like the active check; violations are kept as segmentation findings.
 * A flow missing from one capture proves nothing, so traffic never resolves a finding (ADR 0400). Exit 1 when a
 * violation was found.
 */
import type { Command } from 'commander';
import { randomIds, systemClock } from '../../core/clock.js';
import { checkFlows } from '../../segmentation/check.js';
import { renderResult } from '../../segmentation/render.js';
import { FlowSet } from '../../traffic/flow.js';
import { importTrafficFile, type ImportSummary } from '../../traffic/import.js';
import { SqliteSegmentationStore } from '../../store/sqlite/segmentation-store.js';
import { action, emit, EXIT, globals, type CommandModule } from '../command.js';
import { readPolicy } from './zones.js';

const describeImport = (s: ImportSummary): string =>
  `${s.file}: ${s.format}${s.gzip ? ' (gzip)' : ''}, ${s.packets !== null ? `${s.packets} packets, ` : ''}${s.rows !== null ? `${s.rows} rows, ` : ''}${s.flows} flows${s.truncated ? ', cut short' : ''}${s.problems.length ? `\n  ${s.problems.join('\n  ')}` : ''}\n`;

export const trafficCommand: CommandModule = {
  register(program, io, setExit) {
    const traffic = program.command('traffic').description('Passive verification from traffic the hospital already captures');
    traffic
      .command('import')
      .description('Import pcap/pcapng (gzip ok), Zeek conn.log (TSV/JSON) or CSV flows and check them against the zone policy')
      .argument('<files...>', 'capture or flow files')
      .requiredOption('--policy <file>', 'zone policy file')
      .option('--no-record', 'do not store the check and its findings')
      .option('--flows', 'include every flow in the JSON output')
      .option('--json', 'print JSON')
      .option('-o, --output <file>', 'also write the result to a file')
      .action(
        action(io, setExit, async (files: string[], opts: { policy: string; record: boolean; flows?: boolean }, cmd: Command) => {
          const policy = readPolicy(opts.policy);
          const g = globals(cmd);
          const flows = new FlowSet();
          const imports: ImportSummary[] = [];
          for (const f of files) imports.push(await importTrafficFile(f, flows));
          const result = checkFlows(policy, flows);
          const at = systemClock.now().toISOString();
          const id = randomIds.next('seg');
          let changes: unknown[] = [];
          if (opts.record) {
            const store = SqliteSegmentationStore.open(g.db);
            try {
              changes = store.recordCheck({ id, at, source: 'traffic', site: policy.site, inputs: files, result }, result.violations, () => false);
            } finally {
              store.close();
            }
          }
          emit(io, g, { checkId: opts.record ? id : null, at, imports, flowCount: flows.size, ...(opts.flows ? { flows: [...flows] } : {}), ...result, changes }, () => imports.map(describeImport).join('') + renderResult(result));
          return result.violations.length ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
