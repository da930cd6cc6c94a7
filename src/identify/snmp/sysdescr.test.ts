import { describe, expect, it } from 'vitest';
import { identifySysDescr } from './sysdescr.identifier.js';
import { SYSDESCR_PATTERNS } from './sysdescr-patterns.js';

const cases = SYSDESCR_PATTERNS.flatMap((p) => p.examples.map((e) => ({ id: p.id, ...e })));

describe('SNMP sysDescr patterns', () => {
  it.each(cases)('$id: $sysDescr', (ex) => {
    const [found] = identifySysDescr(ex.sysDescr, 161);
    expect(found).toBeDefined();
    if (ex.id === 'windows-snmp-agent') expect(found!.product).toMatch(/^Windows/);
    else expect(found!.product).toBe(ex.product);
    if (ex.version) expect(found!.version).toBe(ex.version);
  });

  it('looks Windows builds up in the lifecycle table', () => {
    const [w] = identifySysDescr('Hardware: Intel64 Family 6 Model 58 Stepping 9 AT/AT COMPATIBLE - Software: Windows Version 6.1 (Build 7601 Multiprocessor Free)', 161);
    expect(w).toMatchObject({ kind: 'os', product: 'Windows 7 SP1 / Server 2008 R2 SP1', version: '6.1.7601', port: null });
  });

  it('marks printers and film imagers with a device type, and stays silent on unknown text', () => {
    expect(identifySysDescr('HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI23900034', 161)[0]!.deviceType).toBe('printer');
    expect(identifySysDescr('AGFA DRYSTAR 5302', 161)[0]).toMatchObject({ vendor: 'Agfa', deviceType: 'dicom-printer' });
    expect(identifySysDescr('my custom agent', 161)).toEqual([]);
  });
});
