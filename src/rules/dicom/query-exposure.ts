/**
 * Shared judgement for the zero-match query rules (C-FIND, worklist, C-GET, C-MOVE): which dicom.query outcomes
 * mean the service executes requests for an unknown calling AE.
 */
import type { Verdict } from '../../core/finding.js';
import { dicomQuery, dicomStudyCount, type QueryService } from '../../probes/dicom/observations.js';
import { perObservation, verdictFor } from '../rule.js';

const WHAT: Record<QueryService, string> = {
  'study-root-find': 'a Study Root C-FIND (study search)',
  'modality-worklist': 'a Modality Worklist C-FIND (scheduled patients and procedures)',
  'study-root-get': 'a Study Root C-GET (image retrieval to the caller)',
  'study-root-move': 'a Study Root C-MOVE (image retrieval to a named destination)',
};

export const queryExposure = (service: QueryService) =>
  perObservation(dicomQuery, (o, facts): Verdict | undefined => {
    const q = o.data;
    if (q.service !== service) return undefined;
    const who = `from the unknown calling AE "${q.callingAe}" to called AE "${q.calledAe}" on port ${o.endpoint.port}`;
    const count = service === 'study-root-find'
      ? facts.observations.filter(dicomStudyCount.is).find((c) => c.endpoint.port === o.endpoint.port)?.data
      : undefined;
    const exposed = count ? ` The opt-in count found ${count.capped ? 'at least ' : ''}${count.studies} studies findable this way.` : '';
    if (q.outcome === 'allowed')
      return verdictFor(o, `${WHAT[service]} ${who} was executed: final status ${q.status} for a query that could match nothing. ` +
        `The same request with real keys would return patient data to anyone on the network.${exposed}`);
    if (q.outcome === 'matched-aborted')
      return verdictFor(o, `${WHAT[service]} ${who} produced a matching (pending) answer even for a random key; Radguard discarded it unread and aborted.`);
    if (q.outcome === 'move-destination-unknown')
      return verdictFor(o, `${WHAT[service]} ${who} was taken up to the destination lookup (status A801, move destination unknown): ` +
        'only the destination list stops an unknown caller.', { severity: 'medium' });
    return undefined;
  });

