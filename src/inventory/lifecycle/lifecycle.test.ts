import { describe, expect, it } from 'vitest';
import { sequentialIds } from '../../core/clock.js';
import { openDb } from '../../store/sqlite/db.js';
import { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { osSupport } from '../os-lifecycle.js';
import { planCsv, replacementPlan } from './plan.js';
import { DEFAULT_SLA, parseSla, slaStatus, type TrackedFinding } from './sla.js';

const AT = new Date('2026-11-30T12:00:00Z');

describe('OS lifecycle lookup', () => {
  it('reads inventory spellings of Windows and Linux releases, and guesses nothing else', () => {
    expect(osSupport('Win 7 SP1')).toMatchObject({ product: 'Windows 7 SP1', endOfSupport: '2020-01-14' });
    expect(osSupport('Windows 10 Enterprise LTSC 2019 (1809)')).toMatchObject({ endOfSupport: '2029-01-09' });
    expect(osSupport('Windows XP Embedded SP3')).toMatchObject({ endOfSupport: '2016-01-12' });
    expect(osSupport('Debian GNU/Linux 10 (buster)')).toMatchObject({ product: 'Debian 10 (buster)', endOfSupport: '2024-06-30' });
    expect(osSupport('CentOS 7.9')).toMatchObject({ endOfSupport: '2024-06-30' });
    expect(osSupport('Windows 7')).toMatchObject({ product: 'Windows 7 (latest edition: Windows 7 SP1)', endOfSupport: '2020-01-14' });
    expect(osSupport('Windows')).toMatchObject({ endOfSupport: '2034-10-10' });
    expect(osSupport('VxWorks 6.9')).toBeNull();
  });
});

describe('replacement plan', () => {
  it('ranks by criticality × urgency (support ended, high findings, KEV) and exports CSV safely', () => {
    const s = new InventoryStore(openDb(':memory:'), sequentialIds());
    const t = AT.toISOString();
    const ct = s.upsert({ name: 'CT-1', serial: 'A', criticality: 'life-critical', os: 'Windows 7 SP1' }, 'i', t).assetId;
    const us = s.upsert({ name: 'US-1', serial: 'B', criticality: 'medium', endOfSupport: '2027-06-30' }, 'i', t).assetId;
    const ws = s.upsert({ name: '=cmd|calc', serial: 'C', criticality: 'low' }, 'i', t).assetId;
    const counts = new Map([[us, { open: 3, highOrCritical: 2, kev: 1 }]]);
    const plan = replacementPlan(
      s.eachAsset(),
      (id) => s.model(id),
      (id) => counts.get(id) ?? { open: 0, highOrCritical: 0, kev: 0 },
      AT,
    );
    expect(plan.map((r) => [r.rank, r.name, r.score])).toEqual([
      [1, 'CT-1', 12], // 4 × (support ended: 3)
      [2, 'US-1', 10], // 2 × (7 months left: 2 + 2 high × 0.5 + 1 KEV × 2)
      [3, '=cmd|calc', 0.5], // 1 × unknown end of support
    ]);
    expect(plan[0]).toMatchObject({
      supportEnds: '2020-01-14',
      supportEndsWhat: 'Windows 7 SP1',
      why: 'Windows 7 SP1 out of support since 2020-01-14; criticality life-critical',
    });
    expect(plan[0]!.monthsLeft!).toBeLessThan(-80);
    expect(planCsv(plan).split('\n')[3]).toMatch(/^3,'=cmd\|calc,/);
    expect(ws).toBeDefined();
  });
});

describe('SLA clocks', () => {
  const f = (o: Partial<TrackedFinding>): TrackedFinding => ({
    key: 'k',
    subject: 's',
    host: 'h',
    ruleId: 'r',
    cve: null,
    severity: 'high',
    state: 'open',
    firstSeen: '2026-11-01T00:00:00Z',
    acceptedUntil: null,
    kevDue: null,
    ...o,
  });
  it('due by severity from first seen; an earlier KEV due date overrides; statuses by an injected clock', () => {
    expect(slaStatus(f({}), AT)).toMatchObject({ due: '2026-12-01', dueFrom: 'sla', daysLeft: 1, status: 'due-soon' });
    expect(slaStatus(f({ severity: 'critical' }), AT)).toMatchObject({ due: '2026-11-16', daysLeft: -14, status: 'overdue' });
    expect(slaStatus(f({ severity: 'medium', kevDue: '2026-11-20' }), AT)).toMatchObject({
      due: '2026-11-20',
      dueFrom: 'kev',
      status: 'overdue',
    });
    expect(slaStatus(f({ severity: 'low', kevDue: '2027-12-01' }), AT)).toMatchObject({
      dueFrom: 'sla',
      due: '2027-04-30',
      status: 'on-track',
    });
    expect(slaStatus(f({ severity: 'info' }), AT).status).toBe('no-deadline');
    expect(slaStatus(f({ state: 'resolved' }), AT).status).toBe('no-deadline');
  });
  it('risk acceptances that expired are listed; later clocks move findings from on-track to overdue', () => {
    expect(slaStatus(f({ state: 'risk-accepted', acceptedUntil: '2026-11-29T00:00:00Z' }), AT).status).toBe('acceptance-expired');
    expect(slaStatus(f({ state: 'risk-accepted', acceptedUntil: '2027-01-01T00:00:00Z' }), AT).status).toBe('no-deadline');
    expect(slaStatus(f({ severity: 'medium' }), new Date('2026-12-01T00:00:00Z')).status).toBe('on-track');
    expect(slaStatus(f({ severity: 'medium' }), new Date('2027-03-01T00:00:00Z')).status).toBe('overdue');
  });
  it('parses configured SLAs and rejects nonsense', () => {
    expect(parseSla('critical=7,info=none')).toEqual({ ...DEFAULT_SLA, critical: 7, info: null });
    expect(parseSla('urgent=1')).toMatch(/not severity=days/);
  });
});
