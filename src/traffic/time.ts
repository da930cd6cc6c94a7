/**
 * ISO 8601 text for capture and log times. A capture's or log's clock can hold anything: out-of-range times read
 * as the epoch rather than failing the import. Times in 1970–9999 are formatted by arithmetic (civil-from-days),
 * which costs a fraction of a Date object and its toISOString — one per association or flow adds up on large
 * captures; other years go through Date.
 */
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
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
  return `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(rest - s * 1000)}Z`;
}
