/**
 * Options shared by the DICOM probes, and their validation: a bad AE title is a configuration error that names the
 * option and the value, never a silent fallback.
 */
import { AppError } from '../../core/errors.js';
import { DEFAULT_DEADLINES, type Deadlines } from './link.js';
import { isValidAeTitle } from './pdu.js';

export interface AeOptions {
  /** Calling AE pattern; each `x` becomes a random hex digit. Self-describing so administrators can allow-list it. */
  readonly callingAe: string;
  /** Called AE titles the site knows (from `--ae` or the inventory). Tried before the guesses. */
  readonly calledAes: readonly string[];
  /** Per-product default called AEs, tried when a random one is refused; reported as guessed. */
  readonly guessCalledAes: readonly string[];
  readonly deadlines: Deadlines;
}

export const AE_DEFAULTS: AeOptions = {
  callingAe: 'RADGUARD-xxxx',
  calledAes: [],
  guessCalledAes: ['ORTHANC', 'DCM4CHEE', 'STORESCP', 'ANY-SCP'],
  deadlines: DEFAULT_DEADLINES,
};

export function assertAe(option: string, ae: string): void {
  if (!isValidAeTitle(ae))
    throw new AppError('ERR_DICOM_AE_TITLE', `${option}: "${ae}" is not a valid AE title (1–16 printable ASCII characters, no backslash)`);
}

export function validateAeOptions(o: AeOptions): void {
  assertAe('callingAe', o.callingAe.replace(/x/g, '0'));
  for (const ae of o.calledAes) assertAe('calledAes', ae);
  for (const ae of o.guessCalledAes) assertAe('guessCalledAes', ae);
  for (const [k, v] of Object.entries(o.deadlines))
    if (!(typeof v === 'number' && v > 0 && v <= 5000))
      throw new AppError('ERR_DICOM_DEADLINE', `deadlines.${k}: ${String(v)} ms is outside 1–5000 ms`);
}
