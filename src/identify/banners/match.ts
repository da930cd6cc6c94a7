/**
 * Applies the banner fingerprints to one banner text and builds identifications. Pure: no I/O. Banners come
 * from the network, so they are length-capped before any regular expression sees them.
 */
import type { Confidence, Identification } from '../identifier.js';
import { BANNER_FINGERPRINTS, type BannerFingerprint, type BannerSource } from './fingerprints.js';

const MAX_BANNER = 512;

/** CPE 2.3 formatted-string escaping (NISTIR 7695 §6.2): anything but [A-Za-z0-9._-] gets a backslash. */
export const cpeEscape = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, (c) => `\\${c}`);

export function fillCpe(template: string, groups: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = groups[name];
    return v ? cpeEscape(name === 'update' ? v.toLowerCase() : v) : '*';
  });
}

export interface BannerMatch {
  readonly fingerprint: BannerFingerprint;
  readonly version?: string; // upstream version as users write it ('9.2p1')
  readonly distribution?: string;
  readonly cpe: readonly string[];
}

export function matchBanner(source: BannerSource, banner: string): BannerMatch[] {
  const text = banner.slice(0, MAX_BANNER);
  const out: BannerMatch[] = [];
  for (const fp of BANNER_FINGERPRINTS) {
    if (fp.source !== source) continue;
    const m = fp.pattern.exec(text);
    if (!m) continue;
    const g = m.groups ?? {};
    const version = g.version ? `${g.version}${g.update ?? ''}` : undefined;
    out.push({
      fingerprint: fp,
      ...(version ? { version } : {}),
      ...(g.dist ? { distribution: g.dist.trim() } : {}),
      cpe: fp.cpe.map((t) => fillCpe(t, g)),
    });
  }
  return out;
}

/** Identifications for a banner seen on a port; OS answers are about the host (port null). */
export function identifyBanner(source: BannerSource, banner: string, port: number, what: string): Identification[] {
  return matchBanner(source, banner).map((m): Identification => {
    const confidence: Confidence = m.version ? 'high' : 'medium';
    return {
      port: m.fingerprint.kind === 'os' ? null : port,
      kind: m.fingerprint.kind,
      product: m.fingerprint.product,
      vendor: m.fingerprint.vendor,
      ...(m.version ? { version: m.version } : {}),
      ...(m.distribution ? { distribution: m.distribution } : {}),
      cpe: m.cpe,
      ...(m.fingerprint.deviceType ? { deviceType: m.fingerprint.deviceType } : {}),
      confidence: m.fingerprint.kind === 'os' ? 'medium' : confidence,
      evidence: `${what} on port ${port}: "${banner.slice(0, 120)}" (fingerprint ${m.fingerprint.id})`,
    };
  });
}
