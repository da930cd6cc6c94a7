/** What flow-log readers (Zeek conn.log, CSV flows) share: the line counter and the first few bad rows, by line. */
import type { FlowSet } from './flow.js';

export interface RowProblems {
  rows: number;
  skipped: number;
  readonly problems: string[]; // the first few, with line numbers
}

export abstract class FlowRowReader {
  protected lineNo = 0;
  readonly stats: RowProblems = { rows: 0, skipped: 0, problems: [] };

  constructor(
    protected readonly source: string,
    protected readonly into: FlowSet,
  ) {}

  protected skip(why: string): void {
    this.stats.skipped++;
    if (this.stats.problems.length < 10) this.stats.problems.push(`${this.source}:${this.lineNo}: ${why}`);
  }

  abstract push(buf: Buffer, start: number, end: number): void;
}
