/**
 * SNMP default-community probe and rule against real net-snmp agents in namespaces (subnet 31): one with
 * `rocommunity public`, one that only knows a site-specific community. Cross-checked with snmpget.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import community from '../../src/probes/snmp/community.probe.js';
import { probeAndJudge } from '../fakes/probe-and-judge.js';
import { createTestNet, type TestNet } from '../peers/netns.js';
import { commandsAvailable, netnsAvailable } from '../peers/require.js';

const available = netnsAvailable() && commandsAvailable('snmpd', 'snmpget');

describe.skipIf(!available)('SNMP probe against snmpd', () => {
  let tn: TestNet;
  let dir: string;
  // A 300 ms answer window is plenty on a bridge; the default (1 s) is for real networks.
  const scan = (host: string) => probeAndJudge({ host, port: 161, transport: 'udp' }, [community], { 'snmp.community': { deadlineMs: 300 } });
  const snmpget = (host: string, c: string) => {
    try {
      return execFileSync('snmpget', ['-v2c', '-c', c, '-t', '0.3', '-r', '0', '-Ovq', host, '1.3.6.1.2.1.1.1.0'], { encoding: 'utf8', stdio: 'pipe' }).trim();
    } catch {
      return null;
    }
  };

  const startAgent = async (name: string, conf: string) => {
    const file = join(dir, `${name}.conf`);
    writeFileSync(file, conf);
    const h = tn.host(name);
    h.spawn('snmpd', ['-f', '-Lo', '-C', '-c', file, '-p', join(dir, `${name}.pid`), `udp:${h.address}:161`]);
    // Wait until the agent answers (with the community it knows), so a silent probe result means "refused".
    const community = conf.match(/rocommunity (\S+)/)![1]!;
    for (let i = 0; i < 50; i++) {
      try {
        execFileSync('snmpget', ['-v2c', '-c', community, '-t', '0.2', '-r', '0', h.address, '1.3.6.1.2.1.1.1.0'], { stdio: 'pipe' });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`snmpd on ${name} did not answer`);
  };

  beforeAll(async () => {
    tn = createTestNet(31, [{ name: 'printer' }, { name: 'hardened' }]);
    dir = mkdtempSync(join(tmpdir(), 'rg-snmp-'));
    await startAgent('printer', 'rocommunity public\nsysDescr HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI23900034\nsysObjectID .1.3.6.1.4.1.11.2.3.9.1\nsysName radiology-printer\n');
    await startAgent('hardened', 'rocommunity Xq7-site-secret\n');
  });

  afterAll(() => {
    tn?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reports public and the agent identity where the default community is accepted', async () => {
    const r = await scan(tn.host('printer').address);
    expect(r.checks.map((c) => c.status)).toEqual(['success']);
    expect(r.findings).toEqual(['snmp-default-community']);
    expect(r.observations.filter((o) => o.kind === 'snmp.community').map((o) => o.data)).toEqual([
      {
        community: 'public',
        version: 'v2c',
        sysDescr: 'HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI23900034',
        sysObjectID: '1.3.6.1.4.1.11.2.3.9.1',
        sysName: 'radiology-printer',
      },
    ]);
    expect(r.observations.find((o) => o.kind === 'identify.product')!.data).toMatchObject({ product: 'HP Jetdirect JD153', deviceType: 'printer', version: 'JSI23900034' });
    // The reference client agrees: public answers with the same sysDescr, private does not.
    expect(snmpget(tn.host('printer').address, 'public')).toContain('JETDIRECT,JD153');
    expect(snmpget(tn.host('printer').address, 'private')).toBeNull();
  });

  it('reports nothing where only a site-specific community works', async () => {
    const r = await scan(tn.host('hardened').address);
    expect(r.checks.map((c) => c.status)).toEqual(['success']);
    expect(r.findings).toEqual([]);
    expect(r.observations).toEqual([]);
    expect(snmpget(tn.host('hardened').address, 'public')).toBeNull();
    expect(snmpget(tn.host('hardened').address, 'Xq7-site-secret')).not.toBeNull();
  });
});
