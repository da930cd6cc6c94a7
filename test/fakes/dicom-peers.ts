/**
 * Starts real Debian DICOM peers (Orthanc 1.10, DCMTK 3.6.7 storescp/dcmqrscp/wlmscpfs/dcmprscp) inside a test
 * namespace host, with every config and data file under a fresh temp dir. The processes belong to the TestNet
 * (killed by its `close()`); the temp dirs are removed by `cleanup()`.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestHost } from '../peers/netns.js';
import { waitForPort } from '../peers/netns.js';

const dirs: string[] = [];
const tempDir = (tag: string): string => {
  const d = mkdtempSync(join(tmpdir(), `rg-dicom-${tag}-`));
  dirs.push(d);
  return d;
};
export const cleanup = (): void => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
};

export interface Peer {
  readonly host: TestHost;
  readonly port: number;
  readonly dir: string;
  readonly process: ChildProcess;
  log(): string;
}

/** Orthanc with the given config keys on top of a minimal base (DICOM 4242, REST 8042, no plugins). */
export async function startOrthanc(host: TestHost, config: Record<string, unknown>, port = 4242): Promise<Peer> {
  const dir = tempDir('orthanc');
  mkdirSync(join(dir, 'db'));
  mkdirSync(join(dir, 'log'));
  const full = {
    Name: `rg-${host.name}`,
    StorageDirectory: join(dir, 'db'),
    IndexDirectory: join(dir, 'db'),
    DicomAet: 'ORTHANC',
    DicomPort: port,
    HttpPort: 8042,
    RemoteAccessAllowed: true,
    AuthenticationEnabled: false,
    Plugins: [],
    ...config,
  };
  writeFileSync(join(dir, 'orthanc.json'), JSON.stringify(full, null, 1));
  const proc = host.spawn('Orthanc', ['--verbose', `--logdir=${join(dir, 'log')}`, join(dir, 'orthanc.json')]);
  await waitForPort(host.address, port);
  return {
    host,
    port,
    dir,
    process: proc,
    log: () => {
      const f = join(dir, 'log', 'Orthanc.log');
      return existsSync(f) ? readFileSync(f, 'utf8') : '';
    },
  };
}

export async function startStorescp(host: TestHost, aet = 'STORESCP', port = 11112, extra: string[] = []): Promise<Peer> {
  const dir = tempDir('storescp');
  const proc = host.spawn('storescp', ['--fork', '-aet', aet, '-od', dir, ...extra, String(port)]);
  await waitForPort(host.address, port);
  return { host, port, dir, process: proc, log: () => '' };
}

/**
 * dcmqrscp serving `aet`, with a peer list: only `trusted` (calling AE, from `trusted.host`) may associate. DCMTK
 * compares the peer's reverse-resolved name, so the scanner address gets a name in the namespace's hosts file.
 */
export async function startDcmqrscp(host: TestHost, aet: string, trusted: { ae: string; host: string }, port = 104): Promise<Peer> {
  const dir = tempDir('dcmqrscp');
  appendFileSync(`/etc/netns/${host.ns}/hosts`, `${trusted.host} rgscanner\n`);
  mkdirSync(join(dir, 'db'));
  writeFileSync(
    join(dir, 'dcmqrscp.cfg'),
    [
      `NetworkTCPPort = ${port}`,
      'MaxPDUSize = 16384',
      'MaxAssociations = 16',
      'HostTable BEGIN',
      `trusted = (${trusted.ae}, rgscanner, 104)`,
      'peers = trusted',
      'HostTable END',
      'VendorTable BEGIN',
      'VendorTable END',
      'AETable BEGIN',
      `${aet} ${join(dir, 'db')} RW (20, 64mb) peers`,
      'AETable END',
      '',
    ].join('\n'),
  );
  const proc = host.spawn('dcmqrscp', ['-c', join(dir, 'dcmqrscp.cfg'), String(port)]);
  await waitForPort(host.address, port);
  return { host, port, dir, process: proc, log: () => '' };
}

/** wlmscpfs serving an empty worklist directory for `aet`. */
export async function startWorklist(host: TestHost, aet = 'WORKLIST', port = 11112): Promise<Peer> {
  const dir = tempDir('wlm');
  mkdirSync(join(dir, aet));
  writeFileSync(join(dir, aet, 'lockfile'), '');
  const proc = host.spawn('wlmscpfs', ['-dfp', dir, String(port)]);
  await waitForPort(host.address, port);
  return { host, port, dir, process: proc, log: () => '' };
}

/** A synthetic study for privacy tests, made with dump2dcm; obviously fake names only. */
export function syntheticStudy(dir: string, n: number): { file: string; values: string[] } {
  const values = [`TEST^PATIENT^${n}`, `RGTESTPID${n}`, `RGACC${n}`, `1.2.826.0.1.3680043.9.9999.${n}.1`, `1.2.826.0.1.3680043.9.9999.${n}.2`];
  const dump = [
    '(0008,0016) UI =SecondaryCaptureImageStorage',
    `(0008,0018) UI [${values[4]}.3]`,
    `(0008,0050) SH [${values[2]}]`,
    '(0008,0060) CS [OT]',
    `(0010,0010) PN [${values[0]}]`,
    `(0010,0020) LO [${values[1]}]`,
    `(0020,000d) UI [${values[3]}]`,
    `(0020,000e) UI [${values[4]}]`,
  ].join('\n');
  const txt = join(dir, `s${n}.txt`);
  const file = join(dir, `s${n}.dcm`);
  writeFileSync(txt, dump);
  execFileSync('dump2dcm', ['+te', '-g', txt, file]);
  return { file, values };
}

/** dcmprscp, DCMTK's Basic Grayscale Print SCP, as one LOCALPRINTER named `aet`. */
export async function startPrintScp(host: TestHost, aet = 'PRINTSCP', port = 104): Promise<Peer> {
  const dir = tempDir('print');
  mkdirSync(join(dir, 'db'));
  mkdirSync(join(dir, 'spool'));
  writeFileSync(
    join(dir, 'print.cfg'),
    [
      '[[GENERAL]]', '[DATABASE]', `Directory = ${join(dir, 'db')}`, '[PRINT]', `Directory = ${join(dir, 'spool')}`,
      '[[COMMUNICATION]]', `[${aet}]`, 'hostname = localhost', 'type = LOCALPRINTER', 'description = test print SCP',
      `port = ${port}`, `aetitle = ${aet}`, 'BorderDensity = BLACK\\WHITE\\150', 'MaxDensity = 320\\310\\300',
      'MinDensity = 20\\25\\30', 'DisplayFormat=1,1\\2,1\\1,2\\2,2', 'FilmSizeID = 8INX10IN\\14INX17IN',
      'MagnificationType = REPLICATE\\BILINEAR\\CUBIC\\NONE', 'MediumType = PAPER\\CLEAR FILM\\BLUE FILM', '',
    ].join('\n'),
  );
  const proc = host.spawn('dcmprscp', ['-c', join(dir, 'print.cfg'), '-p', aet]);
  await waitForPort(host.address, port);
  return { host, port, dir, process: proc, log: () => '' };
}
