/**
 * SPDX 2.2/2.3 SBOMs, JSON and tag-value. Each package becomes a Component; `externalRefs` of category
 * SECURITY (cpe22Type, cpe23Type) and PACKAGE-MANAGER (purl; `PACKAGE_MANAGER` as some tools write it) are
 * read, any number per package — syft guesses dozens of CPEs per package, all kept as alternatives.
 */
import { AppError } from '../../core/errors.js';
import type { Component, SourcePackage } from '../component.js';
import { tryParseCpe } from '../match/cpe.js';
import { MAX_COMPONENTS, type SbomDocument } from './sbom.js';
import { checkSpdxSchema } from './spdx-schema.js';

const PURPOSE: Record<string, Component['kind']> = {
  APPLICATION: 'application', FRAMEWORK: 'library', LIBRARY: 'library', CONTAINER: 'application',
  'OPERATING-SYSTEM': 'os', OPERATING_SYSTEM: 'os', DEVICE: 'device', FIRMWARE: 'firmware',
};

interface RawPackage {
  id: string;
  name?: string;
  version?: string;
  supplier?: string;
  purpose?: string;
  sourceInfo?: string;
  refs: { category: string; type: string; locator: string }[];
}

const party = (s: string | undefined): string | undefined => {
  if (!s || /^NOASSERTION$/i.test(s.trim())) return undefined;
  return s.replace(/^(Organization|Person|Tool):\s*/i, '').replace(/\s*\([^)]*@[^)]*\)\s*$/, '').trim() || undefined;
};

/** Trivy's `sourceInfo` "built package from: openssl 3.0.13-1~deb12u1" names the distribution source package. */
function builtFrom(info: string | undefined): SourcePackage | undefined {
  const m = /^built package from:\s*(\S+)(?:\s+(\S+))?\s*$/i.exec(info?.trim() ?? '');
  return m ? { name: m[1]!, ...(m[2] ? { version: m[2] } : {}) } : undefined;
}

function toDocument(format: SbomDocument['format'], specVersion: string, name: string | undefined, pkgs: RawPackage[], source: string): SbomDocument {
  const warnings: string[] = [];
  if (pkgs.length > MAX_COMPONENTS) throw new AppError('ERR_SBOM_PARSE', `${source}: more than ${MAX_COMPONENTS} packages`);
  const components: Component[] = [];
  for (const p of pkgs) {
    if (!p.name) {
      warnings.push(`${p.id}: package without a name skipped`);
      continue;
    }
    const cpes: string[] = [];
    let purl: string | undefined;
    for (const r of p.refs) {
      const cat = r.category.toUpperCase().replace('_', '-');
      if (cat === 'SECURITY' && /^cpe2[23]Type$/i.test(r.type)) {
        if (tryParseCpe(r.locator)) cpes.push(r.locator);
        else warnings.push(`${p.id} (${p.name}): ${r.type} ${JSON.stringify(r.locator.slice(0, 100))} is not a valid CPE name, ignored`);
      } else if (cat === 'PACKAGE-MANAGER' && r.type.toLowerCase() === 'purl') purl ??= r.locator;
    }
    const built = builtFrom(p.sourceInfo);
    components.push({
      id: p.id, kind: PURPOSE[(p.purpose ?? '').toUpperCase()] ?? 'library', name: p.name,
      vendor: party(p.supplier), version: p.version && !/^NOASSERTION$/i.test(p.version) ? p.version : undefined, cpes, purl, source: 'sbom',
      ...(built ? { sourcePackage: built } : {}),
    });
  }
  return { format, specVersion, subject: name ? { name } : undefined, components, warnings, schemaIssues: [], schemaIssueCount: 0 };
}

const o = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function readSpdxJson(source: string, doc: unknown): SbomDocument {
  const d = o(doc);
  const version = s(d.spdxVersion);
  if (!version || !/^SPDX-2\.[0-3]$/.test(version)) throw new AppError('ERR_SBOM_FORMAT', `${source}: not an SPDX 2.x document (spdxVersion ${JSON.stringify(version)})`);
  const pkgs = (Array.isArray(d.packages) ? d.packages : []).map((p, i): RawPackage => {
    const x = o(p);
    return {
      id: s(x.SPDXID) ?? `$.packages[${i}]`, name: s(x.name), version: s(x.versionInfo), supplier: s(x.supplier), purpose: s(x.primaryPackagePurpose), sourceInfo: s(x.sourceInfo),
      refs: (Array.isArray(x.externalRefs) ? x.externalRefs : []).map((r) => ({ category: s(o(r).referenceCategory) ?? '', type: s(o(r).referenceType) ?? '', locator: s(o(r).referenceLocator) ?? '' })),
    };
  });
  const read = toDocument('spdx-json', version, s(d.name), pkgs, source);
  const check = checkSpdxSchema(doc, version);
  return check ? { ...read, schema: check.schema, schemaIssues: check.issues, schemaIssueCount: check.count } : read;
}

export function readSpdxTagValue(source: string, text: string): SbomDocument {
  let version: string | undefined;
  let docName: string | undefined;
  const pkgs: RawPackage[] = [];
  let cur: RawPackage | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = /^([A-Za-z][A-Za-z0-9]*):\s?(.*)$/.exec(line);
    if (!m) continue;
    const tag = m[1]!;
    let value = m[2]!.trim();
    if (value.startsWith('<text>')) {
      // Multi-line values run until </text>; only their first line could matter here, so skip the rest.
      while (!value.includes('</text>') && i + 1 < lines.length) value += `\n${lines[++i]!}`;
      value = value.replace(/^<text>|<\/text>$/g, '');
    }
    if (tag === 'SPDXVersion') version = value;
    else if (tag === 'DocumentName') docName = value;
    else if (tag === 'PackageName') {
      cur = { id: `package ${pkgs.length + 1}`, name: value, refs: [] };
      pkgs.push(cur);
    } else if (tag === 'FileName' || tag === 'SnippetSPDXID') cur = undefined;
    else if (cur) {
      if (tag === 'SPDXID') cur.id = value;
      else if (tag === 'PackageVersion') cur.version = value;
      else if (tag === 'PackageSupplier') cur.supplier = value;
      else if (tag === 'PrimaryPackagePurpose') cur.purpose = value;
      else if (tag === 'PackageSourceInfo') cur.sourceInfo = value;
      else if (tag === 'ExternalRef') {
        const [category, type, ...locator] = value.split(/\s+/);
        if (category && type && locator.length) cur.refs.push({ category, type, locator: locator.join(' ') });
      }
    }
  }
  if (!version || !/^SPDX-2\.[0-3]$/.test(version)) throw new AppError('ERR_SBOM_FORMAT', `${source}: not an SPDX 2.x tag-value document (SPDXVersion ${JSON.stringify(version ?? null)})`);
  return toDocument('spdx-tag-value', version, docName, pkgs, source);
}
