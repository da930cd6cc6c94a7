/**
 * Identifications are stored as observations of kind `identify.product`, stamped with the id of the observation
 * they were read from, so rules (`outdated-software`, `legacy-os`) see them in HostFacts like any other fact, and a
 * changed fingerprint file can be replayed over stored scans.
 */
import type { Ids } from '../core/clock.js';
import { defineObservation, type Observation } from '../core/observation.js';
import type { Identification, Identifier } from './identifier.js';

export const identifiedProduct = defineObservation<Identification & { readonly from: string }>()(
  'identify.product',
  'What runs on a port (or the host OS), read from another observation by an identifier',
);

const RANK = { high: 3, medium: 2, low: 1 } as const;

export function identifyHost(
  observations: readonly Observation[],
  identifiers: readonly Identifier[],
  ids: Ids,
): { observations: Observation[]; byPort: Map<number, Identification> } {
  const out: Observation[] = [];
  const byPort = new Map<number, Identification>();
  for (const o of observations) {
    for (const idf of identifiers) {
      if (!idf.kinds.includes(o.kind)) continue;
      for (const found of idf.identify(o)) {
        out.push({
          id: ids.next('obs'),
          endpoint: o.endpoint,
          kind: identifiedProduct.kind,
          probeId: `identify.${idf.id}`,
          observedAt: o.observedAt,
          data: { ...found, from: o.id },
        });
        if (found.port === null || found.kind !== 'application') continue;
        const best = byPort.get(found.port);
        const better =
          !best ||
          RANK[found.confidence] > RANK[best.confidence] ||
          (RANK[found.confidence] === RANK[best.confidence] && !best.version && found.version);
        if (better) byPort.set(found.port, found);
      }
    }
  }
  return { observations: out, byPort };
}
