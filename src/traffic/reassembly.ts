/**
 * One direction of a TCP connection, put back in order: bytes reach the consumer exactly once, in sequence order,
 * whatever retransmissions and reordering the capture holds. Out-of-order segments wait in a bounded buffer
 * (copied, so the capture chunk can go); a hole that the buffer cannot bridge (a packet the sensor dropped) ends
 * the stream with `gap()`, because a byte-counting parser cannot resynchronise safely.
 */
export interface ByteConsumer {
  /** In-order bytes; return false to stop receiving (not interested, or done). */
  data(b: Buffer): boolean;
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

  segment(seq: number, payload: Buffer): void {
    if (this.stopped || payload.length === 0) return;
    if (this.next === null) this.next = seq; // capture started mid-connection
    const diff = (seq - this.next) | 0;
    if (diff > 0) {
      if (this.pendingBytes + payload.length > MAX_OUT_OF_ORDER_BYTES) return this.stop(true);
      this.pending.push({ seq, data: Buffer.from(payload) });
      this.pendingBytes += payload.length;
      return;
    }
    this.take(diff, payload);
    // drain what is now in order
    while (!this.stopped && this.pending.length) {
      let progressed = false;
      for (let i = 0; i < this.pending.length; i++) {
        const p = this.pending[i]!;
        const d = (p.seq - this.next!) | 0;
        if (d > 0) continue;
        this.pending.splice(i, 1);
        this.pendingBytes -= p.data.length;
        this.take(d, p.data);
        progressed = true;
        break;
      }
      if (!progressed) break;
    }
  }

  /** `diff` ≤ 0: the segment starts at or before the next expected byte; deliver only the new part. */
  private take(diff: number, payload: Buffer): void {
    if (-diff >= payload.length) return; // a pure retransmission
    const fresh = diff === 0 ? payload : payload.subarray(-diff);
    this.next = (this.next! + fresh.length) >>> 0;
    if (!this.consumer.data(fresh)) this.stop(false);
  }

  private stop(gap: boolean): void {
    this.stopped = true;
    this.pending = [];
    this.pendingBytes = 0;
    if (gap) this.consumer.gap();
  }
}
