/** `radguard scan TARGET...`: discover hosts and open ports, run the safe probes, judge, store, report. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { randomIds, systemClock } from '../../core/clock.js';
import { UsageError } from '../../core/errors.js';
import { parseSeverity, severityRank, type Severity } from '../../core/severity.js';
import { inventoryResolver } from '../../inventory/resolve.js';
import { DEFAULT_DICOM_PORTS } from '../../net/net.js';
import { isValidAeTitle } from '../../probes/dicom/pdu.js';
import { probes } from '../../probes/index.js';
import { planScan, prepareScan, publicAllowList, type ScanSettings } from '../../scan/launch.js';
import { parsePortList, selectPorts } from '../../scan/ports.js';
import { runScan } from '../../scan/run.js';
import { readTargetFile } from '../../scan/targets.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { SbomStore } from '../../store/sqlite/vuln-sbom-store.js';
import { SqliteScanStore } from '../../store/sqlite/scan-store.js';
import { indexFindingsBatch } from '../../store/sqlite/search-indexer.js';
import { EXIT, action, globals, type CommandModule } from '../command.js';
import { progressBar } from '../progress.js';
import { writeReport } from '../render.js';

interface ScanOpts {
  inputList?: string;
  exclude?: string;
  excludeFile?: string;
  ports?: string;
  profile?: string;
  fast?: boolean;
  zone?: string;
  allowPublic?: boolean;
  allowLarge?: boolean;
  maxRate?: string;
  hostRate?: string;
  hostConcurrency?: string;
  dicomPorts?: string;
  ae?: string;
  callingAe?: string;
  intrusive?: boolean;
  probes: boolean;
  probeOption: string[];
  failOn?: string;
  format?: string;
  progress: boolean;
  json?: boolean;
  output?: string;
}

const num = (v: string | undefined, what: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${what} must be a positive number, not "${v}"`);
  return n;
};

export const scanCommand: CommandModule = {
  register(program, io, setExit) {
    program
      .command('scan')
      .description('Scan targets: TCP sweep (no ICMP needed), safe probes, findings; stored in the database')
      .argument('[targets...]', 'IPv4/IPv6 addresses, CIDR blocks, ranges (10.0.0.1-50), hostnames')
      .option('--input-list <file>', 'read targets from a file (nmap-style -iL works too)')
      .option('--exclude <list>', 'comma-separated addresses/CIDRs/ranges to leave out')
      .option('--exclude-file <file>', 'read exclusions from a file')
      .option('-p, --ports <list>', 'ports, e.g. 22,80,100-200 (overrides --profile)')
      .option('--profile <name>', 'port profile: imaging (default), top1000, all')
      .option('--fast', 'lab profile: high rates and short timeouts (never on production devices)')
      .option('--zone <label>', 'the network zone this scan runs from (recorded as the vantage)')
      .option('--allow-public', 'allow public (internet-routable) target addresses')
      .option('--allow-large', 'allow more than 65,536 target addresses')
      .option('--max-rate <n>', 'global connection attempts per second')
      .option('--host-rate <n>', 'connection attempts per second per host')
      .option('--host-concurrency <n>', 'parallel connections per host')
      .option('--dicom-ports <list>', `extra ports that speak DICOM (built in: ${DEFAULT_DICOM_PORTS.join(', ')})`)
      .option('--ae <titles>', 'comma-separated called AE titles the PACS/modalities answer to (tried before guesses)')
      .option('--calling-ae <pattern>', 'our calling AE title; each x becomes a random hex digit (default RADGUARD-xxxx)')
      .option('--intrusive', 'also run checks labelled intrusive (e.g. MS17-010 detection)')
      .option('--no-probes', 'port sweep only')
      .option('--probe-option <probe.key=value>', 'set a probe option, e.g. dicom.associate.callingAe=PACSAUDIT', (v: string, acc: string[]) => [...acc, v], [])
      .option('--fail-on <severity>', 'exit 1 if a finding at or above this severity is present')
      .option('--format <fmt>', 'table (default), json or csv')
      .option('--no-progress', 'no progress bar on stderr')
      .option('--json', 'print the JSON report to stdout')
      .option('-o, --output <file>', 'write the report to a file (format from --format or the file extension)')
      .action(
        action(io, setExit, async (targets: string[], opts: ScanOpts, cmd: Command) => {
          const g = globals(cmd);
          const failOn: Severity | undefined = opts.failOn ? parseSeverity(opts.failOn) : undefined;
          const specs = [...targets, ...(opts.inputList ? readTargetFile(opts.inputList) : [])];
          const excludes = [...(opts.exclude?.split(',').map((s) => s.trim()).filter(Boolean) ?? []), ...(opts.excludeFile ? readTargetFile(opts.excludeFile) : [])];
          const extraDicom = opts.dicomPorts ? parsePortList(opts.dicomPorts) : [];
          const settings: ScanSettings = {
            profile: opts.profile,
            ports: opts.ports,
            fast: Boolean(opts.fast),
            zone: opts.zone,
            maxRate: num(opts.maxRate, '--max-rate'),
            hostRate: num(opts.hostRate, '--host-rate'),
            hostConcurrency: num(opts.hostConcurrency, '--host-concurrency'),
            extraDicomPorts: extraDicom,
            probeOptions: withAeTitles(parseProbeOptions(opts.probeOption), opts.ae, opts.callingAe),
            intrusive: Boolean(opts.intrusive),
            probes: opts.probes,
            excludes,
          };
          selectPorts(settings); // a bad --ports/--profile is refused before the database is created
          // the allow-list is read without creating a database when there is none yet (then it is empty)
          const allowList = existsSync(g.db) ? withDb(g.db, publicAllowList) : [];
          const plan = await planScan({ specs, excludes, allowLarge: Boolean(opts.allowLarge), allowPublic: Boolean(opts.allowPublic) }, allowList);

          const store = SqliteScanStore.open(g.db);
          try {
            const resolveAsset = inventoryResolver(new InventoryStore(store.db, randomIds), { clock: systemClock, ids: randomIds, sboms: new SbomStore(store.db) });
            const { input, deps, feeds } = await prepareScan(store, plan, settings, { clock: systemClock, ids: randomIds, resolveAsset });
            // The table repeats these; JSON and file output carry them inside, so stderr is where a person sees them.
            if (opts.json || opts.output || g.json) for (const f of feeds) if (f.warning) io.stderr.write(`radguard: ${f.warning}\n`);
            const bar = progressBar(io.stderr, opts.progress && Boolean(io.stderr.isTTY));
            const abort = new AbortController();
            const onSignal = () => abort.abort();
            process.once('SIGINT', onSignal);
            process.once('SIGTERM', onSignal);
            let summary;
            try {
              summary = await runScan(input, { ...deps, signal: abort.signal, onProgress: bar.update });
            } finally {
              bar.done();
              process.off('SIGINT', onSignal);
              process.off('SIGTERM', onSignal);
            }
            // the console's search index would otherwise lag until a server runs; one scan's findings index in milliseconds
            while (indexFindingsBatch(store.db, 5000) > 0);
            writeReport(io, { ...g, json: Boolean(opts.json ?? g.json), output: opts.output ?? g.output }, store, summary.scanId, systemClock.now().toISOString(), opts.format, feeds);
            if (summary.status !== 'complete') {
              io.stderr.write(`radguard: scan ${summary.scanId} is ${summary.status}: ${summary.hostsScanned} of ${plan.count} addresses done\n`);
              return EXIT.runtime;
            }
            if (failOn && store.scanFindings(summary.scanId).some((f) => severityRank(f.scanSeverity) >= severityRank(failOn) && (f.state === 'open' || f.state === 'in-remediation')))
              return EXIT.findings;
            return EXIT.ok;
          } finally {
            store.close();
          }
        }),
      );
  },
};

/** --ae and --calling-ae apply to every probe that speaks DICOM (the probes whose options carry AE titles). */
function withAeTitles(options: Record<string, Record<string, unknown>>, ae?: string, callingAe?: string): Record<string, Record<string, unknown>> {
  const called = ae?.split(',').map((a) => a.trim()).filter(Boolean) ?? [];
  for (const t of called) if (!isValidAeTitle(t)) throw new UsageError(`--ae: "${t}" is not a valid AE title (1–16 printable ASCII characters, no backslash)`);
  if (callingAe !== undefined && !isValidAeTitle(callingAe.replace(/x/g, '0')))
    throw new UsageError(`--calling-ae: "${callingAe}" is not a valid AE title`);
  for (const p of probes) {
    const d = p.defaults as Record<string, unknown>;
    if (called.length && 'calledAes' in d) options[p.id] = { calledAes: called, ...options[p.id] };
    if (callingAe !== undefined && 'callingAe' in d) options[p.id] = { callingAe, ...options[p.id] };
  }
  return options;
}

function withDb<T>(path: string, f: (s: SqliteScanStore) => T): T {
  const s = SqliteScanStore.open(path);
  try {
    return f(s);
  } finally {
    s.close();
  }
}

function parseProbeOptions(list: readonly string[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const item of list) {
    const m = /^([a-z0-9-]+\.[a-z0-9-]+)\.([A-Za-z0-9_]+)=(.*)$/.exec(item);
    if (!m) throw new UsageError(`--probe-option "${item}" must look like probe.id.key=value (e.g. dicom.associate.callingAe=AUDIT)`);
    const [, probe, key, raw] = m as unknown as [string, string, string, string];
    if (!probes.some((p) => p.id === probe)) throw new UsageError(`--probe-option: unknown probe "${probe}" (see radguard probes list)`);
    let value: unknown = raw;
    if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
    else if (raw.includes(',')) value = raw.split(',');
    (out[probe] ??= {})[key] = value;
  }
  return out;
}
