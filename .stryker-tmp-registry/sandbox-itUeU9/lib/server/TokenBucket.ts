/**
 * TokenBucket limits a rate: one token every `intervalMs`, at most `burst`
 * kept; `take()` spends one when there is one. As the exporter-toolkit's
 * `rate_limit` does, it counts every request, whoever sends it.
 */
// @ts-nocheck

export class TokenBucket {
  private tokens: number;
  private last = Date.now();

  constructor(
    readonly intervalMs: number,
    readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** take spends a token and returns true, or returns false when none is left. */
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) / this.intervalMs);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
