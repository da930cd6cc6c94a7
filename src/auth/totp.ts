/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s), via the maintained `otpauth` library. One step of clock
 * drift is accepted either way; a code already used in its window is refused by the caller (replay).
 */
import { Secret, TOTP } from 'otpauth';

const totpFor = (secretBase32: string, label = 'radguard'): TOTP =>
  new TOTP({ issuer: 'Radguard', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

export const totpUri = (secretBase32: string, username: string): string => totpFor(secretBase32, username).toString();

/** The time step the code matched, or null. */
export function checkTotp(secretBase32: string, code: string, nowMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: nowMs, window: 1 });
  return delta === null ? null : Math.floor(nowMs / 30_000) + delta;
}

export const totpCode = (secretBase32: string, nowMs: number): string => totpFor(secretBase32).generate({ timestamp: nowMs });
