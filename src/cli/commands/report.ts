/**
 * `radguard report --format pdf|csv|json`: the executive PDF (five-practice scorecard, top risks, end-of-support
 * timeline, replacement plan), a technical CSV of every tracked finding with its device and SLA due date, or
 * the executive content as JSON. `--vendor NAME` writes a ticket for one manufacturer instead: its devices,
 * their open findings and the patches to request.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { randomIds, systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { executiveReport } from '../../inventory/report/executive.js';
import { executivePdf } from '../../inventory/report/executive-pdf.js';
import { csvCell as cell, findingsCsv } from '../../inventory/report/findings-csv.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { ApiStore } from '../../store/sqlite/api-store.js';
import { participationSince } from '../../inventory/report/participation.js';
import { latestSegmentationCheck } from '../../store/sqlite/segmentation-store.js';
import { segmentationView, type StoredCheck } from '../../segmentation/view.js';
import { envelope } from '../../report/model.js';
import { action, emit, globals, withStore, type CommandModule } from '../command.js';

export const reportCommand: CommandModule = {
  register(program, io, setExit) {
    program
      .command('report')
      .description('Executive PDF, technical CSV or JSON report of the fleet; --vendor for a manufacturer ticket')
      .option('--format <fmt>', 'pdf, csv or json (default json)')
      .option('--site <name>', 'site name printed on the report')
      .option('--vendor <manufacturer>', 'a ticket for one manufacturer: devices, findings, requested patches')
      .option('--json', 'print JSON')
      .option('-o, --output <file>', 'write to this file (required for pdf)')
      .action(
        action(io, setExit, async (opts: { format?: string; site?: string; vendor?: string; output?: string }, cmd: Command) => {
          const g = globals(cmd);
          const format = opts.format ?? (g.output?.endsWith('.pdf') ? 'pdf' : g.output?.endsWith('.csv') ? 'csv' : 'json');
          if (!['pdf', 'csv', 'json'].includes(format)) throw new UsageError(`unknown format "${format}" (pdf, csv, json)`);
          const at = systemClock.now();
          const out = (text: string | Buffer) => (g.output ? writeFileSync(g.output, text) : io.stdout.write(text));
          if (opts.vendor) {
            const vendor = opts.vendor;
            const ticket = withStore(cmd, (store) => {
              const inv = new InventoryStore(store.db, randomIds);
              const devices = inv.list().filter((a) => a.manufacturer?.toLowerCase() === vendor.toLowerCase());
              const findings = inv.vendorFindings(vendor);
              return { devices, findings };
            });
            if (ticket.devices.length === 0) throw new UsageError(`no device of manufacturer "${vendor}" in the inventory`);
            const patches = [
              ...new Set(
                ticket.findings
                  .filter((f) => f.cve || /outdated|legacy|end-of-support/.test(f.ruleId))
                  .map((f) => `${f.cve ?? f.title}: ${f.remediation}`),
              ),
            ];
            if (format === 'csv') {
              const cols = [
                'device',
                'model',
                'serial',
                'software_version',
                'host',
                'port',
                'severity',
                'rule',
                'cve',
                'title',
                'evidence',
              ];
              out(
                [
                  cols.join(','),
                  ...ticket.findings.map((f) => {
                    const d = ticket.devices.find((x) => x.id === f.assetId)!;
                    return [d.name, d.model, d.serial, d.softwareVersion, f.host, f.port, f.severity, f.ruleId, f.cve, f.title, f.evidence]
                      .map(cell)
                      .join(',');
                  }),
                ].join('\n') + '\n',
              );
              return;
            }
            emit(
              io,
              g,
              {
                ...envelope('vendor-ticket', at.toISOString()),
                manufacturer: vendor,
                devices: ticket.devices.map((d) => ({
                  name: d.name,
                  model: d.model,
                  serial: d.serial,
                  softwareVersion: d.softwareVersion,
                  location: [d.department, d.location].filter(Boolean).join(' / ') || null,
                  addresses: d.addresses,
                })),
                findings: ticket.findings,
                requestedPatches: patches,
              },
              () =>
                [
                  `To: ${vendor} product security / service`,
                  `Devices (${ticket.devices.length}):`,
                  ...ticket.devices.map(
                    (d) =>
                      `  - ${d.name ?? d.id}: ${d.model ?? '?'} serial ${d.serial ?? '?'} software ${d.softwareVersion ?? '?'} at ${[d.department, d.location].filter(Boolean).join(' / ') || '?'}`,
                  ),
                  `Open findings (${ticket.findings.length}):`,
                  ...ticket.findings.map(
                    (f) =>
                      `  - [${f.severity}] ${f.title}${f.cve ? ` ${f.cve}` : ''} on ${f.host}${f.port === null ? '' : `:${f.port}`}: ${f.evidence}`,
                  ),
                  'Requested:',
                  ...(patches.length
                    ? patches.map((p) => `  - ${p}`)
                    : ['  - confirmation that the findings above are addressed or a documented mitigation']),
                ].join('\n') + '\n',
            );
            return;
          }
          if (format === 'csv') {
            out(withStore(cmd, (store) => findingsCsv(new InventoryStore(store.db, randomIds), at)));
            return;
          }
          const report = withStore(cmd, (store) => {
            const check = latestSegmentationCheck(store.db);
            return executiveReport(new InventoryStore(store.db, randomIds), at, {
              site: opts.site,
              segmentation: check && segmentationView(check as StoredCheck),
              participation: new ApiStore(store.db).participation(at.toISOString(), participationSince(at)),
            });
          });
          if (format === 'pdf') {
            if (!g.output) throw new UsageError('--format pdf needs -o FILE.pdf');
            writeFileSync(g.output, await executivePdf(report));
            if (!g.json) io.stdout.write(`wrote ${g.output}\n`);
            return;
          }
          io.stdout.write(`${JSON.stringify({ ...envelope('executive-report', at.toISOString()), ...report }, null, 2)}\n`);
        }),
      );
  },
};
