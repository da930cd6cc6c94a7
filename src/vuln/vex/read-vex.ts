/**
 * Reads VEX documents into common statements: CycloneDX VEX (`vulnerabilities[].analysis` + `affects[].ref`,
 * refs resolved to the BOM's components or kept as bom-links), CSAF VEX (`product_status` groups with flags as
 * not-affected justifications) and OpenVEX (`statements[]`, v0.0.x string vulnerabilities and v0.2 objects).
 */
import { AppError, errorMessage } from '../../core/errors.js';
import { isCsafDocument, readCsaf, type CsafStatus } from '../feeds/csaf.feed.js';
import { CDX_STATE, identityOf, type VexProduct, type VexStatement, type VexStatus } from './vex.js';

const o = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const a = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const stmt = (cve: string, product: VexProduct, status: VexStatus, source: string, extra: Partial<VexStatement> = {}): VexStatement => ({
  cve, product, identity: identityOf(product), status, source, ...extra,
});

function cycloneDx(source: string, d: Record<string, unknown>): VexStatement[] {
  const byRef = new Map<string, VexProduct>();
  const walk = (c: unknown) => {
    const x = o(c);
    const ref = s(x['bom-ref']);
    if (ref) byRef.set(ref, { purl: s(x.purl), cpe: s(x.cpe), name: s(x.name), vendor: s(o(x.supplier).name) ?? s(x.publisher), ref });
    a(x.components).forEach(walk);
  };
  walk(o(d.metadata).component);
  a(d.components).forEach(walk);
  const out: VexStatement[] = [];
  for (const v of a(d.vulnerabilities)) {
    const x = o(v);
    const cve = s(x.id);
    const analysis = o(x.analysis);
    const state = s(analysis.state);
    if (!cve || !state) continue;
    const status = CDX_STATE[state];
    if (!status) throw new AppError('ERR_VEX_PARSE', `${source}: ${cve}: unknown analysis.state ${JSON.stringify(state)}`);
    for (const af of a(x.affects)) {
      const ref = s(o(af).ref);
      if (!ref) continue;
      // bom-link: urn:cdx:<serial>/<version>#<bom-ref> points into another BOM; its bom-ref is what we can key by.
      const local = ref.includes('#') ? ref.slice(ref.lastIndexOf('#') + 1) : ref;
      const product = byRef.get(ref) ?? byRef.get(local) ?? { ref: local };
      out.push(stmt(cve, product, status, source, { justification: s(analysis.justification), detail: s(analysis.detail), response: a(analysis.response).filter((r): r is string => typeof r === 'string') }));
    }
  }
  return out;
}

const CSAF_STATUS: Partial<Record<CsafStatus, VexStatus>> = {
  known_affected: 'affected', first_affected: 'affected', last_affected: 'affected', known_not_affected: 'not_affected',
  fixed: 'fixed', first_fixed: 'fixed', under_investigation: 'under_investigation',
};

function csaf(source: string, doc: unknown): VexStatement[] {
  const adv = readCsaf(source, doc);
  const products = new Map(adv.products.map((p) => [p.productId, p]));
  const out: VexStatement[] = [];
  for (const v of adv.vulnerabilities) {
    if (!v.cve) continue;
    for (const [pid, st] of Object.entries(v.status)) {
      const status = CSAF_STATUS[st];
      const p = products.get(pid);
      if (!status) continue;
      const flag = v.flags.find((f) => f.productIds.includes(pid))?.label;
      const rem = v.remediations.filter((r) => r.productIds.includes(pid)).map((r) => `${r.category}: ${r.details}`);
      // CSAF VEX justifies "not affected" with a flag or an impact statement (csaf_vex profile, §4.5).
      const impact = v.threats.filter((t) => t.category === 'impact' && t.productIds.includes(pid)).map((t) => t.details);
      out.push(stmt(v.cve, { purl: p?.purl, cpe: p?.cpe, vendor: p?.vendor, name: p?.product ?? p?.name, ref: pid }, status, `${adv.trackingId} v${adv.version}`, {
        justification: flag, detail: [...impact, ...rem].join('; ') || undefined,
      }));
    }
  }
  return out;
}

const OPENVEX_STATUS: Record<string, VexStatus> = { not_affected: 'not_affected', affected: 'affected', fixed: 'fixed', under_investigation: 'under_investigation' };

function openVex(source: string, d: Record<string, unknown>): VexStatement[] {
  const out: VexStatement[] = [];
  a(d.statements).forEach((st, i) => {
    const x = o(st);
    const vuln = typeof x.vulnerability === 'string' ? x.vulnerability : s(o(x.vulnerability).name);
    const status = OPENVEX_STATUS[s(x.status) ?? ''];
    if (!vuln || !status) throw new AppError('ERR_VEX_PARSE', `${source}: statements[${i}]: needs a vulnerability and a status of not_affected, affected, fixed or under_investigation`);
    for (const p of a(x.products)) {
      const id = typeof p === 'string' ? p : s(o(p)['@id']);
      const ids = o(o(p).identifiers);
      const purl = s(ids.purl) ?? (id?.startsWith('pkg:') ? id : undefined);
      const cpe = s(ids.cpe23) ?? s(ids.cpe22) ?? (id?.startsWith('cpe:') ? id : undefined);
      out.push(stmt(vuln, { purl, cpe, ref: id }, status, s(d['@id']) ?? source, {
        justification: s(x.justification), detail: s(x.impact_statement) ?? s(x.action_statement),
      }));
    }
  });
  return out;
}

export function readVex(source: string, text: string): VexStatement[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new AppError('ERR_VEX_PARSE', `${source}: invalid JSON (${errorMessage(e)})`);
  }
  const d = o(doc);
  if (d.bomFormat === 'CycloneDX') return cycloneDx(source, d);
  if (isCsafDocument(doc)) return csaf(source, doc);
  if (typeof d['@context'] === 'string' && d['@context'].startsWith('https://openvex.dev/ns')) return openVex(source, d);
  throw new AppError('ERR_VEX_FORMAT', `${source}: not a CycloneDX, CSAF or OpenVEX document`);
}
