/**
 * Identifies the DICOM stack behind a port from the Implementation Class UID and Version Name of an
 * A-ASSOCIATE-AC (dicom.association, dicom.query, dicom.tls), using implementations.json. Orthanc sends its
 * DCMTK's identifiers, so Orthanc is named only on a second clue: it accepted the called AE `ORTHANC`, or it
 * answered a C-FIND from an unknown AE with A-ABORT (its default). Unknown UIDs come back as a low-confidence
 * "unknown DICOM implementation" carrying the UID, so they can be curated. CVEs come from the vulnerability
 * matcher via the CPE, never from this table. Orthanc's REST API (dicomweb.rest) gives Orthanc's own version.
 */
import type { Observation } from '../../core/observation.js';
import { defineIdentifier, type Identification } from '../identifier.js';
import { cpeOf, matchField } from './implementations.js';

interface Impl {
  readonly classUid: string | null;
  readonly versionName: string | null;
}

export function identifyImplementation(impl: Impl, port: number, clues: { orthanc?: string } = {}): Identification[] {
  const byName = matchField('versionName', impl.versionName);
  const byUid = matchField('classUid', impl.classUid);
  const seen = `Implementation Class UID ${impl.classUid ?? '(none)'}, Version Name ${impl.versionName ?? '(none)'} on port ${port}`;
  const toolkit = [byName, byUid].find((m) => m?.entry.kind === 'toolkit') ?? null;
  const vendor = [byUid, byName].find((m) => m?.entry.kind === 'vendor-root') ?? null;
  if (!toolkit && !vendor)
    return impl.classUid || impl.versionName
      ? [{ port, kind: 'application', product: 'unknown DICOM implementation', cpe: [], confidence: 'low', evidence: `unknown: ${seen}` }]
      : [];
  const version = toolkit ? (byName?.entry.stack === toolkit.entry.stack ? byName?.version : null) ?? toolkit.version : null;
  const out: Identification[] = [];
  if (vendor) {
    out.push({
      port,
      kind: 'application',
      product: toolkit ? `${vendor.entry.product} on ${toolkit.entry.product}${version ? ` ${version}` : ''}` : vendor.entry.product,
      vendor: vendor.entry.vendor,
      cpe: [],
      deviceType: 'modality',
      confidence: vendor.entry.confidence,
      evidence: `${seen}: UID root of ${vendor.entry.vendor}${toolkit ? `, toolkit ${toolkit.entry.stack}` : ''}`,
    });
    return out;
  }
  const tk = toolkit!;
  const cpe = cpeOf(version ? { ...tk, version } : tk);
  out.push({
    port,
    kind: 'application',
    product: tk.entry.product,
    vendor: tk.entry.vendor,
    ...(version ? { version } : {}),
    cpe: cpe ? [cpe] : [],
    confidence: byName && byUid && byName.entry.stack === byUid.entry.stack ? 'high' : tk.entry.confidence === 'high' ? 'medium' : 'low',
    evidence: `${seen}: ${tk.entry.stack} (${tk.entry.source.split(';')[0]})`,
  });
  if (tk.entry.stack === 'DCMTK' && clues.orthanc)
    out.push({
      port,
      kind: 'application',
      product: 'Orthanc',
      vendor: 'Orthanc project',
      cpe: [], // the DICOM port never shows Orthanc's own version; its CPE needs the REST Server header
      deviceType: 'pacs',
      confidence: 'medium',
      evidence: `${seen}: DCMTK ${version ?? ''} identifiers with ${clues.orthanc} (Orthanc ships its DCMTK's identifiers)`,
    });
  return out;
}

/** Orthanc's REST API states its own version (/system "Version", or the Server header): that one has a CPE. */
function identifyOrthancRest(d: { server: string | null; orthancVersion: string | null }, port: number): Identification[] {
  const fromHeader = /^Orthanc(?:\/([\w.]+))?/i.exec(d.server ?? '');
  if (!fromHeader && !d.orthancVersion) return [];
  const version = d.orthancVersion ?? fromHeader?.[1] ?? null;
  return [{
    port,
    kind: 'application',
    product: 'Orthanc',
    vendor: 'Orthanc project',
    ...(version ? { version } : {}),
    cpe: version ? [`cpe:2.3:a:orthanc-server:orthanc:${version}:*:*:*:*:*:*:*`] : [],
    deviceType: 'pacs',
    confidence: d.orthancVersion ? 'high' : 'medium',
    evidence: `Orthanc REST on port ${port}: ${d.orthancVersion ? `/system Version ${d.orthancVersion}` : `Server header "${d.server}"`}`,
  }];
}

export default defineIdentifier({
  id: 'dicom-implementation',
  kinds: ['dicom.association', 'dicom.query', 'dicom.tls', 'dicomweb.rest'],
  identify(o: Observation): readonly Identification[] {
    if (o.kind === 'dicomweb.rest') return identifyOrthancRest(o.data as { server: string | null; orthancVersion: string | null }, o.endpoint.port);
    const d = o.data as { implementation?: Impl | null; calledAe?: string; outcome?: string; service?: string };
    if (!d.implementation) return [];
    const orthanc =
      o.kind === 'dicom.association' && d.calledAe === 'ORTHANC'
        ? 'the default called AE "ORTHANC" accepted'
        : o.kind === 'dicom.query' && d.service === 'study-root-find' && d.outcome === 'denied'
          ? 'a C-FIND from an unknown AE answered by A-ABORT'
          : undefined;
    return identifyImplementation(d.implementation, o.endpoint.port, orthanc ? { orthanc } : {});
  },
});
