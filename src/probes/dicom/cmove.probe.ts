/**
 * DICOM C-MOVE exposure probe — intrusive, opt-in: a C-MOVE names a destination, so even a zero-match request asks
 * the archive to act. One association, Study Root C-MOVE with a random `2.25.` StudyInstanceUID and a destination AE
 * no site registers (`RADGUARD-NODEST`). Final 0000 = the archive executes moves for an unknown AE; A801 ("move
 * destination unknown") = it took the request and only the destination lookup stopped it; A-ABORT = denied.
 * Emits dicom.query with service study-root-move.
 */
import { defineProbe } from '../probe.js';
import { DEFAULT_DEADLINES } from './link.js';
import { dicomAePolicy, dicomQuery } from './observations.js';
import { AE_DEFAULTS, assertAe, validateAeOptions, type AeOptions } from './options.js';
import { expandAe } from './random.js';
import { zeroMatchQuery } from './zero-match.js';

export interface MoveOptions extends AeOptions {
  readonly moveDestination: string;
}

export default defineProbe<MoveOptions>({
  id: 'dicom.cmove',
  summary: 'Zero-match C-MOVE to an unknown destination from an unknown AE (opt-in)',
  safety: 'intrusive',
  transport: 'tcp',
  ports: [104, 4242, 11112],
  phase: 31,
  emits: [dicomQuery],
  defaults: { ...AE_DEFAULTS, deadlines: DEFAULT_DEADLINES, moveDestination: 'RADGUARD-NODEST' },
  selects: (port, ctx) => ctx.net.isDicomPort(port) && port !== 2761 && port !== 2762,
  async run(target, { net, options, host }) {
    validateAeOptions(options);
    assertAe('moveDestination', options.moveDestination);
    const policy = host.observations.filter(dicomAePolicy.is).find((o) => o.endpoint.port === target.port && !o.data.tls)?.data;
    const calledAe = policy?.acceptedCalledAe ?? options.calledAes[0];
    if (!calledAe) return { status: 'skipped', observations: [], detail: 'no called AE known to be accepted here: give one with --ae' };
    const q = await zeroMatchQuery(net, target, {
      service: 'study-root-move',
      calledAe,
      callingAe: expandAe(options.callingAe),
      deadlines: options.deadlines,
      moveDestination: options.moveDestination,
    });
    return { status: 'success', observations: [dicomQuery.of(q)] };
  },
});
