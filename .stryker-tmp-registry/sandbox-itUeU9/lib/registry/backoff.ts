/** BackoffOptions configure a Backoff. */
// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
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
    if (stryMutAct_9fa48("488")) {
      {}
    } else {
      stryCov_9fa48("488");
      this.initialMs = options.initialMs;
      this.maxMs = options.maxMs;
      this.jitter = stryMutAct_9fa48("489") ? options.jitter && 0.2 : (stryCov_9fa48("489"), options.jitter ?? 0.2);
    }
  }

  /** failures is the number of delays handed out since the last reset. */
  get failures(): number {
    if (stryMutAct_9fa48("490")) {
      {}
    } else {
      stryCov_9fa48("490");
      return this.attempt;
    }
  }

  /** next returns the delay before the next retry, in milliseconds, and lengthens the one after. */
  next(): number {
    if (stryMutAct_9fa48("491")) {
      {}
    } else {
      stryCov_9fa48("491");
      const base = stryMutAct_9fa48("492") ? Math.max(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30)) : (stryCov_9fa48("492"), Math.min(this.maxMs, stryMutAct_9fa48("493") ? this.initialMs / 2 ** Math.min(this.attempt, 30) : (stryCov_9fa48("493"), this.initialMs * 2 ** (stryMutAct_9fa48("494") ? Math.max(this.attempt, 30) : (stryCov_9fa48("494"), Math.min(this.attempt, 30))))));
      stryMutAct_9fa48("495") ? this.attempt-- : (stryCov_9fa48("495"), this.attempt++);
      return stryMutAct_9fa48("496") ? Math.min(1, Math.round(base * (1 - this.jitter * Math.random()))) : (stryCov_9fa48("496"), Math.max(1, Math.round(stryMutAct_9fa48("497") ? base / (1 - this.jitter * Math.random()) : (stryCov_9fa48("497"), base * (stryMutAct_9fa48("498") ? 1 + this.jitter * Math.random() : (stryCov_9fa48("498"), 1 - (stryMutAct_9fa48("499") ? this.jitter / Math.random() : (stryCov_9fa48("499"), this.jitter * Math.random()))))))));
    }
  }

  /** reset starts again from `initialMs`, after a success. */
  reset(): void {
    if (stryMutAct_9fa48("500")) {
      {}
    } else {
      stryCov_9fa48("500");
      this.attempt = 0;
    }
  }
}