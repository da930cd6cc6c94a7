/**
 * DICOM study-count probe — intrusive, opt-in. Where the zero-match C-FIND showed that an unknown calling AE may
 * query (dicom.query study-root-find = allowed), one Study Root C-FIND at STUDY level with universal matching on
 * StudyInstanceUID (an empty key, the only one sent) measures how much is exposed: the pending responses are
 * counted and every data set is dropped unread, so not even the study UIDs are kept. At `maxStudies` pendings the
 * association is aborted (the count is then a lower bound). Emits dicom.study-count.
 */
import { defineProbe } from '../probe.js';
import { Command, studyIdentifier } from './dimse.js';
import { DEFAULT_DEADLINES, openAssociation } from './link.js';
import { dicomQuery, dicomStudyCount } from './observations.js';
import { AE_DEFAULTS, validateAeOptions, type AeOptions } from './options.js';
import { expandAe } from './random.js';
import { hex4 } from './reasons.js';
import { contextsFor, requestFor } from './services.js';
import { SOP } from './uids.js';

export interface StudyCountOptions extends AeOptions {
  readonly maxStudies: number;
}

export default defineProbe<StudyCountOptions>({
  id: 'dicom.study-count',
  summary: 'Counts the studies an unknown AE can find (universal C-FIND, count only, opt-in)',
  safety: 'intrusive',
  transport: 'tcp',
  ports: [104, 4242, 11112],
  phase: 32,
  emits: [dicomStudyCount],
  defaults: { ...AE_DEFAULTS, deadlines: DEFAULT_DEADLINES, maxStudies: 1000 },
  selects: (port, ctx) => ctx.net.isDicomPort(port) && port !== 2761 && port !== 2762,
  async run(target, { net, options, host }) {
    validateAeOptions(options);
    const open = host.observations
      .filter(dicomQuery.is)
      .find((o) => o.endpoint.port === target.port && o.data.service === 'study-root-find' && o.data.outcome === 'allowed');
    if (!open) return { status: 'skipped', observations: [], detail: 'runs only where the zero-match C-FIND was allowed' };
    const callingAe = expandAe(options.callingAe);
    const contexts = contextsFor([SOP.studyRootFind]);
    const answer = await openAssociation(net, target, requestFor(open.data.calledAe, callingAe, contexts), { deadlines: options.deadlines });
    if (answer.outcome !== 'accepted') return { status: 'success', observations: [], detail: `association ${answer.outcome}` };
    const ctx = answer.link.contextFor(SOP.studyRootFind, contexts);
    if (ctx === null) {
      await answer.link.release();
      return { status: 'success', observations: [], detail: 'Study Root FIND not accepted' };
    }
    const r = await answer.link.request(ctx, {
      commandField: Command.CFindRq,
      sopClassUid: SOP.studyRootFind,
      identifier: studyIdentifier(''),
      countPendingsUpTo: options.maxStudies,
    });
    await answer.link.release();
    if (r.kind !== 'final' && r.kind !== 'pending-aborted') return { status: 'success', observations: [], detail: `C-FIND ended: ${r.kind}` };
    return {
      status: 'success',
      observations: [
        dicomStudyCount.of({
          calledAe: open.data.calledAe,
          callingAe,
          studies: r.pendings,
          capped: r.kind === 'pending-aborted',
          finalStatus: r.kind === 'final' ? hex4(r.status) : null,
          ms: r.ms,
        }),
      ],
    };
  },
});
