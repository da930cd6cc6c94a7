/**
 * `radguard traffic import FILE...`: flows from packet captures (pcap/pcapng, gzip too), Zeek conn.log or CSV flow
 * exports, judged against the zone policy like the active check; violations are kept as segmentation findings.
 * A flow missing from one capture proves nothing, so traffic never resolves a finding (ADR 0400). Exit 1 when a
 * violation was found.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { randomIds, systemClock } from '../../core/clock.js';
import { checkFlows } from '../../segmentation/check.js';
import { zoneOf } from '../../segmentation/policy.js';
import { cleartextDicomFromTraffic, duplicateAeTitles } from '../../segmentation/dicom-findings.js';
import { renderDicomFindings, renderResult } from '../../segmentation/render.js';
import { renderSvg } from '../../segmentation/svg.js';
import { FlowSet } from '../../traffic/flow.js';
import { importTrafficFile, type ImportSummary } from '../../traffic/import.js';
import { aeRegistry, PassiveExtractor } from '../../traffic/passive.js';
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
      .option('--svg <file>', 'also draw the zones and the observed cross-zone flows as an SVG diagram')
      .action(
        action(io, setExit, async (files: string[], opts: { policy: string; record: boolean; flows?: boolean; svg?: string }, cmd: Command) => {
          const policy = readPolicy(opts.policy);
          const g = globals(cmd);
          const flows = new FlowSet();
          const imports: ImportSummary[] = [];
          const passive = new PassiveExtractor();
          for (const f of files) imports.push(await importTrafficFile(f, flows, passive));
          const result = checkFlows(policy, flows);
          const zone = (a: string) => zoneOf(policy, a)?.name ?? null;
          const dicom = {
            associations: passive.associations,
            ...aeRegistry(passive.associations),
            // every association seen in a capture was readable, i.e. not TLS; between zones that is worth a look
            cleartextBetweenZones: passive.associations
              .filter((a) => zone(a.client) !== zone(a.server))
              .map((a) => ({ client: a.client, clientZone: zone(a.client), server: a.server, serverZone: zone(a.server), port: a.serverPort, callingAe: a.callingAe, calledAe: a.calledAe })),
          };
          const hl7 = passive.hl7;
          const dicomFindings = [...cleartextDicomFromTraffic(policy, passive.associations), ...duplicateAeTitles(policy, passive.associations)];
          const at = systemClock.now().toISOString();
          const id = randomIds.next('seg');
          let changes: unknown[] = [];
          if (opts.record) {
            const store = SqliteSegmentationStore.open(g.db);
            try {
              changes = store.recordCheck({ id, at, source: 'traffic', site: policy.site, inputs: files, result }, [...result.violations, ...dicomFindings], () => false);
              store.addAppFacts(id, [
                ...passive.associations.map((a) => ({ kind: 'dicom-association' as const, client: a.client, server: a.server, serverPort: a.serverPort, startedAt: a.startedAt, facts: a })),
                ...hl7.map((h) => ({ kind: 'hl7-connection' as const, client: h.client, server: h.server, serverPort: h.serverPort, startedAt: h.startedAt, facts: h })),
              ]);
            } finally {
              store.close();
            }
          }
          if (opts.svg) writeFileSync(opts.svg, renderSvg(result, { site: policy.site }));
          emit(io, g, { checkId: opts.record ? id : null, at, imports, flowCount: flows.size, ...(opts.flows ? { flows: [...flows] } : {}), ...result, dicom, hl7, dicomFindings, changes }, () =>
            imports.map(describeImport).join('') +
            `DICOM: ${dicom.associations.length} association(s), ${dicom.entries.length} AE title(s)${dicom.duplicates.length ? `, duplicated: ${dicom.duplicates.map((d) => `${d.aeTitle} on ${d.hosts.join(', ')}`).join('; ')}` : ''}${dicom.cleartextBetweenZones.length ? `, ${dicom.cleartextBetweenZones.length} without TLS between zones` : ''}\n` +
            `HL7: ${hl7.length} connection(s), ${hl7.reduce((n, h) => n + h.messages.length, 0)} message(s)\n` +
            renderResult(result) +
            renderDicomFindings(dicomFindings));
          return result.violations.length ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
