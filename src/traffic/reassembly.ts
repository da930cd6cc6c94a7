/**
 * One direction of a TCP connection, put back in order: bytes reach the consumer exactly once, in sequence order,
 * whatever retransmissions and reordering the capture holds. Out-of-order segments wait in a bounded buffer
 * (copied, so the capture chunk can go); a hole that the buffer cannot bridge (a packet the sensor dropped) ends
 * the stream with `gap()`, because a byte-counting parser cannot resynchronise safely.
 */
export interface ByteConsumer {
  /** In-order bytes b[start, end) (valid only during the call); return false to stop receiving (not interested, or done). */
  data(b: Buffer, start: number, end: number): boolean;
  gap(): void;
}

export const MAX_OUT_OF_ORDER_BYTES = 512 * 1024;

export class TcpDirection {
  private next: number | null = null;
  private pending: { seq: number; data: Buffer }[] = [];
  private pendingBytes = 0;
  private stopped = false;

  constructor(private readonly consumer: ByteConsumer) {}

  syn(seq: number): void {
    if (this.next === null) this.next = (seq + 1) >>> 0;
  }

  get done(): boolean {
    return this.stopped;
  }

  /** The segment's payload is b[start, end). */
  segment(seq: number, b: Buffer, start: number, end: number): void {
    if (this.stopped || end <= start) return;
    if (this.next === null) this.next = seq; // capture started mid-connection
    const diff = (seq - this.next) | 0;
    if (diff > 0) {
      if (this.pendingBytes + end - start > MAX_OUT_OF_ORDER_BYTES) return this.stop(true);
      this.pending.push({ seq, data: Buffer.from(b.subarray(start, end)) });
      this.pendingBytes += end - start;
      return;
    }
    this.take(diff, b, start, end);
    // drain what is now in order
    while (!this.stopped && this.pending.length) {
      let progressed = false;
      for (let i = 0; i < this.pending.length; i++) {
        const p = this.pending[i]!;
        const d = (p.seq - this.next!) | 0;
        if (d > 0) continue;
        this.pending.splice(i, 1);
        this.pendingBytes -= p.data.length;
        this.take(d, p.data, 0, p.data.length);
        progressed = true;
        break;
      }
      if (!progressed) break;
    }
  }

  /** `diff` ≤ 0: the segment starts at or before the next expected byte; deliver only the new part. */
  private take(diff: number, b: Buffer, start: number, end: number): void {
    const from = start - diff;
    if (from >= end) return; // a pure retransmission
    this.next = (this.next! + end - from) >>> 0;
    if (!this.consumer.data(b, from, end)) this.stop(false);
  }

  private stop(gap: boolean): void {
    this.stopped = true;
    this.pending = [];
    this.pendingBytes = 0;
    if (gap) this.consumer.gap();
  }
}
