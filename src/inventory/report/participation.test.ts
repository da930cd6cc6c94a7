import { describe, expect, it } from 'vitest';
import { judgeParticipation, type Participation } from './participation.js';

const facts = (p: Partial<Participation>): Participation => ({
  accountsByRole: {},
  triageDecisions: 0,
  reportExports: 0,
  since: '2026-09-01T00:00:00.000Z',
  ...p,
});

describe('practice 1: participation', () => {
  it('is not assessed before anyone has an account', () => {
    expect(judgeParticipation(facts({}), 5)).toMatchObject({ status: 'not-assessed', score: null });
  });

  it('is at risk when only security staff log in, nobody triages and no report leaves', () => {
    const v = judgeParticipation(facts({ accountsByRole: { admin: 1, 'security-analyst': 2 } }), 3);
    expect(v).toMatchObject({ status: 'at-risk', score: 0 });
    expect(v.summary).toMatch(/3 active accounts \(admin 1, security-analyst 2\).*no biomedical engineer.*triaged.*exported/);
  });

  it('counts each missing part as a third and needs no triage when nothing is open', () => {
    const shared = { accountsByRole: { admin: 1, 'biomedical-engineer': 2 }, triageDecisions: 0 };
    expect(judgeParticipation(facts({ ...shared, reportExports: 0 }), 0)).toMatchObject({ status: 'needs-work', score: 67 });
    expect(judgeParticipation(facts({ ...shared, reportExports: 1 }), 0)).toMatchObject({ status: 'good', score: 100 });
    expect(judgeParticipation(facts({ ...shared, reportExports: 1 }), 4)).toMatchObject({ status: 'needs-work', score: 67 });
  });
});
