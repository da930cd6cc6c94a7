/**
 * Fresh random values for each probe run: a self-describing calling AE (`RADGUARD-` + 4 hex digits by default, so a
 * PACS administrator recognises and can allow-list the auditor), a called AE no site uses, and `2.25.` UIDs and
 * accession numbers that cannot match any real record (PS3.5 Annex B.2: 128-bit UUID as a decimal UID).
 */
import { randomBytes } from 'node:crypto';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();

/** Replaces each `x` in a pattern like `RADGUARD-xxxx` with a random hex digit. */
export const expandAe = (pattern: string): string => pattern.replace(/x/g, () => hex(1).slice(0, 1));

export const randomCalledAe = (): string => `NOSUCHAE-${hex(3)}`;

export const random225Uid = (): string => `2.25.${BigInt(`0x${randomBytes(16).toString('hex')}`).toString(10)}`;

/** SH is at most 16 characters: `RGZ` + 13 hex digits. */
export const randomAccessionNumber = (): string => `RGZ${hex(7).slice(0, 13)}`;
