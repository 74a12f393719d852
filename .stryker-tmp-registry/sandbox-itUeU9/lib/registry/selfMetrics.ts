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
import { Counter } from '../metrics/Counter';
import { Gauge } from '../metrics/Gauge';
import { Histogram } from '../metrics/Histogram';
import type { BatchBuilder } from '../codec/BatchBuilder';

/** Why an update was dropped, as the `reason` label of `instrumentor_dropped_updates_total`. */
export type DropReason = 'buffer_limit' | 'cardinality_limit' | 'not_a_number';

/**
 * SelfMetrics are the metrics a registry keeps about itself and writes into
 * its own namespace when `selfMetrics` is on. They carry no writer label: every
 * process of the namespace adds to the same series.
 *
 * - `instrumentor_flush_duration_seconds` (histogram): how long each write to
 *   Redis took, successful or not, in seconds;
 * - `instrumentor_flush_errors_total` (counter): writes Redis did not fully
 *   acknowledge;
 * - `instrumentor_dropped_updates_total{reason}` (counter): updates dropped,
 *   by reason: `buffer_limit`, `cardinality_limit`, `not_a_number`;
 * - `instrumentor_buffered_series` (gauge): the series that were waiting for
 *   Redis when each process last flushed, summed over the processes; a process
 *   that closes takes its part back out.
 */
export class SelfMetrics {
  readonly flushDuration = new Histogram(stryMutAct_9fa48("533") ? {} : (stryCov_9fa48("533"), {
    name: stryMutAct_9fa48("534") ? "" : (stryCov_9fa48("534"), 'instrumentor_flush_duration_seconds'),
    description: stryMutAct_9fa48("535") ? "" : (stryCov_9fa48("535"), 'Time taken by each write of a flush to Redis, in seconds'),
    buckets: stryMutAct_9fa48("536") ? [] : (stryCov_9fa48("536"), [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10])
  }));
  readonly flushErrors = new Counter(stryMutAct_9fa48("537") ? {} : (stryCov_9fa48("537"), {
    name: stryMutAct_9fa48("538") ? "" : (stryCov_9fa48("538"), 'instrumentor_flush_errors_total'),
    description: stryMutAct_9fa48("539") ? "" : (stryCov_9fa48("539"), 'Writes of a flush that Redis did not fully acknowledge (they are retried)')
  }));
  readonly droppedUpdates = new Counter(stryMutAct_9fa48("540") ? {} : (stryCov_9fa48("540"), {
    name: stryMutAct_9fa48("541") ? "" : (stryCov_9fa48("541"), 'instrumentor_dropped_updates_total'),
    description: stryMutAct_9fa48("542") ? "" : (stryCov_9fa48("542"), 'Updates dropped instead of written, by reason'),
    allowedLabels: stryMutAct_9fa48("543") ? [] : (stryCov_9fa48("543"), [stryMutAct_9fa48("544") ? "" : (stryCov_9fa48("544"), 'reason')])
  }));
  readonly bufferedSeries = new Gauge(stryMutAct_9fa48("545") ? {} : (stryCov_9fa48("545"), {
    name: stryMutAct_9fa48("546") ? "" : (stryCov_9fa48("546"), 'instrumentor_buffered_series'),
    description: stryMutAct_9fa48("547") ? "" : (stryCov_9fa48("547"), 'Series waiting for Redis at the last flush of each process, summed over processes')
  }));
  constructor() {
    if (stryMutAct_9fa48("548")) {
      {}
    } else {
      stryCov_9fa48("548");
      // held and drained by the registry itself, never registered: recording into them is no mistake
      for (const m of stryMutAct_9fa48("549") ? [] : (stryCov_9fa48("549"), [this.flushDuration, this.flushErrors, this.droppedUpdates, this.bufferedSeries])) m._unregisteredWarned = stryMutAct_9fa48("550") ? false : (stryCov_9fa48("550"), true);
    }
  }

  /** byName returns the self-metric with this name, if any. */
  byName(name: string): Histogram | Counter<any> | Gauge | undefined {
    if (stryMutAct_9fa48("551")) {
      {}
    } else {
      stryCov_9fa48("551");
      return (stryMutAct_9fa48("552") ? [] : (stryCov_9fa48("552"), [this.flushDuration, this.flushErrors, this.droppedUpdates, this.bufferedSeries])).find(stryMutAct_9fa48("553") ? () => undefined : (stryCov_9fa48("553"), m => stryMutAct_9fa48("556") ? m.name !== name : stryMutAct_9fa48("555") ? false : stryMutAct_9fa48("554") ? true : (stryCov_9fa48("554", "555", "556"), m.name === name)));
    }
  }
  private described = stryMutAct_9fa48("557") ? true : (stryCov_9fa48("557"), false);
  private reported = 0;

  /** redescribe writes the self-metrics' descriptions and types again with the next drain. */
  redescribe(): void {
    if (stryMutAct_9fa48("558")) {
      {}
    } else {
      stryCov_9fa48("558");
      this.described = stryMutAct_9fa48("559") ? true : (stryCov_9fa48("559"), false);
    }
  }

  /** drain moves the pending self-metric updates into `writes`; `buffered` is this process's current share of the gauge. */
  drain(writes: BatchBuilder, buffered: number): void {
    if (stryMutAct_9fa48("560")) {
      {}
    } else {
      stryCov_9fa48("560");
      const all = stryMutAct_9fa48("561") ? [] : (stryCov_9fa48("561"), [this.flushDuration, this.flushErrors, this.droppedUpdates, this.bufferedSeries]);
      if (stryMutAct_9fa48("564") ? false : stryMutAct_9fa48("563") ? true : stryMutAct_9fa48("562") ? this.described : (stryCov_9fa48("562", "563", "564"), !this.described)) {
        if (stryMutAct_9fa48("565")) {
          {}
        } else {
          stryCov_9fa48("565");
          for (const m of all) {
            if (stryMutAct_9fa48("566")) {
              {}
            } else {
              stryCov_9fa48("566");
              m._describe(writes);
              m._initialize();
            }
          }
          this.described = stryMutAct_9fa48("567") ? false : (stryCov_9fa48("567"), true);
        }
      }
      if (stryMutAct_9fa48("570") ? buffered === this.reported : stryMutAct_9fa48("569") ? false : stryMutAct_9fa48("568") ? true : (stryCov_9fa48("568", "569", "570"), buffered !== this.reported)) {
        if (stryMutAct_9fa48("571")) {
          {}
        } else {
          stryCov_9fa48("571");
          this.bufferedSeries.inc(stryMutAct_9fa48("572") ? buffered + this.reported : (stryCov_9fa48("572"), buffered - this.reported));
          this.reported = buffered;
        }
      }
      for (const m of all) if (stryMutAct_9fa48("576") ? m._dirty.length <= 0 : stryMutAct_9fa48("575") ? m._dirty.length >= 0 : stryMutAct_9fa48("574") ? false : stryMutAct_9fa48("573") ? true : (stryCov_9fa48("573", "574", "575", "576"), m._dirty.length > 0)) m._drain(writes);
    }
  }
}