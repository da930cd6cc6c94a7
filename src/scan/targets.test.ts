import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { fromBigInt, toBigInt } from './ip.js';
import { addresses, parseLiteral, planTargets, targetsCover } from './targets.js';

const resolve = async (name: string) => {
  if (name === 'pacs.example.test') return ['10.1.2.3'];
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

describe('targets', () => {
  it('parses addresses, CIDR blocks and both range forms', () => {
    expect(parseLiteral('10.0.0.0/30')).toMatchObject({ start: toBigInt('10.0.0.0')!.value, end: toBigInt('10.0.0.3')!.value });
    expect(parseLiteral('10.0.0.250-10.0.1.2')!.end - parseLiteral('10.0.0.250-10.0.1.2')!.start).toBe(8n);
    expect(parseLiteral('10.0.0.1-50')!.end).toBe(toBigInt('10.0.0.50')!.value);
    expect(parseLiteral('fd00::1-fd00::4')!.end - parseLiteral('fd00::1-fd00::4')!.start).toBe(3n);
    expect(parseLiteral('pacs-1.example')).toBeNull();
  });

  it('tells whether literal targets cover an address', () => {
    expect(targetsCover(['10.0.0.0/30', 'pacs.example'], '10.0.0.3')).toBe(true);
    expect(targetsCover(['10.0.0.0/30'], '10.0.0.4')).toBe(false);
    expect(targetsCover(['10.0.0.1-9'], '10.0.0.9')).toBe(true);
    expect(targetsCover(['::1'], '127.0.0.1')).toBe(false);
    expect(targetsCover(['10.0.0.0/99', 'pacs.example'], '10.0.0.1')).toBe(false);
  });

  it('explains malformed specs', () => {
    expect(() => parseLiteral('10.0.0.0/33')).toThrow(/prefix length must be 0–32/);
    expect(() => parseLiteral('10.0.0.9-10.0.0.1')).toThrow(/ends before it starts/);
    expect(() => parseLiteral('10.0.0.1-fd00::1')).toThrow(/same family/);
  });

  it('counts, merges overlaps and removes exclusions', async () => {
    const plan = await planTargets(['10.0.0.0/24', '10.0.0.128/25', '10.0.1.5'], { excludes: ['10.0.0.0/26', '10.0.0.200'] });
    expect(plan.count).toBe(256 - 64 - 1 + 1);
    const list = [...addresses(plan)];
    expect(list).toHaveLength(plan.count);
    expect(list).not.toContain('10.0.0.200');
    expect(list[0]).toBe('10.0.0.64');
    expect(list.at(-1)).toBe('10.0.1.5');
  });

  it('refuses an IPv6 /64 and anything over 65,536 addresses unless allowed', async () => {
    await expect(planTargets(['fd00::/64'])).rejects.toThrow(/more than the limit of 65536/);
    await expect(planTargets(['10.0.0.0/15'])).rejects.toBeInstanceOf(UsageError);
    expect((await planTargets(['10.0.0.0/16'])).count).toBe(65536);
    expect((await planTargets(['10.0.0.0/15'], { allowLarge: true })).count).toBe(131072);
  });

  it('refuses public addresses unless flagged or allow-listed', async () => {
    await expect(planTargets(['8.8.8.8'])).rejects.toThrow(/public address/);
    await expect(planTargets(['172.31.255.250-172.32.0.3'])).rejects.toThrow(/172\.32\.0\.\d+ is a public/);
    expect((await planTargets(['8.8.8.8'], { allowPublic: true })).count).toBe(1);
    expect((await planTargets(['198.51.100.0/30'], { publicAllowList: ['198.51.100.0/24'] })).count).toBe(4);
    expect((await planTargets(['127.1.0.0/17', 'fd12::1', 'fe80::1'])).count).toBe(32770);
  });

  it('resolves hostnames and keeps the name for the report', async () => {
    const plan = await planTargets(['pacs.example.test'], { resolve });
    expect([...addresses(plan)]).toEqual(['10.1.2.3']);
    expect(plan.hostnames.get('10.1.2.3')).toEqual(['pacs.example.test']);
    await expect(planTargets(['nowhere.example.test'], { resolve })).rejects.toThrow(/cannot resolve "nowhere.example.test": ENOTFOUND/);
    await expect(planTargets(['bad_name!'], { resolve })).rejects.toThrow(/is not an address/);
    await expect(planTargets([])).rejects.toThrow(/no targets/);
  });

  it('formats IPv6 per RFC 5952', () => {
    for (const a of ['::1', 'fd00::1:0:0:5', '2001:db8::', '1:2:3:4:5:6:7:8', '::ffff:a00:1'])
      expect(fromBigInt(6, toBigInt(a)!.value)).toBe(a);
    expect(fromBigInt(6, toBigInt('::ffff:10.0.0.1')!.value)).toBe('::ffff:a00:1');
  });
});
