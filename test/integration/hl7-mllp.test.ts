/**
 * The HL7 probe against a real MLLP listener built on Debian's python3-hl7 (subnet 10.77.42.0/24), run with
 * /usr/bin/python3: it acknowledges every message (application RIS-TEST, facility RADIOLOGY) and
 * logs the message type and processing ID it received, so the test can assert what was sent.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7Listener } from '../../src/probes/hl7/observations.js';
import ack from '../../src/probes/hl7/ack.probe.js';
import hl7NoTls from '../../src/rules/hl7/hl7-no-tls.rule.js';
import { probeOn } from '../fakes/dicom-net.js';
import { createTestNet, waitForPort, type TestNet } from '../peers/netns.js';
import { netnsAvailable } from '../peers/require.js';
import { execFileSync } from 'node:child_process';

const hasHl7 = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import hl7.mllp'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('CI=true but /usr/bin/python3 cannot import hl7 (package python3-hl7)');
    return false;
  }
})();

const LISTENER = `
import asyncio, sys, hl7
from hl7.mllp import start_hl7_server
log = open(sys.argv[2], 'a', buffering=1)
async def handle(reader, writer):
    try:
        while not reader.at_eof():
            msg = await reader.readmessage()
            log.write(f"{msg.segment('MSH')[9]} {msg.segment('MSH')[11]}\\n")
            if sys.argv[3] == 'ack':
                # built by hand: python3-hl7 0.4.5 create_ack() fails on an MSH-9 without components
                ctrl = str(msg.segment('MSH')[10])
                writer.writemessage(hl7.parse(f"MSH|^~\\\\&|RIS-TEST|RADIOLOGY|RADGUARD|RADGUARD|20261130||ACK|A{ctrl}|P|2.5\\rMSA|AA|{ctrl}"))
                await writer.drain()
    except asyncio.IncompleteReadError:
        pass
    writer.close()
async def main():
    async with await start_hl7_server(handle, host='0.0.0.0', port=int(sys.argv[1])) as server:
        await server.serve_forever()
asyncio.run(main())
`;

describe.skipIf(!netnsAvailable() || !hasHl7)('hl7.ack vs a python3-hl7 MLLP listener', () => {
  let tn: TestNet;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rg-hl7-'));
    writeFileSync(join(dir, 'listener.py'), LISTENER);
    tn = createTestNet(42, [{ name: 'ris' }, { name: 'mute' }]);
    tn.host('ris').spawn('/usr/bin/python3', [join(dir, 'listener.py'), '2575', join(dir, 'ris.log'), 'ack']);
    tn.host('mute').spawn('/usr/bin/python3', [join(dir, 'listener.py'), '2575', join(dir, 'mute.log'), 'silent']);
    await Promise.all([waitForPort(tn.host('ris').address, 2575), waitForPort(tn.host('mute').address, 2575)]);
  });
  afterAll(() => {
    tn?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends an ACK with processing ID D and reads the listener header; hl7-no-tls fires', async () => {
    const r = await probeOn(ack, tn.host('ris').address, 2575);
    expect(r.check.status).toBe('success');
    const d = r.observations[0]?.data as Hl7Listener;
    expect(d).toMatchObject({ answered: true, reply: { sendingApplication: 'RIS-TEST', sendingFacility: 'RADIOLOGY', messageType: 'ACK', ackCode: 'AA', version: '2.5' } });
    expect(readFileSync(join(dir, 'ris.log'), 'utf8').trim()).toBe('ACK D');
    const verdicts = hl7NoTls.check({
      asset: { assetId: null, address: tn.host('ris').address, mac: null, macVendor: null, hostnames: [], criticality: 'unknown', zone: 'unknown' },
      ports: [], observations: r.observations, checks: [r.check],
    });
    expect(verdicts[0]?.evidence).toMatch(/RIS-TEST \/ RADIOLOGY, HL7 2\.5, MSA AA/);
  });

  it('a listener that does not acknowledge: recorded as not answered within the deadline, no finding', async () => {
    const r = await probeOn(ack, tn.host('mute').address, 2575, { options: { deadlineMs: 300 } });
    expect(r.observations[0]?.data).toMatchObject({ answered: false, reply: null });
    expect(r.check.durationMs).toBeLessThan(1000);
  });

  it('runs on a site-marked HL7 port only when told', () => {
    const ctx = (ports: number[]) => ({ options: { ...ack.defaults, ports } }) as never;
    expect(ack.selects?.(6661, ctx([6661]))).toBe(true);
    expect(ack.selects?.(6661, ctx([]))).toBe(false);
  });
});
