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
import { encodeField, Extension, MetricType, TypeCode } from '../codec/field';
import { encodeLabels } from '../codec/labels';
import { BatchBuilder } from '../codec/BatchBuilder';
import { flatten } from '../util/flatten';
import { checkOptionNames, optionNames } from '../util/checkOptionNames';
import { describe } from '../util/describe';
import { checkLabelNames, checkMetricName } from './validation';

/** A label value as given when recording; numbers and booleans are turned into strings. */
export type LabelValue = string | number | boolean;

/**
 * The labels of one recording: any subset of the metric's allowed label names.
 * For a metric declared without labels, only the empty object.
 */
export type LabelValues<L extends string> = [L] extends [never] ? {
  readonly [name: string]: never;
} : { readonly [K in L]?: LabelValue };

/** Options shared by every metric. */
export interface MetricOptions<L extends string> {
  /** The metric name: letters, digits and `_`, not starting with a digit. */
  name: string;
  /** The help text shown in `# HELP`. */
  description: string;
  /**
   * The label names this metric accepts. Declare them `as const` (or inline)
   * and TypeScript rejects unknown label names at compile time.
   * @default []
   */
  allowedLabels?: readonly L[];
  /**
   * The most label sets (series) this metric keeps. Updates to further label
   * sets are dropped, counted and reported once (CardinalityLimitError through
   * the registry, or a process warning when the metric is not registered).
   * @default Infinity
   */
  maxSeries?: number;
}

/**
 * @internal The option names of each metric class: the base constructor
 * refuses any other option (a misspelt one would be ignored otherwise).
 */
export const metricOptionNames = new WeakMap<object, readonly string[]>();

/** The names of MetricOptions, which every metric type has. */
export const METRIC_OPTIONS = optionNames<MetricOptions<string>>(stryMutAct_9fa48("208") ? {} : (stryCov_9fa48("208"), {
  name: stryMutAct_9fa48("209") ? false : (stryCov_9fa48("209"), true),
  description: stryMutAct_9fa48("210") ? false : (stryCov_9fa48("210"), true),
  allowedLabels: stryMutAct_9fa48("211") ? false : (stryCov_9fa48("211"), true),
  maxSeries: stryMutAct_9fa48("212") ? false : (stryCov_9fa48("212"), true)
}));

/** A label set of a series, after validation. */
export interface SeriesBase {
  /** The labels part of this series' fields, encoded. */
  readonly labelsText: string;
  /** The label values of this series, including empty ones for absent labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** True while the series has updates not yet handed to a flush. */
  dirty: boolean;
  /** @internal The number of the registry drain that last drained the series' updates into batches (0: none). */
  drainedIn: number;
}

/**
 * SeriesState is the base of the state every metric type keeps per series:
 * its labels, not dirty, never drained. Each type extends it (a class keeps
 * every series of a type in one compact shape). Not part of the API: the
 * package entries do not export it.
 */
export class SeriesState implements SeriesBase {
  dirty = stryMutAct_9fa48("213") ? true : (stryCov_9fa48("213"), false);
  /** @internal */
  drainedIn = 0;
  constructor(readonly labelsText: string, readonly labels: Readonly<Record<string, string>>) {}
}

/** ValueSeriesState is the state of a series with one value field: a counter's or a gauge's (see SeriesState). */
export class ValueSeriesState extends SeriesState {
  /** True once this process has written the series to Redis. */
  created = stryMutAct_9fa48("214") ? true : (stryCov_9fa48("214"), false);
  constructor(labelsText: string, labels: Readonly<Record<string, string>>, readonly valueField: string) {
    super(labelsText, labels);
  }
}

/** @internal What a metric needs of the registry that holds it. */
export interface MetricOwner {
  /** True when every update is sent at once. */
  readonly eager: boolean;
  /** schedule asks for a flush soon (used in eager mode). */
  schedule(): void;
  /** _admit is asked before a series starts waiting for a flush; false drops the update. */
  _admit?(metric: Metric<any, any>, series: SeriesBase): boolean;
  /**
   * _bufferFull is asked before a new label set is kept for an update: while
   * it is true, `_admit` would drop the update, so the label set is not kept.
   */
  _bufferFull?(): boolean;
  /** _refused is told of an update to a new label set dropped because the buffer is full (see `_bufferFull`). */
  _refused?(metric: Metric<any, any>): void;
  /** _overflow is told of an update dropped because the metric reached `maxSeries`. */
  _overflow?(metric: Metric<any, any>, labels: Readonly<Record<string, string>>, limit: number): void;
}

/**
 * Metric is the base of every metric type: name, description and allowed
 * labels, checked at construction, and the per-label-set series whose
 * updates wait in memory until the registry flushes them.
 *
 * A metric instance exposes its decorators (`@counter.count`,
 * `@histogram.time`, `@gauge.track`), made by lib/instrument, so the metric
 * types import lib/instrument; lib/instrument refers to the metrics by type
 * only. The two folders know each other on purpose, and at run time the
 * dependency goes one way (see docs/architecture.md).
 */
export abstract class Metric<L extends string = string, S extends SeriesBase = SeriesBase> {
  /** The metric type, as rendered in `# TYPE`. */
  abstract readonly type: MetricType;
  /** The metric name. */
  readonly name: string;
  /** The help text. */
  readonly description: string;
  /** The label names this metric accepts, in the order declared. */
  readonly allowedLabels: readonly L[];
  /** The most series this metric keeps; see MetricOptions.maxSeries. */
  readonly maxSeries: number;
  /** Updates dropped because the metric had reached `maxSeries`. */
  droppedUpdates = 0;

  /** @internal Allowed label names, sorted. */
  protected readonly labelNames: readonly string[];
  /** @internal Series of a metric without labels. */
  private single: S | undefined;
  /** @internal Series by label values, one map level per sorted label name. */
  private readonly tree = new Map<string, unknown>();
  /** @internal The number of series in `tree`. */
  private seriesCount = 0;
  /** @internal Where dropped updates go (beyond `maxSeries`, or to new label sets while the buffer is full): never flushed. */
  private sink: S | undefined;
  /** @internal Series with updates waiting for a flush. */
  _dirty: S[] = stryMutAct_9fa48("215") ? ["Stryker was here"] : (stryCov_9fa48("215"), []);
  /** @internal The registry this metric is registered in. */
  _owner: MetricOwner | undefined;
  protected constructor(options: MetricOptions<L>) {
    if (stryMutAct_9fa48("216")) {
      {}
    } else {
      stryCov_9fa48("216");
      if (stryMutAct_9fa48("219") ? options === null && typeof options !== 'object' : stryMutAct_9fa48("218") ? false : stryMutAct_9fa48("217") ? true : (stryCov_9fa48("217", "218", "219"), (stryMutAct_9fa48("221") ? options !== null : stryMutAct_9fa48("220") ? false : (stryCov_9fa48("220", "221"), options === null)) || (stryMutAct_9fa48("223") ? typeof options === 'object' : stryMutAct_9fa48("222") ? false : (stryCov_9fa48("222", "223"), typeof options !== (stryMutAct_9fa48("224") ? "" : (stryCov_9fa48("224"), 'object')))))) {
        if (stryMutAct_9fa48("225")) {
          {}
        } else {
          stryCov_9fa48("225");
          throw new TypeError(stryMutAct_9fa48("226") ? `` : (stryCov_9fa48("226"), `metric options must be an object, got ${describe(options)}`));
        }
      }
      checkMetricName(options.name);
      const known = metricOptionNames.get(new.target);
      if (stryMutAct_9fa48("229") ? known === undefined : stryMutAct_9fa48("228") ? false : stryMutAct_9fa48("227") ? true : (stryCov_9fa48("227", "228", "229"), known !== undefined)) checkOptionNames(stryMutAct_9fa48("230") ? `` : (stryCov_9fa48("230"), `metric "${options.name}"`), options, known);
      if (stryMutAct_9fa48("233") ? typeof options.description === 'string' : stryMutAct_9fa48("232") ? false : stryMutAct_9fa48("231") ? true : (stryCov_9fa48("231", "232", "233"), typeof options.description !== (stryMutAct_9fa48("234") ? "" : (stryCov_9fa48("234"), 'string')))) {
        if (stryMutAct_9fa48("235")) {
          {}
        } else {
          stryCov_9fa48("235");
          throw new TypeError(stryMutAct_9fa48("236") ? `` : (stryCov_9fa48("236"), `metric "${options.name}": description must be a string, got ${describe(options.description)}`));
        }
      }
      this.name = options.name;
      this.description = options.description;
      this.allowedLabels = Object.freeze(checkLabelNames(options.name, options.allowedLabels)) as readonly L[];
      this.labelNames = Object.freeze(stryMutAct_9fa48("237") ? [...this.allowedLabels] : (stryCov_9fa48("237"), (stryMutAct_9fa48("238") ? [] : (stryCov_9fa48("238"), [...this.allowedLabels])).sort()));
      const maxSeries = stryMutAct_9fa48("239") ? options.maxSeries && Infinity : (stryCov_9fa48("239"), options.maxSeries ?? Infinity);
      if (stryMutAct_9fa48("242") ? (typeof maxSeries !== 'number' || !(maxSeries >= 1)) && !(Number.isInteger(maxSeries) || maxSeries === Infinity) : stryMutAct_9fa48("241") ? false : stryMutAct_9fa48("240") ? true : (stryCov_9fa48("240", "241", "242"), (stryMutAct_9fa48("244") ? typeof maxSeries !== 'number' && !(maxSeries >= 1) : stryMutAct_9fa48("243") ? false : (stryCov_9fa48("243", "244"), (stryMutAct_9fa48("246") ? typeof maxSeries === 'number' : stryMutAct_9fa48("245") ? false : (stryCov_9fa48("245", "246"), typeof maxSeries !== (stryMutAct_9fa48("247") ? "" : (stryCov_9fa48("247"), 'number')))) || (stryMutAct_9fa48("248") ? maxSeries >= 1 : (stryCov_9fa48("248"), !(stryMutAct_9fa48("252") ? maxSeries < 1 : stryMutAct_9fa48("251") ? maxSeries > 1 : stryMutAct_9fa48("250") ? false : stryMutAct_9fa48("249") ? true : (stryCov_9fa48("249", "250", "251", "252"), maxSeries >= 1)))))) || (stryMutAct_9fa48("253") ? Number.isInteger(maxSeries) || maxSeries === Infinity : (stryCov_9fa48("253"), !(stryMutAct_9fa48("256") ? Number.isInteger(maxSeries) && maxSeries === Infinity : stryMutAct_9fa48("255") ? false : stryMutAct_9fa48("254") ? true : (stryCov_9fa48("254", "255", "256"), Number.isInteger(maxSeries) || (stryMutAct_9fa48("258") ? maxSeries !== Infinity : stryMutAct_9fa48("257") ? false : (stryCov_9fa48("257", "258"), maxSeries === Infinity)))))))) {
        if (stryMutAct_9fa48("259")) {
          {}
        } else {
          stryCov_9fa48("259");
          throw new RangeError(stryMutAct_9fa48("260") ? `` : (stryCov_9fa48("260"), `metric "${options.name}": maxSeries must be a whole number >= 1, got ${describe(maxSeries)}`));
        }
      }
      this.maxSeries = maxSeries;
    }
  }

  /** @internal field builds the field name of one of this metric's values. */
  protected field(extension: string, labelsText: string): string {
    if (stryMutAct_9fa48("261")) {
      {}
    } else {
      stryCov_9fa48("261");
      return flatten(encodeField(this.name, extension, labelsText));
    }
  }

  /** @internal createSeries makes the state of a new label set. */
  protected abstract createSeries(labelsText: string, labels: Readonly<Record<string, string>>): S;

  /** @internal _drain writes the pending updates of every dirty series to `writes` and clears them. */
  abstract _drain(writes: BatchBuilder): void;

  /** @internal takeDirty returns the series queued for a flush and starts a new, empty queue (for `_drain`). */
  protected takeDirty(): S[] {
    if (stryMutAct_9fa48("262")) {
      {}
    } else {
      stryCov_9fa48("262");
      const dirty = this._dirty;
      this._dirty = stryMutAct_9fa48("263") ? ["Stryker was here"] : (stryCov_9fa48("263"), []);
      return dirty;
    }
  }

  /** @internal _describe writes the description and type fields. */
  _describe(writes: BatchBuilder): void {
    if (stryMutAct_9fa48("264")) {
      {}
    } else {
      stryCov_9fa48("264");
      writes.set(this.field(Extension.description, stryMutAct_9fa48("265") ? "Stryker was here!" : (stryCov_9fa48("265"), '')), this.description);
      writes.set(this.field(Extension.type, stryMutAct_9fa48("266") ? "Stryker was here!" : (stryCov_9fa48("266"), '')), TypeCode[this.type]);
    }
  }

  /**
   * @internal _initialize marks the series of a metric without labels dirty
   * so that the first flush creates it in Redis with its start value.
   */
  _initialize(): void {
    if (stryMutAct_9fa48("267")) {
      {}
    } else {
      stryCov_9fa48("267");
      if (stryMutAct_9fa48("270") ? this.labelNames.length !== 0 : stryMutAct_9fa48("269") ? false : stryMutAct_9fa48("268") ? true : (stryCov_9fa48("268", "269", "270"), this.labelNames.length === 0)) {
        if (stryMutAct_9fa48("271")) {
          {}
        } else {
          stryCov_9fa48("271");
          const s = this.series(undefined);
          if (stryMutAct_9fa48("274") ? false : stryMutAct_9fa48("273") ? true : stryMutAct_9fa48("272") ? s.dirty : (stryCov_9fa48("272", "273", "274"), !s.dirty)) this.markDirty(s);
        }
      }
    }
  }

  /**
   * @internal markDirty queues a series for the next flush. It runs once per series and
   * flush, not per update. When the registry's buffer is full the update just
   * made is dropped instead (see `maxBufferedSeries`).
   */
  protected markDirty(s: S): void {
    if (stryMutAct_9fa48("275")) {
      {}
    } else {
      stryCov_9fa48("275");
      const owner = this._owner;
      if (stryMutAct_9fa48("278") ? owner === undefined || !this._unregisteredWarned : stryMutAct_9fa48("277") ? false : stryMutAct_9fa48("276") ? true : (stryCov_9fa48("276", "277", "278"), (stryMutAct_9fa48("280") ? owner !== undefined : stryMutAct_9fa48("279") ? true : (stryCov_9fa48("279", "280"), owner === undefined)) && (stryMutAct_9fa48("281") ? this._unregisteredWarned : (stryCov_9fa48("281"), !this._unregisteredWarned)))) this.warnUnregistered();
      if (stryMutAct_9fa48("284") ? owner !== undefined && owner._admit !== undefined || !owner._admit(this, s) : stryMutAct_9fa48("283") ? false : stryMutAct_9fa48("282") ? true : (stryCov_9fa48("282", "283", "284"), (stryMutAct_9fa48("286") ? owner !== undefined || owner._admit !== undefined : stryMutAct_9fa48("285") ? true : (stryCov_9fa48("285", "286"), (stryMutAct_9fa48("288") ? owner === undefined : stryMutAct_9fa48("287") ? true : (stryCov_9fa48("287", "288"), owner !== undefined)) && (stryMutAct_9fa48("290") ? owner._admit === undefined : stryMutAct_9fa48("289") ? true : (stryCov_9fa48("289", "290"), owner._admit !== undefined)))) && (stryMutAct_9fa48("291") ? owner._admit(this, s) : (stryCov_9fa48("291"), !owner._admit(this, s))))) {
        if (stryMutAct_9fa48("292")) {
          {}
        } else {
          stryCov_9fa48("292");
          this.discard(s);
          return;
        }
      }
      s.dirty = stryMutAct_9fa48("293") ? false : (stryCov_9fa48("293"), true);
      this._dirty.push(s);
      if (stryMutAct_9fa48("296") ? owner !== undefined || owner.eager : stryMutAct_9fa48("295") ? false : stryMutAct_9fa48("294") ? true : (stryCov_9fa48("294", "295", "296"), (stryMutAct_9fa48("298") ? owner === undefined : stryMutAct_9fa48("297") ? true : (stryCov_9fa48("297", "298"), owner !== undefined)) && owner.eager)) owner.schedule();
    }
  }

  /** @internal True once recording into this metric while it belonged to no registry was warned about. */
  _unregisteredWarned = stryMutAct_9fa48("299") ? true : (stryCov_9fa48("299"), false);

  /**
   * warnUnregistered warns, once per metric, that it is recorded into while
   * no registry holds it: the updates wait in the metric (one entry per label
   * set) until it is registered.
   */
  private warnUnregistered(): void {
    if (stryMutAct_9fa48("300")) {
      {}
    } else {
      stryCov_9fa48("300");
      this._unregisteredWarned = stryMutAct_9fa48("301") ? false : (stryCov_9fa48("301"), true);
      process.emitWarning((stryMutAct_9fa48("302") ? `` : (stryCov_9fa48("302"), `metric "${this.name}" is recorded into but is not registered in a registry; `)) + (stryMutAct_9fa48("303") ? "" : (stryCov_9fa48("303"), 'its updates are kept in memory (one entry per label set) and are written once it is registered (registry.register(metric))')), stryMutAct_9fa48("304") ? {} : (stryCov_9fa48("304"), {
        code: stryMutAct_9fa48("305") ? "" : (stryCov_9fa48("305"), 'INSTRUMENTOR_UNREGISTERED')
      }));
    }
  }

  /**
   * discard throws away the pending update of a series that is not queued, by
   * draining it alone into writes nobody sends. Whether the series was ever
   * written (`created`) is kept, so its first real flush still creates it.
   */
  private discard(s: S): void {
    if (stryMutAct_9fa48("306")) {
      {}
    } else {
      stryCov_9fa48("306");
      const queued = this._dirty;
      const created = (s as {
        created?: unknown;
      }).created;
      this._dirty = stryMutAct_9fa48("307") ? [] : (stryCov_9fa48("307"), [s]);
      s.dirty = stryMutAct_9fa48("308") ? false : (stryCov_9fa48("308"), true);
      try {
        if (stryMutAct_9fa48("309")) {
          {}
        } else {
          stryCov_9fa48("309");
          this._drain(new BatchBuilder());
        }
      } finally {
        if (stryMutAct_9fa48("310")) {
          {}
        } else {
          stryCov_9fa48("310");
          this._dirty = queued;
          s.dirty = stryMutAct_9fa48("311") ? true : (stryCov_9fa48("311"), false);
          if (stryMutAct_9fa48("314") ? created === undefined : stryMutAct_9fa48("313") ? false : stryMutAct_9fa48("312") ? true : (stryCov_9fa48("312", "313", "314"), created !== undefined)) (s as {
            created?: unknown;
          }).created = created;
        }
      }
    }
  }

  /**
   * @internal series finds or creates the series of a label set. It throws a TypeError
   * naming the metric and the label when a label is not allowed or its value
   * is not a string, number or boolean. A new label set is not kept while the
   * registry's buffer is full (the update goes to the sink, dropped), unless
   * `bind` asks for a series to keep (`labels()`), so that the label sets
   * seen while Redis is down cost no memory beyond `maxBufferedSeries`.
   */
  protected series(labels: LabelValues<L> | undefined, bind = stryMutAct_9fa48("315") ? true : (stryCov_9fa48("315"), false)): S {
    if (stryMutAct_9fa48("316")) {
      {}
    } else {
      stryCov_9fa48("316");
      const names = this.labelNames;
      if (stryMutAct_9fa48("319") ? names.length !== 0 : stryMutAct_9fa48("318") ? false : stryMutAct_9fa48("317") ? true : (stryCov_9fa48("317", "318", "319"), names.length === 0)) {
        if (stryMutAct_9fa48("320")) {
          {}
        } else {
          stryCov_9fa48("320");
          if (stryMutAct_9fa48("323") ? labels !== undefined || countDefined(labels) > 0 : stryMutAct_9fa48("322") ? false : stryMutAct_9fa48("321") ? true : (stryCov_9fa48("321", "322", "323"), (stryMutAct_9fa48("325") ? labels === undefined : stryMutAct_9fa48("324") ? true : (stryCov_9fa48("324", "325"), labels !== undefined)) && (stryMutAct_9fa48("328") ? countDefined(labels) <= 0 : stryMutAct_9fa48("327") ? countDefined(labels) >= 0 : stryMutAct_9fa48("326") ? true : (stryCov_9fa48("326", "327", "328"), countDefined(labels) > 0)))) this.throwUnknown(labels);
          return stryMutAct_9fa48("329") ? this.single &&= this.createSeries('', Object.freeze({})) : (stryCov_9fa48("329"), this.single ??= this.createSeries(stryMutAct_9fa48("330") ? "Stryker was here!" : (stryCov_9fa48("330"), ''), Object.freeze({})));
        }
      }
      let given = 0;
      if (stryMutAct_9fa48("333") ? labels === undefined : stryMutAct_9fa48("332") ? false : stryMutAct_9fa48("331") ? true : (stryCov_9fa48("331", "332", "333"), labels !== undefined)) {
        if (stryMutAct_9fa48("334")) {
          {}
        } else {
          stryCov_9fa48("334");
          if (stryMutAct_9fa48("337") ? labels === null && typeof labels !== 'object' : stryMutAct_9fa48("336") ? false : stryMutAct_9fa48("335") ? true : (stryCov_9fa48("335", "336", "337"), (stryMutAct_9fa48("339") ? labels !== null : stryMutAct_9fa48("338") ? false : (stryCov_9fa48("338", "339"), labels === null)) || (stryMutAct_9fa48("341") ? typeof labels === 'object' : stryMutAct_9fa48("340") ? false : (stryCov_9fa48("340", "341"), typeof labels !== (stryMutAct_9fa48("342") ? "" : (stryCov_9fa48("342"), 'object')))))) {
            if (stryMutAct_9fa48("343")) {
              {}
            } else {
              stryCov_9fa48("343");
              throw new TypeError(stryMutAct_9fa48("344") ? `` : (stryCov_9fa48("344"), `metric "${this.name}": labels must be an object, got ${describe(labels)}`));
            }
          }
          for (const k in labels) if (stryMutAct_9fa48("347") ? (labels as any)[k] === undefined : stryMutAct_9fa48("346") ? false : stryMutAct_9fa48("345") ? true : (stryCov_9fa48("345", "346", "347"), (labels as any)[k] !== undefined)) stryMutAct_9fa48("348") ? given-- : (stryCov_9fa48("348"), given++);
        }
      }
      let node: Map<string, any> = this.tree;
      let found = 0;
      const last = stryMutAct_9fa48("349") ? names.length + 1 : (stryCov_9fa48("349"), names.length - 1);
      for (let i = 0; stryMutAct_9fa48("352") ? i >= last : stryMutAct_9fa48("351") ? i <= last : stryMutAct_9fa48("350") ? false : (stryCov_9fa48("350", "351", "352"), i < last); stryMutAct_9fa48("353") ? i-- : (stryCov_9fa48("353"), i++)) {
        if (stryMutAct_9fa48("354")) {
          {}
        } else {
          stryCov_9fa48("354");
          const v = (stryMutAct_9fa48("357") ? labels !== undefined : stryMutAct_9fa48("356") ? false : stryMutAct_9fa48("355") ? true : (stryCov_9fa48("355", "356", "357"), labels === undefined)) ? undefined : (labels as any)[names[i]];
          const key = (stryMutAct_9fa48("360") ? v !== undefined : stryMutAct_9fa48("359") ? false : stryMutAct_9fa48("358") ? true : (stryCov_9fa48("358", "359", "360"), v === undefined)) ? stryMutAct_9fa48("361") ? "Stryker was here!" : (stryCov_9fa48("361"), '') : (stryMutAct_9fa48("362") ? found-- : (stryCov_9fa48("362"), found++), (stryMutAct_9fa48("365") ? typeof v !== 'string' : stryMutAct_9fa48("364") ? false : stryMutAct_9fa48("363") ? true : (stryCov_9fa48("363", "364", "365"), typeof v === (stryMutAct_9fa48("366") ? "" : (stryCov_9fa48("366"), 'string')))) ? v : this.labelValue(names[i], v));
          let next = node.get(key);
          if (stryMutAct_9fa48("369") ? next !== undefined : stryMutAct_9fa48("368") ? false : stryMutAct_9fa48("367") ? true : (stryCov_9fa48("367", "368", "369"), next === undefined)) {
            if (stryMutAct_9fa48("370")) {
              {}
            } else {
              stryCov_9fa48("370");
              if (stryMutAct_9fa48("374") ? this.seriesCount < this.maxSeries : stryMutAct_9fa48("373") ? this.seriesCount > this.maxSeries : stryMutAct_9fa48("372") ? false : stryMutAct_9fa48("371") ? true : (stryCov_9fa48("371", "372", "373", "374"), this.seriesCount >= this.maxSeries)) return this.overflow(labels);
              if (stryMutAct_9fa48("377") ? !bind || this.bufferFull() : stryMutAct_9fa48("376") ? false : stryMutAct_9fa48("375") ? true : (stryCov_9fa48("375", "376", "377"), (stryMutAct_9fa48("378") ? bind : (stryCov_9fa48("378"), !bind)) && this.bufferFull())) return this.refused(labels);
              next = new Map();
              node.set(key, next);
            }
          }
          node = next;
        }
      }
      const v = (stryMutAct_9fa48("381") ? labels !== undefined : stryMutAct_9fa48("380") ? false : stryMutAct_9fa48("379") ? true : (stryCov_9fa48("379", "380", "381"), labels === undefined)) ? undefined : (labels as any)[names[last]];
      const key = (stryMutAct_9fa48("384") ? v !== undefined : stryMutAct_9fa48("383") ? false : stryMutAct_9fa48("382") ? true : (stryCov_9fa48("382", "383", "384"), v === undefined)) ? stryMutAct_9fa48("385") ? "Stryker was here!" : (stryCov_9fa48("385"), '') : (stryMutAct_9fa48("386") ? found-- : (stryCov_9fa48("386"), found++), (stryMutAct_9fa48("389") ? typeof v !== 'string' : stryMutAct_9fa48("388") ? false : stryMutAct_9fa48("387") ? true : (stryCov_9fa48("387", "388", "389"), typeof v === (stryMutAct_9fa48("390") ? "" : (stryCov_9fa48("390"), 'string')))) ? v : this.labelValue(names[last], v));
      if (stryMutAct_9fa48("393") ? found === given : stryMutAct_9fa48("392") ? false : stryMutAct_9fa48("391") ? true : (stryCov_9fa48("391", "392", "393"), found !== given)) this.throwUnknown(labels!);
      let s = node.get(key) as S | undefined;
      if (stryMutAct_9fa48("396") ? s !== undefined : stryMutAct_9fa48("395") ? false : stryMutAct_9fa48("394") ? true : (stryCov_9fa48("394", "395", "396"), s === undefined)) {
        if (stryMutAct_9fa48("397")) {
          {}
        } else {
          stryCov_9fa48("397");
          if (stryMutAct_9fa48("401") ? this.seriesCount < this.maxSeries : stryMutAct_9fa48("400") ? this.seriesCount > this.maxSeries : stryMutAct_9fa48("399") ? false : stryMutAct_9fa48("398") ? true : (stryCov_9fa48("398", "399", "400", "401"), this.seriesCount >= this.maxSeries)) return this.overflow(labels);
          if (stryMutAct_9fa48("404") ? !bind || this.bufferFull() : stryMutAct_9fa48("403") ? false : stryMutAct_9fa48("402") ? true : (stryCov_9fa48("402", "403", "404"), (stryMutAct_9fa48("405") ? bind : (stryCov_9fa48("405"), !bind)) && this.bufferFull())) return this.refused(labels);
          s = this.newSeries(labels);
          node.set(key, s);
          stryMutAct_9fa48("406") ? this.seriesCount-- : (stryCov_9fa48("406"), this.seriesCount++);
        }
      }
      return s;
    }
  }

  /**
   * overflow handles an update to a new label set past `maxSeries`: it checks
   * the labels as usual (and throws for bad ones), counts the update as
   * dropped, and returns a series that is never flushed.
   */
  private overflow(labels: LabelValues<L> | undefined): S {
    if (stryMutAct_9fa48("407")) {
      {}
    } else {
      stryCov_9fa48("407");
      const record: Record<string, string> = {};
      let found = 0;
      for (const n of this.labelNames) {
        if (stryMutAct_9fa48("408")) {
          {}
        } else {
          stryCov_9fa48("408");
          const v = (stryMutAct_9fa48("411") ? labels !== undefined : stryMutAct_9fa48("410") ? false : stryMutAct_9fa48("409") ? true : (stryCov_9fa48("409", "410", "411"), labels === undefined)) ? undefined : (labels as any)[n];
          if (stryMutAct_9fa48("414") ? v === undefined : stryMutAct_9fa48("413") ? false : stryMutAct_9fa48("412") ? true : (stryCov_9fa48("412", "413", "414"), v !== undefined)) stryMutAct_9fa48("415") ? found-- : (stryCov_9fa48("415"), found++);
          record[n] = (stryMutAct_9fa48("418") ? v !== undefined : stryMutAct_9fa48("417") ? false : stryMutAct_9fa48("416") ? true : (stryCov_9fa48("416", "417", "418"), v === undefined)) ? stryMutAct_9fa48("419") ? "Stryker was here!" : (stryCov_9fa48("419"), '') : (stryMutAct_9fa48("422") ? typeof v !== 'string' : stryMutAct_9fa48("421") ? false : stryMutAct_9fa48("420") ? true : (stryCov_9fa48("420", "421", "422"), typeof v === (stryMutAct_9fa48("423") ? "" : (stryCov_9fa48("423"), 'string')))) ? v : this.labelValue(n, v);
        }
      }
      if (stryMutAct_9fa48("426") ? labels !== undefined || found !== countDefined(labels) : stryMutAct_9fa48("425") ? false : stryMutAct_9fa48("424") ? true : (stryCov_9fa48("424", "425", "426"), (stryMutAct_9fa48("428") ? labels === undefined : stryMutAct_9fa48("427") ? true : (stryCov_9fa48("427", "428"), labels !== undefined)) && (stryMutAct_9fa48("430") ? found === countDefined(labels) : stryMutAct_9fa48("429") ? true : (stryCov_9fa48("429", "430"), found !== countDefined(labels))))) this.throwUnknown(labels);
      stryMutAct_9fa48("431") ? this.droppedUpdates-- : (stryCov_9fa48("431"), this.droppedUpdates++);
      const owner = this._owner;
      if (stryMutAct_9fa48("434") ? owner !== undefined || owner._overflow !== undefined : stryMutAct_9fa48("433") ? false : stryMutAct_9fa48("432") ? true : (stryCov_9fa48("432", "433", "434"), (stryMutAct_9fa48("436") ? owner === undefined : stryMutAct_9fa48("435") ? true : (stryCov_9fa48("435", "436"), owner !== undefined)) && (stryMutAct_9fa48("438") ? owner._overflow === undefined : stryMutAct_9fa48("437") ? true : (stryCov_9fa48("437", "438"), owner._overflow !== undefined)))) owner._overflow(this, Object.freeze(record), this.maxSeries);else if (stryMutAct_9fa48("441") ? this.droppedUpdates !== 1 : stryMutAct_9fa48("440") ? false : stryMutAct_9fa48("439") ? true : (stryCov_9fa48("439", "440", "441"), this.droppedUpdates === 1)) {
        if (stryMutAct_9fa48("442")) {
          {}
        } else {
          stryCov_9fa48("442");
          process.emitWarning(stryMutAct_9fa48("443") ? `` : (stryCov_9fa48("443"), `metric "${this.name}" has reached its limit of ${this.maxSeries} series (maxSeries); dropping updates to new label sets`), stryMutAct_9fa48("444") ? {} : (stryCov_9fa48("444"), {
            code: stryMutAct_9fa48("445") ? "" : (stryCov_9fa48("445"), 'INSTRUMENTOR_CARDINALITY')
          }));
        }
      }
      return this.dropSink();
    }
  }

  /** bufferFull is true while the registry's buffer is full: an update to a new label set would be dropped. */
  private bufferFull(): boolean {
    if (stryMutAct_9fa48("446")) {
      {}
    } else {
      stryCov_9fa48("446");
      const owner = this._owner;
      return stryMutAct_9fa48("449") ? owner !== undefined && owner._bufferFull !== undefined || owner._bufferFull() : stryMutAct_9fa48("448") ? false : stryMutAct_9fa48("447") ? true : (stryCov_9fa48("447", "448", "449"), (stryMutAct_9fa48("451") ? owner !== undefined || owner._bufferFull !== undefined : stryMutAct_9fa48("450") ? true : (stryCov_9fa48("450", "451"), (stryMutAct_9fa48("453") ? owner === undefined : stryMutAct_9fa48("452") ? true : (stryCov_9fa48("452", "453"), owner !== undefined)) && (stryMutAct_9fa48("455") ? owner._bufferFull === undefined : stryMutAct_9fa48("454") ? true : (stryCov_9fa48("454", "455"), owner._bufferFull !== undefined)))) && owner._bufferFull());
    }
  }

  /**
   * refused handles an update to a new label set while the registry's buffer
   * is full: it checks the labels as usual (and throws for bad ones), has
   * the registry count the update as dropped, and returns the sink.
   */
  private refused(labels: LabelValues<L> | undefined): S {
    if (stryMutAct_9fa48("456")) {
      {}
    } else {
      stryCov_9fa48("456");
      if (stryMutAct_9fa48("459") ? labels === undefined : stryMutAct_9fa48("458") ? false : stryMutAct_9fa48("457") ? true : (stryCov_9fa48("457", "458", "459"), labels !== undefined)) {
        if (stryMutAct_9fa48("460")) {
          {}
        } else {
          stryCov_9fa48("460");
          let found = 0;
          for (const n of this.labelNames) if (stryMutAct_9fa48("463") ? (labels as any)[n] === undefined : stryMutAct_9fa48("462") ? false : stryMutAct_9fa48("461") ? true : (stryCov_9fa48("461", "462", "463"), (labels as any)[n] !== undefined)) stryMutAct_9fa48("464") ? found-- : (stryCov_9fa48("464"), found++);
          if (stryMutAct_9fa48("467") ? found === countDefined(labels) : stryMutAct_9fa48("466") ? false : stryMutAct_9fa48("465") ? true : (stryCov_9fa48("465", "466", "467"), found !== countDefined(labels))) this.throwUnknown(labels);
        }
      }
      this.labelPairs(labels);
      stryMutAct_9fa48("469") ? this._owner._refused?.(this) : stryMutAct_9fa48("468") ? this._owner?._refused(this) : (stryCov_9fa48("468", "469"), this._owner?._refused?.(this));
      return this.dropSink();
    }
  }

  /** dropSink is the series dropped updates go to: it is never queued, so never flushed. */
  private dropSink(): S {
    if (stryMutAct_9fa48("470")) {
      {}
    } else {
      stryCov_9fa48("470");
      if (stryMutAct_9fa48("473") ? this.sink !== undefined : stryMutAct_9fa48("472") ? false : stryMutAct_9fa48("471") ? true : (stryCov_9fa48("471", "472", "473"), this.sink === undefined)) {
        if (stryMutAct_9fa48("474")) {
          {}
        } else {
          stryCov_9fa48("474");
          this.sink = this.createSeries(stryMutAct_9fa48("475") ? "Stryker was here!" : (stryCov_9fa48("475"), ''), Object.freeze({}));
          this.sink.dirty = stryMutAct_9fa48("476") ? false : (stryCov_9fa48("476"), true);
        }
      }
      return this.sink;
    }
  }
  private newSeries(labels: LabelValues<L> | undefined): S {
    if (stryMutAct_9fa48("477")) {
      {}
    } else {
      stryCov_9fa48("477");
      const record: Record<string, string> = {};
      const pairs = this.labelPairs(labels);
      for (const [n, text] of pairs) record[n] = text;
      return this.createSeries(flatten(encodeLabels(pairs)), Object.freeze(record));
    }
  }

  /**
   * labelPairs returns the name and text of every allowed label, in order, ''
   * for an absent one. It throws a TypeError naming the metric and the label
   * for a value that is not a string, number or boolean, or not well-formed Unicode.
   */
  private labelPairs(labels: LabelValues<L> | undefined): Array<[string, string]> {
    if (stryMutAct_9fa48("478")) {
      {}
    } else {
      stryCov_9fa48("478");
      const pairs: Array<[string, string]> = stryMutAct_9fa48("479") ? ["Stryker was here"] : (stryCov_9fa48("479"), []);
      for (const n of this.labelNames) {
        if (stryMutAct_9fa48("480")) {
          {}
        } else {
          stryCov_9fa48("480");
          const v = (stryMutAct_9fa48("483") ? labels !== undefined : stryMutAct_9fa48("482") ? false : stryMutAct_9fa48("481") ? true : (stryCov_9fa48("481", "482", "483"), labels === undefined)) ? undefined : (labels as any)[n];
          const text = (stryMutAct_9fa48("486") ? v !== undefined : stryMutAct_9fa48("485") ? false : stryMutAct_9fa48("484") ? true : (stryCov_9fa48("484", "485", "486"), v === undefined)) ? stryMutAct_9fa48("487") ? "Stryker was here!" : (stryCov_9fa48("487"), '') : (stryMutAct_9fa48("490") ? typeof v !== 'string' : stryMutAct_9fa48("489") ? false : stryMutAct_9fa48("488") ? true : (stryCov_9fa48("488", "489", "490"), typeof v === (stryMutAct_9fa48("491") ? "" : (stryCov_9fa48("491"), 'string')))) ? v : this.labelValue(n, v);
          if (stryMutAct_9fa48("493") ? false : stryMutAct_9fa48("492") ? true : (stryCov_9fa48("492", "493"), LONE_SURROGATE.test(text))) {
            if (stryMutAct_9fa48("494")) {
              {}
            } else {
              stryCov_9fa48("494");
              throw new TypeError(stryMutAct_9fa48("495") ? `` : (stryCov_9fa48("495"), `metric "${this.name}": the value of label "${n}" is not well-formed Unicode (a lone surrogate), got ${describe(text)}`));
            }
          }
          pairs.push(stryMutAct_9fa48("496") ? [] : (stryCov_9fa48("496"), [n, text]));
        }
      }
      return pairs;
    }
  }
  private labelValue(name: string, v: unknown): string {
    if (stryMutAct_9fa48("497")) {
      {}
    } else {
      stryCov_9fa48("497");
      if (stryMutAct_9fa48("500") ? typeof v === 'number' && typeof v === 'boolean' : stryMutAct_9fa48("499") ? false : stryMutAct_9fa48("498") ? true : (stryCov_9fa48("498", "499", "500"), (stryMutAct_9fa48("502") ? typeof v !== 'number' : stryMutAct_9fa48("501") ? false : (stryCov_9fa48("501", "502"), typeof v === (stryMutAct_9fa48("503") ? "" : (stryCov_9fa48("503"), 'number')))) || (stryMutAct_9fa48("505") ? typeof v !== 'boolean' : stryMutAct_9fa48("504") ? false : (stryCov_9fa48("504", "505"), typeof v === (stryMutAct_9fa48("506") ? "" : (stryCov_9fa48("506"), 'boolean')))))) return String(v);
      throw new TypeError(stryMutAct_9fa48("507") ? `` : (stryCov_9fa48("507"), `metric "${this.name}": the value of label "${name}" must be a string, number or boolean, got ${describe(v)}`));
    }
  }
  private throwUnknown(labels: object): never {
    if (stryMutAct_9fa48("508")) {
      {}
    } else {
      stryCov_9fa48("508");
      const unknown = stryMutAct_9fa48("509") ? Object.keys(labels) : (stryCov_9fa48("509"), Object.keys(labels).filter(stryMutAct_9fa48("510") ? () => undefined : (stryCov_9fa48("510"), k => stryMutAct_9fa48("513") ? !this.labelNames.includes(k) || (labels as any)[k] !== undefined : stryMutAct_9fa48("512") ? false : stryMutAct_9fa48("511") ? true : (stryCov_9fa48("511", "512", "513"), (stryMutAct_9fa48("514") ? this.labelNames.includes(k) : (stryCov_9fa48("514"), !this.labelNames.includes(k))) && (stryMutAct_9fa48("516") ? (labels as any)[k] === undefined : stryMutAct_9fa48("515") ? true : (stryCov_9fa48("515", "516"), (labels as any)[k] !== undefined))))));
      const allowed = (stryMutAct_9fa48("519") ? this.labelNames.length !== 0 : stryMutAct_9fa48("518") ? false : stryMutAct_9fa48("517") ? true : (stryCov_9fa48("517", "518", "519"), this.labelNames.length === 0)) ? stryMutAct_9fa48("520") ? "" : (stryCov_9fa48("520"), 'none') : this.labelNames.map(stryMutAct_9fa48("521") ? () => undefined : (stryCov_9fa48("521"), n => stryMutAct_9fa48("522") ? `` : (stryCov_9fa48("522"), `"${n}"`))).join(stryMutAct_9fa48("523") ? "" : (stryCov_9fa48("523"), ', '));
      throw new TypeError(stryMutAct_9fa48("524") ? `` : (stryCov_9fa48("524"), `metric "${this.name}": unknown label ${unknown.map(stryMutAct_9fa48("525") ? () => undefined : (stryCov_9fa48("525"), n => stryMutAct_9fa48("526") ? `` : (stryCov_9fa48("526"), `"${n}"`))).join(stryMutAct_9fa48("527") ? "" : (stryCov_9fa48("527"), ', '))} (allowed: ${allowed})`));
    }
  }

  /**
   * @internal checkNumber returns `value` when it is a finite number of at
   * least `min`. Otherwise it throws, naming the metric and the value, a
   * RangeError for a number and a TypeError for anything else:
   * `counter "jobs_total": increment must be a finite number >= 0, got -1`.
   * Every value a metric records or is configured with is checked here.
   */
  protected checkNumber(value: unknown, what: string, min = stryMutAct_9fa48("528") ? +Infinity : (stryCov_9fa48("528"), -Infinity)): number {
    if (stryMutAct_9fa48("529")) {
      {}
    } else {
      stryCov_9fa48("529");
      if (stryMutAct_9fa48("532") ? typeof value === 'number' && value >= min && value > -Infinity || value < Infinity : stryMutAct_9fa48("531") ? false : stryMutAct_9fa48("530") ? true : (stryCov_9fa48("530", "531", "532"), (stryMutAct_9fa48("534") ? typeof value === 'number' && value >= min || value > -Infinity : stryMutAct_9fa48("533") ? true : (stryCov_9fa48("533", "534"), (stryMutAct_9fa48("536") ? typeof value === 'number' || value >= min : stryMutAct_9fa48("535") ? true : (stryCov_9fa48("535", "536"), (stryMutAct_9fa48("538") ? typeof value !== 'number' : stryMutAct_9fa48("537") ? true : (stryCov_9fa48("537", "538"), typeof value === (stryMutAct_9fa48("539") ? "" : (stryCov_9fa48("539"), 'number')))) && (stryMutAct_9fa48("542") ? value < min : stryMutAct_9fa48("541") ? value > min : stryMutAct_9fa48("540") ? true : (stryCov_9fa48("540", "541", "542"), value >= min)))) && (stryMutAct_9fa48("545") ? value <= -Infinity : stryMutAct_9fa48("544") ? value >= -Infinity : stryMutAct_9fa48("543") ? true : (stryCov_9fa48("543", "544", "545"), value > (stryMutAct_9fa48("546") ? +Infinity : (stryCov_9fa48("546"), -Infinity)))))) && (stryMutAct_9fa48("549") ? value >= Infinity : stryMutAct_9fa48("548") ? value <= Infinity : stryMutAct_9fa48("547") ? true : (stryCov_9fa48("547", "548", "549"), value < Infinity)))) return value;
      return this.invalidNumber(value, what, min);
    }
  }
  private invalidNumber(value: unknown, what: string, min: number): never {
    if (stryMutAct_9fa48("550")) {
      {}
    } else {
      stryCov_9fa48("550");
      const err = (stryMutAct_9fa48("553") ? typeof value !== 'number' : stryMutAct_9fa48("552") ? false : stryMutAct_9fa48("551") ? true : (stryCov_9fa48("551", "552", "553"), typeof value === (stryMutAct_9fa48("554") ? "" : (stryCov_9fa48("554"), 'number')))) ? RangeError : TypeError;
      const bound = (stryMutAct_9fa48("557") ? min !== -Infinity : stryMutAct_9fa48("556") ? false : stryMutAct_9fa48("555") ? true : (stryCov_9fa48("555", "556", "557"), min === (stryMutAct_9fa48("558") ? +Infinity : (stryCov_9fa48("558"), -Infinity)))) ? stryMutAct_9fa48("559") ? "Stryker was here!" : (stryCov_9fa48("559"), '') : stryMutAct_9fa48("560") ? `` : (stryCov_9fa48("560"), ` >= ${min}`);
      throw new err(stryMutAct_9fa48("561") ? `` : (stryCov_9fa48("561"), `${this.type} "${this.name}": ${what} must be a finite number${bound}, got ${describe(value)}`));
    }
  }
}

/** Matches a UTF-16 surrogate that is not part of a pair: it cannot be written to Redis as UTF-8. */
const LONE_SURROGATE = stryMutAct_9fa48("562") ? /\P{Surrogate}/u : (stryCov_9fa48("562"), /\p{Surrogate}/u);

/**
 * @internal valueAndLabels reads the arguments of a recording method in
 * either order, `(value, labels)` or prom-client's `(labels, value)`: an
 * object first is the labels. What is left unchecked is checked by the caller.
 */
export function valueAndLabels<L extends string>(first: unknown, second: unknown): [unknown, LabelValues<L> | undefined] {
  if (stryMutAct_9fa48("563")) {
    {}
  } else {
    stryCov_9fa48("563");
    if (stryMutAct_9fa48("566") ? first !== null || typeof first === 'object' : stryMutAct_9fa48("565") ? false : stryMutAct_9fa48("564") ? true : (stryCov_9fa48("564", "565", "566"), (stryMutAct_9fa48("568") ? first === null : stryMutAct_9fa48("567") ? true : (stryCov_9fa48("567", "568"), first !== null)) && (stryMutAct_9fa48("570") ? typeof first !== 'object' : stryMutAct_9fa48("569") ? true : (stryCov_9fa48("569", "570"), typeof first === (stryMutAct_9fa48("571") ? "" : (stryCov_9fa48("571"), 'object')))))) return stryMutAct_9fa48("572") ? [] : (stryCov_9fa48("572"), [second, first as LabelValues<L>]);
    return stryMutAct_9fa48("573") ? [] : (stryCov_9fa48("573"), [first, second as LabelValues<L> | undefined]);
  }
}
function countDefined(labels: object): number {
  if (stryMutAct_9fa48("574")) {
    {}
  } else {
    stryCov_9fa48("574");
    let n = 0;
    for (const k in labels) if (stryMutAct_9fa48("577") ? (labels as any)[k] === undefined : stryMutAct_9fa48("576") ? false : stryMutAct_9fa48("575") ? true : (stryCov_9fa48("575", "576", "577"), (labels as any)[k] !== undefined)) stryMutAct_9fa48("578") ? n-- : (stryCov_9fa48("578"), n++);
    return n;
  }
}