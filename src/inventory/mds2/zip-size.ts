/**
 * The total uncompressed size a ZIP (an .xlsx) declares in its central directory, read before the workbook
 * library inflates anything: a small hostile "form" can declare gigabytes (a zip bomb). Returns null when the
 * directory cannot be read (then the file is refused) and Infinity for ZIP64 entries (sizes beyond 4 GiB).
 */
export function zipUncompressedSize(zip: Buffer): number | null {
  const EOCD = 0x06054b50;
  const CEN = 0x02014b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CEN) return null;
    const size = zip.readUInt32LE(p + 24);
    if (size === 0xffffffff) return Infinity;
    total += size;
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return total;
}
