/** BackoffOptions configure a Backoff. */
// @ts-nocheck

export interface BackoffOptions {
  /** The first delay, in milliseconds. */
  initialMs: number;
  /** The longest delay, in milliseconds. */
  maxMs: number;
  /**
   * How much each delay may be shortened at random, as a fraction, so that
   * many processes that failed together do not retry together.
   * @default 0.2
   */
  jitter?: number;
}

/**
 * Backoff computes the delays between retries: `initialMs`, then twice as
 * long after each failure, at most `maxMs`, each shortened by up to `jitter`
 * of itself at random.
 *
 * @example
 * const backoff = new Backoff({ initialMs: 100, maxMs: 10_000 });
 * backoff.next(); // about 100
 * backoff.next(); // about 200
 * backoff.reset();
 */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private attempt = 0;

  constructor(options: BackoffOptions) {
    this.initialMs = options.initialMs;
    this.maxMs = options.maxMs;
    this.jitter = options.jitter ?? 0.2;
  }

  /** failures is the number of delays handed out since the last reset. */
  get failures(): number {
    return this.attempt;
  }

  /** next returns the delay before the next retry, in milliseconds, and lengthens the one after. */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.max(1, Math.round(base * (1 - this.jitter * Math.random())));
  }

  /** reset starts again from `initialMs`, after a success. */
  reset(): void {
    this.attempt = 0;
  }
}
