import { describe, expect, it } from 'vitest';
import { macVendor, portProfiles, serviceName } from './index.js';

describe('shipped data', () => {
  it('names MAC vendors from the IEEE registry, and none for locally administered addresses', () => {
    expect(macVendor('00:1B:63:aa:bb:cc')).toBe('Apple, Inc.');
    expect(macVendor('08-00-20-01-02-03')).toMatch(/Oracle|Sun/i);
    expect(macVendor('02:00:00:00:00:01')).toBeNull();
    expect(macVendor('zz')).toBeNull();
  });
  it('knows imaging service names and the profiles', () => {
    expect(serviceName(104)).toBe('dicom');
    expect(serviceName(2575)).toBe('hl7-mllp');
    expect(serviceName(22)).toBe('ssh');
    const p = portProfiles();
    expect(p.imaging!.ports).toEqual(expect.arrayContaining([104, 2761, 2762, 4242, 11112, 2575, 8042, 80, 443, 8080, 8443, 21, 22, 23, 25, 135, 139, 445, 1433, 3389, 5900, 5985]));
    expect(p.top1000!.ports).toHaveLength(1000);
    expect(p.all!.ports).toHaveLength(65535);
  });
});
