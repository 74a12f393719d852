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
import { optionNames } from '../util/checkOptionNames';
import { BucketLayoutOptions, bucketLayout, checkLayoutOption, Histogram } from './Histogram';
import { METRIC_OPTIONS, metricOptionNames, MetricOptions } from './Metric';

/** ExponentialHistogramOptions are the options of an ExponentialHistogram; its `start` must be positive. */
export interface ExponentialHistogramOptions<L extends string> extends BucketLayoutOptions<L> {
  /** The ratio between two bucket bounds; must be greater than 1. */
  factor: number;
}

/**
 * ExponentialHistogram is a Histogram whose `count` buckets grow by `factor`,
 * starting at `start`: start, start × factor, start × factor², …
 *
 * @example
 * new ExponentialHistogram({ name: 'payload_bytes', description: 'Payload size', start: 100, factor: 10, count: 4 }); // 100, 1000, 10000, 100000
 */
export class ExponentialHistogram<const L extends string = never> extends Histogram<L> {
  constructor(options: ExponentialHistogramOptions<L>) {
    if (stryMutAct_9fa48("0")) {
      {}
    } else {
      stryCov_9fa48("0");
      const start = checkLayoutOption(options.name, stryMutAct_9fa48("1") ? "" : (stryCov_9fa48("1"), 'start'), options.start, stryMutAct_9fa48("2") ? () => undefined : (stryCov_9fa48("2"), v => stryMutAct_9fa48("5") ? v > 0 || v < Infinity : stryMutAct_9fa48("4") ? false : stryMutAct_9fa48("3") ? true : (stryCov_9fa48("3", "4", "5"), (stryMutAct_9fa48("8") ? v <= 0 : stryMutAct_9fa48("7") ? v >= 0 : stryMutAct_9fa48("6") ? true : (stryCov_9fa48("6", "7", "8"), v > 0)) && (stryMutAct_9fa48("11") ? v >= Infinity : stryMutAct_9fa48("10") ? v <= Infinity : stryMutAct_9fa48("9") ? true : (stryCov_9fa48("9", "10", "11"), v < Infinity)))), stryMutAct_9fa48("12") ? "" : (stryCov_9fa48("12"), 'a positive number'));
      const factor = checkLayoutOption(options.name, stryMutAct_9fa48("13") ? "" : (stryCov_9fa48("13"), 'factor'), options.factor, stryMutAct_9fa48("14") ? () => undefined : (stryCov_9fa48("14"), v => stryMutAct_9fa48("17") ? v > 1 || v < Infinity : stryMutAct_9fa48("16") ? false : stryMutAct_9fa48("15") ? true : (stryCov_9fa48("15", "16", "17"), (stryMutAct_9fa48("20") ? v <= 1 : stryMutAct_9fa48("19") ? v >= 1 : stryMutAct_9fa48("18") ? true : (stryCov_9fa48("18", "19", "20"), v > 1)) && (stryMutAct_9fa48("23") ? v >= Infinity : stryMutAct_9fa48("22") ? v <= Infinity : stryMutAct_9fa48("21") ? true : (stryCov_9fa48("21", "22", "23"), v < Infinity)))), stryMutAct_9fa48("24") ? "" : (stryCov_9fa48("24"), 'a number greater than 1'));
      super(stryMutAct_9fa48("25") ? {} : (stryCov_9fa48("25"), {
        ...options,
        buckets: bucketLayout(options.name, options.count, stryMutAct_9fa48("26") ? () => undefined : (stryCov_9fa48("26"), i => stryMutAct_9fa48("27") ? start / factor ** i : (stryCov_9fa48("27"), start * factor ** i)))
      }));
    }
  }
}

// `buckets` is what the constructor hands the Histogram it is; the bounds come from the layout.
metricOptionNames.set(ExponentialHistogram, stryMutAct_9fa48("28") ? [] : (stryCov_9fa48("28"), [...METRIC_OPTIONS, ...optionNames<Omit<ExponentialHistogramOptions<string>, keyof MetricOptions<string>>>(stryMutAct_9fa48("29") ? {} : (stryCov_9fa48("29"), {
  start: stryMutAct_9fa48("30") ? false : (stryCov_9fa48("30"), true),
  count: stryMutAct_9fa48("31") ? false : (stryCov_9fa48("31"), true),
  factor: stryMutAct_9fa48("32") ? false : (stryCov_9fa48("32"), true)
})), stryMutAct_9fa48("33") ? "" : (stryCov_9fa48("33"), 'buckets')]));