/**
 * Round-trip estimates (Jacobson/Karels, as TCP and nmap use) so that silently dropped ports cost a few RTTs, not
 * a fixed second each. Each host has its own estimator; hosts that never answered borrow the scan-wide one.
 */
export class RttEstimator {
  private srtt: number | null = null;
  private rttvar = 0;
  samples = 0;

  add(rttMs: number): void {
    this.samples++;
    if (this.srtt === null) {
      this.srtt = rttMs;
      this.rttvar = rttMs / 2;
      return;
    }
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rttMs);
    this.srtt = 0.875 * this.srtt + 0.125 * rttMs;
  }

  /** The timeout to use now, or null without samples. */
  timeout(minMs: number, maxMs: number): number | null {
    if (this.srtt === null) return null;
    return Math.min(maxMs, Math.max(minMs, this.srtt + 4 * this.rttvar));
  }
}
