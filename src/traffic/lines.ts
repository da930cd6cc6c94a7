/**
 * Splits a byte stream into lines across chunk boundaries, handing each line over as a byte range (no string is
 * made unless the reader wants one); a line longer than the cap is dropped and counted.
 */
export const MAX_LINE = 1024 * 1024;

export type LineSink = (buf: Buffer, start: number, end: number) => void;

export class LineSplitter {
  private rest: Buffer | null = null;
  private discarding = false; // inside an overlong line: drop bytes up to the next newline
  overlong = 0;

  constructor(private readonly onLine: LineSink) {}

  push(chunk: Buffer): void {
    let buf = chunk;
    let start = 0;
    if (this.discarding) {
      const nl = buf.indexOf(10);
      if (nl < 0) return;
      this.discarding = false;
      start = nl + 1;
    } else if (this.rest) {
      // finish the pending line with the chunk's first line only; the rest of the chunk is read in place
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.rest = Buffer.concat([this.rest, chunk]);
        if (this.rest.length > MAX_LINE) (this.overlong++, (this.rest = null), (this.discarding = true));
        return;
      }
      const line = Buffer.concat([this.rest, chunk.subarray(0, nl)]);
      this.rest = null;
      if (line.length > MAX_LINE) this.overlong++;
      else this.onLine(line, 0, line.length > 0 && line[line.length - 1] === 13 ? line.length - 1 : line.length);
      start = nl + 1;
    }
    for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
      if (nl - start > MAX_LINE) this.overlong++;
      else this.onLine(buf, start, nl > start && buf[nl - 1] === 13 ? nl - 1 : nl);
      start = nl + 1;
    }
    if (start >= buf.length) return;
    if (buf.length - start > MAX_LINE) {
      this.overlong++;
      this.discarding = true;
    } else this.rest = Buffer.from(buf.subarray(start)); // a copy: the chunk it came from can go
  }

  end(): void {
    if (this.rest && this.rest.length) this.onLine(this.rest, 0, this.rest.length);
    this.rest = null;
  }
}
