/**
 * DICOM query-exposure probe (safe, on by default). For Study Root C-FIND, Modality Worklist C-FIND and Study Root
 * C-GET, one short association each with a fresh self-describing calling AE (`RADGUARD-xxxx`) and one zero-match
 * request (see zero-match.ts): no universal query, no return keys, nothing read back but the status word. Uses the
 * called AE the AE-policy probe found (dicom.ae-policy), else the site's `calledAes`; skips services the service
 * map shows are not offered. Stops after the first refused association. Emits one dicom.query per service.
 * On DICOM-TLS ports it asks over TLS, once dicom.tls has found an AE accepted there.
 */
import { defineProbe } from '../probe.js';
import { DEFAULT_DEADLINES } from './link.js';
import { dicomAePolicy, dicomQuery, dicomServices, type QueryExposure, type QueryService } from './observations.js';
import { AE_DEFAULTS, validateAeOptions, type AeOptions } from './options.js';
import { expandAe } from './random.js';
import { zeroMatchQuery } from './zero-match.js';

export interface QueryOptions extends AeOptions {
  readonly services: readonly Exclude<QueryService, 'study-root-move'>[];
}

export default defineProbe<QueryOptions>({
  id: 'dicom.query',
  summary: 'Zero-match C-FIND, worklist and C-GET from an unknown AE: is the archive queryable without authorisation?',
  safety: 'safe',
  transport: 'tcp',
  ports: [104, 4242, 11112],
  phase: 30,
  emits: [dicomQuery],
  defaults: { ...AE_DEFAULTS, deadlines: DEFAULT_DEADLINES, services: ['study-root-find', 'modality-worklist', 'study-root-get'] },
  selects: (port, ctx) => ctx.net.isDicomPort(port),
  async run(target, { net, options, host }) {
    validateAeOptions(options);
    const here = host.observations.filter((o) => o.endpoint.port === target.port);
    const policies = here.filter(dicomAePolicy.is).map((o) => o.data);
    const policy = policies.find((p) => !p.tls) ?? policies.find((p) => p.tls && p.acceptedCalledAe);
    const tls = policy?.tls ?? false;
    // A TLS-only port that dicom.tls could not associate with (or did not reach): nothing to ask in plaintext.
    if (!policy && (target.port === 2761 || target.port === 2762))
      return { status: 'not-applicable', observations: [], detail: 'DICOM-TLS port without an accepted association' };
    const calledAe = policy?.acceptedCalledAe ?? options.calledAes[0];
    if (!calledAe)
      return { status: 'skipped', observations: [], detail: 'no called AE known to be accepted here: give one with --ae' };
    const offered = here.filter(dicomServices.is)[0]?.data.accepted;
    const observations: QueryExposure[] = [];
    for (const service of options.services) {
      if (offered && offered.length > 0 && !offered.includes(service)) {
        observations.push({
          service, callingAe: '', calledAe, outcome: 'not-offered', status: null,
          detail: 'not accepted in the service map association', ms: 0, tls, implementation: null,
        });
        continue;
      }
      const q = await zeroMatchQuery(net, target, { service, calledAe, callingAe: expandAe(options.callingAe), deadlines: options.deadlines, tls });
      observations.push(q);
      if (q.outcome === 'association-rejected' || q.outcome === 'no-answer') break;
    }
    return { status: 'success', observations: observations.map((q) => dicomQuery.of(q)) };
  },
});
