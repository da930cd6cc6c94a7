/**
 * A documented demo on real equipment stand-ins: builds an isolated namespace network (10.77.3.0/24) with a PACS
 * (Orthanc, open to C-FIND, ping-silent), an FTP server with anonymous login, a telnet console and a legacy web
 * console with TLS 1.0 and an expired certificate, then runs `radguard scan` against it. Needs root and the
 * Debian peers (`bash scripts/install-peers.sh`). Usage: npm run demo:lab [-- radguard scan options]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, startOrthanc } from '../test/fakes/dicom-peers.js';
import { legacyTls, makeCertificates, startNginx, startTelnetd, startVsftpd } from '../test/fakes/hygiene-peers.js';
import { createTestNet } from '../test/peers/netns.js';

const cli = new URL('../bin/radguard.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rg-demo-'));
const net = createTestNet(3, [{ name: 'pacs', dropIcmp: true }, { name: 'ftp' }, { name: 'telnet' }, { name: 'webconsole' }]);
try {
  await startOrthanc(net.host('pacs'), { DicomAlwaysAllowFind: true });
  await startVsftpd(net.host('ftp'), dir, { anonymous: true, noAnonPassword: false, banner: null });
  await startTelnetd(net.host('telnet'), dir);
  await startNginx(net.host('webconsole'), dir, legacyTls(makeCertificates(dir)));
  const db = process.env.RADGUARD_DB ?? 'radguard-demo.db';
  console.log(`lab up: ${net.hosts.map((h) => `${h.name} ${h.address}`).join(', ')}; scanning into ${db}\n`);
  spawnSync(process.execPath, [cli, '--db', db, 'scan', '10.77.3.11-14', '--zone', 'demo-lab', ...process.argv.slice(2)], { stdio: 'inherit' });
} finally {
  net.close();
  cleanup();
  rmSync(dir, { recursive: true, force: true });
}
