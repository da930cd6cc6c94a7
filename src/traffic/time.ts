/** A capture's or log's clock can hold anything: out-of-range times read as the epoch rather than failing the import. */
export const isoTime = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString() : new Date(0).toISOString());
