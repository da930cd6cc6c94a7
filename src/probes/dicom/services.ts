/**
 * Presentation contexts the probes propose, and what an A-ASSOCIATE-AC tells about a device: its implementation
 * identity, the services it accepted, and the roles those imply (archive, worklist provider, print SCP …).
 */
import type { AssociateAc, AssociateRqInput, PresentationContextRq } from './pdu.js';
import type { DicomRole, Implementation } from './observations.js';
import {
  EXPLICIT_VR_LE,
  IMPLICIT_VR_LE,
  RADGUARD_IMPLEMENTATION_UID,
  RADGUARD_VERSION_NAME,
  SERVICE_MAP,
  type ServiceName,
} from './uids.js';

/**
 * Context ids are odd numbers (PS3.8 §9.3.2.2). Contexts that carry our identifiers offer only Implicit VR Little
 * Endian, the one every SCP must accept, because identifiers are encoded in it; the service map offers Explicit
 * too so an SCP that insists on it still shows the service.
 */
export const contextsFor = (abstractSyntaxes: readonly string[], transferSyntaxes: readonly string[] = [IMPLICIT_VR_LE]): PresentationContextRq[] =>
  abstractSyntaxes.map((uid, i) => ({ id: 2 * i + 1, abstractSyntax: uid, transferSyntaxes }));

export const serviceMapContexts = (): PresentationContextRq[] =>
  contextsFor(SERVICE_MAP.map((s) => s.uid), [IMPLICIT_VR_LE, EXPLICIT_VR_LE]);

export const requestFor = (calledAe: string, callingAe: string, contexts: readonly PresentationContextRq[]): AssociateRqInput => ({
  calledAe,
  callingAe,
  contexts,
  implementationClassUid: RADGUARD_IMPLEMENTATION_UID,
  implementationVersionName: RADGUARD_VERSION_NAME,
});

export const implementationOf = (ac: AssociateAc): Implementation => ({
  classUid: ac.userInfo.implementationClassUid,
  versionName: ac.userInfo.implementationVersionName,
  maxPduLength: ac.userInfo.maxPduLength,
});

export function acceptedServices(ac: AssociateAc, proposed: readonly PresentationContextRq[]): ServiceName[] {
  const accepted = new Set(ac.contexts.filter((c) => c.result === 0).map((c) => c.id));
  return SERVICE_MAP.filter((s) => proposed.some((p) => p.abstractSyntax === s.uid && accepted.has(p.id))).map((s) => s.name);
}

const STORAGE: readonly ServiceName[] = ['storage-ct', 'storage-mr', 'storage-cr', 'storage-secondary-capture', 'storage-mammography'];
const QR: readonly ServiceName[] = ['study-root-find', 'study-root-move', 'study-root-get', 'patient-root-find', 'patient-root-move', 'patient-root-get'];

export function inferRoles(services: readonly ServiceName[]): DicomRole[] {
  const has = (list: readonly ServiceName[]) => list.some((s) => services.includes(s));
  const roles: DicomRole[] = [];
  if (has(STORAGE) && has(QR)) roles.push('archive');
  if (services.includes('modality-worklist')) roles.push('worklist-provider');
  if (services.includes('print-grayscale') || services.includes('print-color')) roles.push('print-scp');
  if (has(STORAGE) && !has(QR)) roles.push('store-only-scp');
  if (roles.length === 0 && services.length > 0 && services.every((s) => s === 'verification')) roles.push('verification-only');
  return roles;
}
