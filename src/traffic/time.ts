/**
 * ISO 8601 text for capture and log times. A capture's or log's clock can hold anything: out-of-range times read
 * as the epoch rather than failing the import. Times in 1970–9999 are formatted by arithmetic (civil-from-days),
 * which costs a fraction of a Date object and its toISOString — one per association or flow adds up on large
 * captures; other years go through Date.
 */
// the text is written as bytes into one scratch buffer and read back as one flat string: a template literal would
// build a rope of ~15 small strings per call, which stays in memory for as long as the timestamp does
const scratch = Buffer.alloc(24);
const put = (at: number, n: number, digits: number) => {
  for (let i = at + digits - 1; i >= at; i--, n = Math.floor(n / 10)) scratch[i] = 48 + (n % 10);
};
const YEAR_10000 = 253_402_300_800_000;

export function isoTime(ms: number): string {
  if (!(Number.isFinite(ms) && Math.abs(ms) < 8.64e15)) return new Date(0).toISOString();
  if (ms < 0 || ms >= YEAR_10000) return new Date(ms).toISOString();
  const t = Math.floor(ms);
  const days = Math.floor(t / 86_400_000);
  let rest = t - days * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  // days since 1970-01-01 → year, month, day (H. Hinnant's civil_from_days, for non-negative days)
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mo = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (mo <= 2 ? 1 : 0);
  put(0, y, 4);
  scratch[4] = 45; // -
  put(5, mo, 2);
  scratch[7] = 45;
  put(8, d, 2);
  scratch[10] = 84; // T
  put(11, h, 2);
  scratch[13] = 58; // :
  put(14, m, 2);
  scratch[16] = 58;
  put(17, s, 2);
  scratch[19] = 46; // .
  put(20, rest - s * 1000, 3);
  scratch[23] = 90; // Z
  return scratch.toString('latin1');
}
