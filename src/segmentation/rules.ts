/**
 * The segmentation findings: ids are stable forever (users filter and suppress by them). Which one fires for a
 * denied cross-zone flow depends on the zones' purposes; the most specific wins, `segmentation-violation` is the
 * general case.
 */
import type { Severity } from '../core/severity.js';
import type { ZonePurpose } from './policy.js';
import { EMAIL_PORTS } from './services.js';

export interface SegmentationRule {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly remediation: string;
}

const rule = (r: SegmentationRule) => r;

export const SEGMENTATION_RULES = {
  officeToImaging: rule({
    id: 'segmentation-office-to-imaging',
    title: 'Office network reaches the imaging network on a port the zone policy does not allow',
    severity: 'high',
    remediation:
      'Keep radiology systems separate from office operations (practice 4): remove the firewall/ACL exception that lets the office zone reach this imaging host and port, or, if the flow is needed, add it to the zone policy with its owner and reason.',
  }),
  imagingToInternet: rule({
    id: 'segmentation-imaging-to-internet',
    title: 'Imaging network reaches outside (internet/DMZ) on a port the zone policy does not allow',
    severity: 'high',
    remediation:
      'Imaging devices must not reach the internet (practice 4): block egress from the imaging VLAN at the firewall; if PACS needs updates, allow only the named proxy host and port in the zone policy.',
  }),
  imagingEmail: rule({
    id: 'imaging-email-traffic',
    title: 'E-mail traffic (SMTP/IMAP/POP3) from the imaging network',
    severity: 'high',
    remediation:
      'No personal or employee e-mail may be connected to the imaging services network (practice 4): find the device or user sending or fetching mail from this address, stop it, and block the e-mail ports from the imaging zone.',
  }),
  general: rule({
    id: 'segmentation-violation',
    title: 'Flow between zones that the zone policy does not allow',
    severity: 'medium',
    remediation: 'Block the flow at the firewall between the two zones, or add it to the zone policy if it is needed and approved.',
  }),
  dicomNoTls: rule({
    id: 'dicom-no-tls-between-zones',
    title: 'DICOM without TLS between two zones',
    severity: 'medium',
    remediation:
      'Plain DICOM carries images and every patient attribute readable on the wire: between zones use DICOM TLS (port 2762) where both ends support it, or keep the link on a dedicated, firewalled path and document the exception in the zone policy.',
  }),
  duplicateAeTitle: rule({
    id: 'dicom-duplicate-ae-title',
    title: 'The same DICOM AE title is used by several hosts',
    severity: 'medium',
    remediation:
      'Give every DICOM node its own AE title: a shared title lets studies and worklists go to the wrong device, and PACS access rules by AE title then admit every host using it. Rename all but one and update the PACS/modality AE tables.',
  }),
  rulesetViolation: rule({
    id: 'segmentation-ruleset-violation',
    title: 'The firewall ruleset allows a zone-to-zone flow the zone policy does not allow',
    severity: 'medium',
    remediation:
      'Narrow or remove the firewall rule named in the evidence so the ruleset allows only what the zone policy lists (practice 4), or, if the flow is needed and approved, add it to the zone policy with its owner and reason. Office → imaging and imaging → outside paths are rated high.',
  }),
  rulesetBlocksAllowed: rule({
    id: 'segmentation-ruleset-blocks-allowed',
    title: 'The zone policy allows a flow that the firewall ruleset blocks',
    severity: 'info',
    remediation: 'Nothing is exposed; if the service is needed (a modality cannot send to PACS), add a rule for it, else remove the allowance from the zone policy so the two agree.',
  }),
} as const;

const IMAGING_SIDE: readonly ZonePurpose[] = ['imaging', 'pacs'];

/** Picks the rule for a denied flow. Active checks report reachability; e-mail is judged from traffic only. */
export function ruleFor(from: ZonePurpose, to: ZonePurpose, port: number, source: 'scan' | 'traffic'): SegmentationRule {
  if (source === 'traffic' && IMAGING_SIDE.includes(from) && EMAIL_PORTS.has(port)) return SEGMENTATION_RULES.imagingEmail;
  if (from === 'office' && IMAGING_SIDE.includes(to)) return SEGMENTATION_RULES.officeToImaging;
  if (IMAGING_SIDE.includes(from) && to === 'outside') return SEGMENTATION_RULES.imagingToInternet;
  return SEGMENTATION_RULES.general;
}
