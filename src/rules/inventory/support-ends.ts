/** Shared by end-of-support and end-of-support-soon: each support end in `inventory.declared`, dated against the scan. */
import type { Observation } from '../../core/observation.js';
import type { HostFacts } from '../rule.js';
import { inventoryDeclared, type DeclaredFacts, type SupportEnd } from './declared.js';

const DAY = 86_400_000;

export function supportEnds(
  facts: HostFacts,
): Array<{ end: SupportEnd; daysLeft: number; declared: Observation<'inventory.declared', DeclaredFacts> }> {
  const declared = facts.observations.filter(inventoryDeclared.is)[0];
  if (!declared) return [];
  const today = Date.parse(`${declared.observedAt.slice(0, 10)}T00:00:00Z`);
  return declared.data.supportEnds
    .map((end) => ({ end, daysLeft: Math.round((Date.parse(`${end.date}T00:00:00Z`) - today) / DAY), declared }))
    .filter((e) => Number.isFinite(e.daysLeft));
}

export const subjectName = (d: DeclaredFacts): string => [d.manufacturer, d.model].filter(Boolean).join(' ') || d.name || 'this device';
