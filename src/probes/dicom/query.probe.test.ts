import { afterEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../core/observation.js';
import { probeOn } from '../../../test/fakes/dicom-net.js';
import { scriptedScp, type FakeScp } from '../../../test/fakes/dicom-scps.js';
import cmove from './cmove.probe.js';
import type { QueryExposure } from './observations.js';
import query from './query.probe.js';
import studyCount from './study-count.probe.js';
import { SOP } from './uids.js';

const fast = { deadlines: { answerMs: 400, dimseMs: 400, releaseMs: 400 }, calledAes: ['PACS'] };
let scp: FakeScp | null = null;
afterEach(async () => {
  await scp?.close();
  scp = null;
});
const queries = (r: { observations: readonly Observation[] }) => r.observations.map((o) => o.data as QueryExposure);

describe('dicom.query zero-match exposure', () => {
  it('final 0000 = allowed; released; the identifier carried only a random 2.25 StudyInstanceUID', async () => {
    scp = await scriptedScp({ answer: () => ({ status: 0x0000 }) });
    const r = await probeOn(query, '127.0.0.1', scp.port, { options: fast });
    expect(queries(r).map((q) => `${q.service}:${q.outcome}:${q.status}`)).toEqual([
      'study-root-find:allowed:0000', 'modality-worklist:allowed:0000', 'study-root-get:allowed:0000',
    ]);
    expect(scp.received.filter((t) => t === 'release-rq')).toHaveLength(3);
    expect(scp.received).not.toContain('abort');
  });

  it('A-ABORT after the request = denied (Orthanc default); A700 = refused', async () => {
    scp = await scriptedScp({ answer: (cmd) => (cmd.affectedSopClassUid === SOP.studyRootFind ? 'abort' : { status: 0xa700 }) });
    const r = await probeOn(query, '127.0.0.1', scp.port, { options: fast });
    expect(queries(r).map((q) => `${q.service}:${q.outcome}:${q.status}`)).toEqual([
      'study-root-find:denied:null', 'modality-worklist:refused:A700', 'study-root-get:refused:A700',
    ]);
  });

  it('a pending answer is never read: association aborted, the data set value absent from every observation', async () => {
    scp = await scriptedScp({ answer: () => ({ status: 0, pendings: 2 }) });
    const r = await probeOn(query, '127.0.0.1', scp.port, { options: { ...fast, services: ['study-root-find'] } });
    expect(queries(r)[0]).toMatchObject({ outcome: 'matched-aborted', status: 'FF00' });
    expect(JSON.stringify(r)).not.toContain('SECRET');
    await new Promise((done) => setTimeout(done, 50));
    expect(scp.received).toContain('abort');
  });

  it('context not accepted = not offered', async () => {
    scp = await scriptedScp({ accept: [SOP.verification], answer: () => ({ status: 0 }) });
    const r = await probeOn(query, '127.0.0.1', scp.port, { options: { ...fast, services: ['modality-worklist'] } });
    expect(queries(r)[0]).toMatchObject({ outcome: 'not-offered' });
  });

  it('no called AE known: skipped without a packet', async () => {
    scp = await scriptedScp({ answer: () => ({ status: 0 }) });
    const r = await probeOn(query, '127.0.0.1', scp.port, { options: { ...fast, calledAes: [] } });
    expect(r.check.status).toBe('skipped');
    expect(scp.connections.opened).toBe(0);
  });

  it('C-MOVE: A801 = move destination unknown; the RQ named RADGUARD-NODEST', async () => {
    scp = await scriptedScp({ answer: () => ({ status: 0xa801 }) });
    const r = await probeOn(cmove, '127.0.0.1', scp.port, { options: fast });
    expect(queries(r)[0]).toMatchObject({ service: 'study-root-move', outcome: 'move-destination-unknown', status: 'A801' });
    expect(cmove.safety).toBe('intrusive');
  });

  it('study count (opt-in): counts pendings without reading them, caps and aborts, skips unless C-FIND was allowed', async () => {
    scp = await scriptedScp({ answer: () => ({ status: 0, pendings: 5 }) });
    const allowed = {
      observations: [{
        id: 'obs_1', kind: 'dicom.query', probeId: 'dicom.query', observedAt: '', endpoint: { host: '127.0.0.1', port: scp.port, transport: 'tcp' as const },
        data: { service: 'study-root-find', outcome: 'allowed', calledAe: 'PACS' },
      }],
    };
    const full = await probeOn(studyCount, '127.0.0.1', scp.port, { options: fast, observations: allowed.observations });
    expect(full.observations[0]?.data).toMatchObject({ studies: 5, capped: false, finalStatus: '0000' });
    const capped = await probeOn(studyCount, '127.0.0.1', scp.port, { options: { ...fast, maxStudies: 3 }, observations: allowed.observations });
    expect(capped.observations[0]?.data).toMatchObject({ studies: 3, capped: true, finalStatus: null });
    expect(JSON.stringify([full, capped])).not.toContain('SECRET');
    expect(studyCount.safety).toBe('intrusive');
    const skipped = await probeOn(studyCount, '127.0.0.1', scp.port, { options: fast });
    expect(skipped.check.status).toBe('skipped');
  });
});
