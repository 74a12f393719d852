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

/** LinearHistogramOptions are the options of a LinearHistogram. */
export interface LinearHistogramOptions<L extends string> extends BucketLayoutOptions<L> {
  /** The distance between two bucket bounds; must be positive. */
  width: number;
}

/**
 * LinearHistogram is a Histogram whose `count` buckets are `width` apart,
 * starting at `start`: start, start + width, start + 2 × width, …
 *
 * @example
 * new LinearHistogram({ name: 'batch_size', description: 'Items per batch', start: 10, width: 10, count: 5 }); // 10, 20, 30, 40, 50
 */
export class LinearHistogram<const L extends string = never> extends Histogram<L> {
  constructor(options: LinearHistogramOptions<L>) {
    if (stryMutAct_9fa48("183")) {
      {}
    } else {
      stryCov_9fa48("183");
      const start = checkLayoutOption(options.name, stryMutAct_9fa48("184") ? "" : (stryCov_9fa48("184"), 'start'), options.start, Number.isFinite, stryMutAct_9fa48("185") ? "" : (stryCov_9fa48("185"), 'a finite number'));
      const width = checkLayoutOption(options.name, stryMutAct_9fa48("186") ? "" : (stryCov_9fa48("186"), 'width'), options.width, stryMutAct_9fa48("187") ? () => undefined : (stryCov_9fa48("187"), v => stryMutAct_9fa48("190") ? v > 0 || v < Infinity : stryMutAct_9fa48("189") ? false : stryMutAct_9fa48("188") ? true : (stryCov_9fa48("188", "189", "190"), (stryMutAct_9fa48("193") ? v <= 0 : stryMutAct_9fa48("192") ? v >= 0 : stryMutAct_9fa48("191") ? true : (stryCov_9fa48("191", "192", "193"), v > 0)) && (stryMutAct_9fa48("196") ? v >= Infinity : stryMutAct_9fa48("195") ? v <= Infinity : stryMutAct_9fa48("194") ? true : (stryCov_9fa48("194", "195", "196"), v < Infinity)))), stryMutAct_9fa48("197") ? "" : (stryCov_9fa48("197"), 'a positive number'));
      super(stryMutAct_9fa48("198") ? {} : (stryCov_9fa48("198"), {
        ...options,
        buckets: bucketLayout(options.name, options.count, stryMutAct_9fa48("199") ? () => undefined : (stryCov_9fa48("199"), i => stryMutAct_9fa48("200") ? start - i * width : (stryCov_9fa48("200"), start + (stryMutAct_9fa48("201") ? i / width : (stryCov_9fa48("201"), i * width)))))
      }));
    }
  }
}

// `buckets` is what the constructor hands the Histogram it is; the bounds come from the layout.
metricOptionNames.set(LinearHistogram, stryMutAct_9fa48("202") ? [] : (stryCov_9fa48("202"), [...METRIC_OPTIONS, ...optionNames<Omit<LinearHistogramOptions<string>, keyof MetricOptions<string>>>(stryMutAct_9fa48("203") ? {} : (stryCov_9fa48("203"), {
  start: stryMutAct_9fa48("204") ? false : (stryCov_9fa48("204"), true),
  count: stryMutAct_9fa48("205") ? false : (stryCov_9fa48("205"), true),
  width: stryMutAct_9fa48("206") ? false : (stryCov_9fa48("206"), true)
})), stryMutAct_9fa48("207") ? "" : (stryCov_9fa48("207"), 'buckets')]));