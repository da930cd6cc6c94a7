/**
 * CycloneDX 1.2–1.6 SBOMs, JSON and XML: walks nested components, keeps bom-ref, supplier/manufacturer/publisher,
 * cpe (2.3 or 2.2) and purl, and maps types (device, firmware, operating-system …) onto Component kinds. XML is
 * read with fast-xml-parser with entity processing off, so a hostile SBOM cannot expand entities. JSON is also
 * checked against the published schema of its specVersion; violations come back as schemaIssues, not errors.
 */
import { XMLParser } from 'fast-xml-parser';
import { AppError, errorMessage } from '../../core/errors.js';
import type { Component, SourcePackage } from '../component.js';
import { tryParseCpe } from '../match/cpe.js';
import { checkCycloneDxSchema } from './cyclonedx-schema.js';
import { MAX_COMPONENTS, type SbomDocument } from './sbom.js';

type Kind = Component['kind'];
const KIND: Record<string, Kind> = {
  'operating-system': 'os', firmware: 'firmware', device: 'device', library: 'library', framework: 'library',
  application: 'application', container: 'application', platform: 'os', 'device-driver': 'firmware', file: 'library',
};

interface Raw {
  type?: string;
  ref?: string;
  name?: string;
  group?: string;
  version?: string;
  vendor?: string;
  cpe?: string;
  purl?: string;
  source?: SourcePackage;
  children: Raw[];
}

function toComponents(roots: Raw[], source: string, warnings: string[]): Component[] {
  const out: Component[] = [];
  const seen = new Set<string>();
  const visit = (r: Raw, path: string, depth: number) => {
    if (depth > 64) throw new AppError('ERR_SBOM_PARSE', `${source}: components nested deeper than 64 levels`);
    if (out.length >= MAX_COMPONENTS) throw new AppError('ERR_SBOM_PARSE', `${source}: more than ${MAX_COMPONENTS} components`);
    if (!r.name) warnings.push(`${path}: component without a name skipped`);
    else {
      let id = r.ref || `${path}`;
      if (seen.has(id)) id = `${id}#${out.length}`;
      seen.add(id);
      const cpes: string[] = [];
      if (r.cpe) {
        if (tryParseCpe(r.cpe)) cpes.push(r.cpe);
        else warnings.push(`${path} (${r.name}): cpe ${JSON.stringify(r.cpe.slice(0, 100))} is not a valid CPE name, ignored`);
      }
      const kind = KIND[r.type ?? 'library'];
      if (!kind) warnings.push(`${path} (${r.name}): type ${r.type} read as library`);
      out.push({
        id, kind: kind ?? 'library', name: r.group && !r.vendor ? `${r.group}/${r.name}` : r.name,
        vendor: r.vendor || undefined, version: r.version || undefined, cpes, purl: r.purl || undefined, source: 'sbom',
        ...(r.source ? { sourcePackage: r.source } : {}),
      });
    }
    r.children.forEach((c, i) => visit(c, `${path}.components[${i}]`, depth + 1));
  };
  roots.forEach((r, i) => visit(r, `$.components[${i}]`, 0));
  return out;
}

/**
 * Trivy's properties naming the distribution source package (`SrcName` openssl, `SrcEpoch`, `SrcVersion` 3.0.13,
 * `SrcRelease` 1~deb12u1): distributions' advisories are keyed by it.
 */
function trivySource(props: readonly (readonly [string | undefined, string | undefined])[]): SourcePackage | undefined {
  const get = (k: string) => props.find(([n]) => n === `aquasecurity:trivy:${k}`)?.[1]?.trim() || undefined;
  const name = get('SrcName');
  if (!name) return undefined;
  const [epoch, version, release] = [get('SrcEpoch'), get('SrcVersion'), get('SrcRelease')];
  return { name, version: version && `${epoch && epoch !== '0' ? `${epoch}:` : ''}${version}${release ? `-${release}` : ''}` };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

function rawJson(c: unknown): Raw {
  const o = obj(c);
  const org = (k: string) => str(obj(o[k]).name);
  return {
    type: str(o.type), ref: str(o['bom-ref']), name: str(o.name), group: str(o.group), version: str(o.version),
    vendor: org('supplier') ?? org('manufacturer') ?? str(o.publisher) ?? str(o.author),
    cpe: str(o.cpe), purl: str(o.purl), source: trivySource(list(o.properties).map((p) => [str(obj(p).name), str(obj(p).value)])),
    children: list(o.components).map(rawJson),
  };
}

export function readCycloneDxJson(source: string, doc: unknown): SbomDocument {
  const o = obj(doc);
  if (o.bomFormat !== 'CycloneDX') throw new AppError('ERR_SBOM_FORMAT', `${source}: not a CycloneDX BOM (bomFormat is ${JSON.stringify(o.bomFormat)})`);
  const warnings: string[] = [];
  const meta = obj(obj(o.metadata).component);
  const check = checkCycloneDxSchema(doc);
  return {
    format: 'cyclonedx-json',
    specVersion: str(o.specVersion) ?? 'unknown',
    subject: str(meta.name) ? { name: str(meta.name)!, type: str(meta.type), version: str(meta.version) } : undefined,
    components: toComponents(list(o.components).map(rawJson), source, warnings),
    warnings,
    schema: check.schema,
    schemaIssues: check.issues,
    schemaIssueCount: check.count,
  };
}

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  const t = obj(v)['#text'];
  return typeof t === 'string' || typeof t === 'number' ? String(t) : undefined;
};

function rawXml(c: unknown): Raw {
  const o = obj(c);
  const org = (k: string) => text(obj(o[k]).name);
  return {
    type: text(o['@_type']), ref: text(o['@_bom-ref']), name: text(o.name), group: text(o.group), version: text(o.version),
    vendor: org('supplier') ?? org('manufacturer') ?? text(o.publisher) ?? text(o.author),
    cpe: text(o.cpe), purl: text(o.purl), source: trivySource(list(obj(o.properties).property).map((p) => [text(obj(p)['@_name']), text(p)])),
    children: list(obj(o.components).component).map(rawXml),
  };
}

export function readCycloneDxXml(source: string, xml: string): SbomDocument {
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: false, parseTagValue: false, trimValues: true }).parse(xml, true) as Record<string, unknown>;
  } catch (e) {
    throw new AppError('ERR_SBOM_PARSE', `${source}: malformed XML (${errorMessage(e)})`);
  }
  const bom = obj(doc.bom);
  const ns = text(bom['@_xmlns']) ?? '';
  const m = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d\.\d)$/.exec(ns);
  if (!m) throw new AppError('ERR_SBOM_FORMAT', `${source}: not a CycloneDX XML BOM (namespace ${JSON.stringify(ns.slice(0, 80))})`);
  const warnings: string[] = [];
  const meta = obj(obj(bom.metadata).component);
  return {
    format: 'cyclonedx-xml',
    specVersion: m[1]!,
    subject: text(meta.name) ? { name: text(meta.name)!, type: text(meta['@_type']), version: text(meta.version) } : undefined,
    components: toComponents(list(obj(bom.components).component).map(rawXml), source, warnings),
    warnings,
    schemaIssues: [],
    schemaIssueCount: 0,
  };
}
