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
export type LabelValues<L extends string> = [L] extends [never]
  ? { readonly [name: string]: never }
  : { readonly [K in L]?: LabelValue };

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
  /**
   * A function that sets the metric's values when they are about to be
   * written, as prom-client's `collect`: called, with the metric as `this`
   * and as its argument, before each flush of the registry (on the
   * interval, `flush()` and `close()`), and awaited when it returns a
   * promise. It never throws into the app: an error, or a collect that takes
   * longer than the registry's `flushTimeoutMs`, is reported through
   * `onError` (CollectError) and the flush goes on without it.
   * @default none
   */
  collect?: (this: any, metric: any) => void | Promise<void>;
}

/**
 * @internal The option names of each metric class: the base constructor
 * refuses any other option (a misspelt one would be ignored otherwise).
 */
export const metricOptionNames = new WeakMap<object, readonly string[]>();

/** The names of MetricOptions, which every metric type has. */
export const METRIC_OPTIONS = optionNames<MetricOptions<string>>({ name: true, description: true, allowedLabels: true, maxSeries: true, collect: true });

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
  dirty = false;
  /** @internal */
  drainedIn = 0;

  constructor(
    readonly labelsText: string,
    readonly labels: Readonly<Record<string, string>>,
  ) {}
}

/** ValueSeriesState is the state of a series with one value field: a counter's or a gauge's (see SeriesState). */
export class ValueSeriesState extends SeriesState {
  /** True once this process has written the series to Redis. */
  created = false;

  constructor(
    labelsText: string,
    labels: Readonly<Record<string, string>>,
    readonly valueField: string,
  ) {
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
  /** The name and this process's value of the label of per-process series. */
  readonly processLabel?: readonly [name: string, value: string];
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
  /** The function that sets the metric's values before each flush, if any (see MetricOptions.collect). */
  readonly collect: ((this: any, metric: any) => void | Promise<void>) | undefined;

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
  _dirty: S[] = [];
  /** @internal The registry this metric is registered in. */
  _owner: MetricOwner | undefined;
  /** @internal True for a metric whose series carry the registry's process label. */
  readonly _perProcess: boolean = false;

  protected constructor(options: MetricOptions<L>) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`metric options must be an object, got ${describe(options)}`);
    }
    checkMetricName(options.name);
    const known = metricOptionNames.get(new.target);
    if (known !== undefined) checkOptionNames(`metric "${options.name}"`, options, known);
    if (typeof options.description !== 'string') {
      throw new TypeError(`metric "${options.name}": description must be a string, got ${describe(options.description)}`);
    }
    this.name = options.name;
    this.description = options.description;
    this.allowedLabels = Object.freeze(checkLabelNames(options.name, options.allowedLabels)) as readonly L[];
    this.labelNames = Object.freeze([...this.allowedLabels].sort());
    const maxSeries = options.maxSeries ?? Infinity;
    if (typeof maxSeries !== 'number' || !(maxSeries >= 1) || !(Number.isInteger(maxSeries) || maxSeries === Infinity)) {
      throw new RangeError(`metric "${options.name}": maxSeries must be a whole number >= 1, got ${describe(maxSeries)}`);
    }
    this.maxSeries = maxSeries;
    if (options.collect !== undefined && typeof options.collect !== 'function') {
      throw new TypeError(`metric "${options.name}": collect must be a function, got ${describe(options.collect)}`);
    }
    this.collect = options.collect;
  }

  /** @internal field builds the field name of one of this metric's values. */
  protected field(extension: string, labelsText: string): string {
    return flatten(encodeField(this.name, extension, labelsText));
  }

  /** @internal createSeries makes the state of a new label set. */
  protected abstract createSeries(labelsText: string, labels: Readonly<Record<string, string>>): S;

  /** @internal _drain writes the pending updates of every dirty series to `writes` and clears them. */
  abstract _drain(writes: BatchBuilder): void;

  /** @internal takeDirty returns the series queued for a flush and starts a new, empty queue (for `_drain`). */
  protected takeDirty(): S[] {
    const dirty = this._dirty;
    this._dirty = [];
    return dirty;
  }

  /**
   * remove removes the series of one label set: from this process's memory
   * at once, and from the namespace with the next flush (its fields are
   * deleted; for a per-process gauge, this process's value). A process that
   * records into the same labels later starts the series afresh. Throws a
   * TypeError for labels the metric does not allow, as recording does.
   *
   * @example
   * jobsQueued.remove({ queue: 'retired-queue' });
   */
  remove(labels?: LabelValues<L>): void {
    const s = this.series(labels);
    if (s === this.sink) return;
    this.detach(s);
    this.queueRemoval(s);
  }

  /**
   * reset removes every series of the metric: from memory at once, and from
   * the namespace with the next flush, including the series that only other
   * processes wrote (the flush scans the namespace for the metric's value
   * fields and deletes them; its description and type stay). For a
   * per-process gauge, only this process's values are removed.
   */
  reset(): void {
    this._resetAll = true;
    this.eachSeries((s) => this.queueRemoval(s));
    this.single = undefined;
    this.tree.clear();
    this.seriesCount = 0;
  }

  /** @internal True after `reset()` until the next flush deletes every value field of the metric in the namespace. */
  _resetAll = false;

  /** @internal Series removed since the last flush, whose fields the next flush deletes. */
  _removed: S[] = [];

  /** @internal _drainRemoved writes the deletion of the fields of every removed series. */
  _drainRemoved(writes: BatchBuilder): void {
    const removed = this._removed;
    this._removed = [];
    for (const s of removed) this.removeFields(s, writes);
  }

  /** @internal removeFields writes the deletion of every field this process knows of a series. */
  protected abstract removeFields(s: S, writes: BatchBuilder): void;

  private queueRemoval(s: S): void {
    if (s.dirty) {
      this._dirty = this._dirty.filter((d) => d !== s);
      s.dirty = false;
    }
    this._removed.push(s);
    const owner = this._owner;
    if (owner !== undefined && owner.eager) owner.schedule();
  }

  /** detach takes a series out of the tree of series (or the single one), pruning maps left empty. */
  private detach(s: S): void {
    if (this.single === s) {
      this.single = undefined;
      return;
    }
    const names = this.labelNames;
    const path: Array<[Map<string, unknown>, string]> = [];
    let node: Map<string, unknown> = this.tree;
    for (let i = 0; i < names.length; i++) {
      const key = s.labels[names[i]] ?? '';
      path.push([node, key]);
      if (i < names.length - 1) node = node.get(key) as Map<string, unknown>;
    }
    const [leafMap, leafKey] = path[path.length - 1];
    if (leafMap.get(leafKey) !== s) return;
    leafMap.delete(leafKey);
    this.seriesCount--;
    for (let i = path.length - 2; i >= 0; i--) {
      const [map, key] = path[i];
      if ((map.get(key) as Map<string, unknown>).size === 0) map.delete(key);
      else break;
    }
  }

  /**
   * @internal _rewrite queues every series whose value this process keeps
   * in its process hash, so that the next flush writes them again: the
   * registry calls it when a heartbeat found this process unknown or dead
   * (a cleaner, or a Redis restart, may have deleted them). A no-op for
   * metrics without per-process values.
   */
  _rewrite(): void {}

  /** @internal eachSeries calls `fn` with every series of this metric (not the overflow sink). */
  protected eachSeries(fn: (s: S) => void): void {
    if (this.single !== undefined) fn(this.single);
    const walk = (node: Map<string, unknown>, depth: number) => {
      for (const v of node.values()) {
        if (depth === this.labelNames.length - 1) fn(v as S);
        else walk(v as Map<string, unknown>, depth + 1);
      }
    };
    if (this.labelNames.length > 0) walk(this.tree, 0);
  }

  /** @internal _describe writes the description and type fields. */
  _describe(writes: BatchBuilder): void {
    writes.set(this.field(Extension.description, ''), this.description);
    writes.set(this.field(Extension.type, ''), TypeCode[this.type]);
  }

  /**
   * @internal _initialize marks the series of a metric without labels dirty
   * so that the first flush creates it in Redis with its start value.
   */
  _initialize(): void {
    if (this.labelNames.length === 0) {
      const s = this.series(undefined);
      if (!s.dirty) this.markDirty(s);
    }
  }

  /**
   * @internal markDirty queues a series for the next flush. It runs once per series and
   * flush, not per update. When the registry's buffer is full the update just
   * made is dropped instead (see `maxBufferedSeries`).
   */
  protected markDirty(s: S): void {
    const owner = this._owner;
    if (owner === undefined && !this._unregisteredWarned) this.warnUnregistered();
    if (owner !== undefined && owner._admit !== undefined && !owner._admit(this, s)) {
      this.discard(s);
      return;
    }
    s.dirty = true;
    this._dirty.push(s);
    if (owner !== undefined && owner.eager) owner.schedule();
  }

  /** @internal True once recording into this metric while it belonged to no registry was warned about. */
  _unregisteredWarned = false;

  /**
   * warnUnregistered warns, once per metric, that it is recorded into while
   * no registry holds it: the updates wait in the metric (one entry per label
   * set) until it is registered.
   */
  private warnUnregistered(): void {
    this._unregisteredWarned = true;
    process.emitWarning(
      `metric "${this.name}" is recorded into but is not registered in a registry; ` +
        'its updates are kept in memory (one entry per label set) and are written once it is registered (registry.register(metric))',
      { code: 'INSTRUMENTOR_UNREGISTERED' },
    );
  }

  /**
   * discard throws away the pending update of a series that is not queued, by
   * draining it alone into writes nobody sends. Whether the series was ever
   * written (`created`) is kept, so its first real flush still creates it.
   */
  private discard(s: S): void {
    const queued = this._dirty;
    const created = (s as { created?: unknown }).created;
    this._dirty = [s];
    s.dirty = true;
    try {
      this._drain(new BatchBuilder());
    } finally {
      this._dirty = queued;
      s.dirty = false;
      if (created !== undefined) (s as { created?: unknown }).created = created;
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
  protected series(labels: LabelValues<L> | undefined, bind = false): S {
    const names = this.labelNames;
    if (names.length === 0) {
      if (labels !== undefined && countDefined(labels) > 0) this.throwUnknown(labels);
      return (this.single ??= this.createSeries('', Object.freeze({})));
    }
    let given = 0;
    if (labels !== undefined) {
      if (labels === null || typeof labels !== 'object') {
        throw new TypeError(`metric "${this.name}": labels must be an object, got ${describe(labels)}`);
      }
      for (const k in labels) if ((labels as any)[k] !== undefined) given++;
    }
    let node: Map<string, any> = this.tree;
    let found = 0;
    const last = names.length - 1;
    for (let i = 0; i < last; i++) {
      const v = labels === undefined ? undefined : (labels as any)[names[i]];
      const key = v === undefined ? '' : (found++, typeof v === 'string' ? v : this.labelValue(names[i], v));
      let next = node.get(key);
      if (next === undefined) {
        if (this.seriesCount >= this.maxSeries) return this.overflow(labels);
        if (!bind && this.bufferFull()) return this.refused(labels);
        next = new Map();
        node.set(key, next);
      }
      node = next;
    }
    const v = labels === undefined ? undefined : (labels as any)[names[last]];
    const key = v === undefined ? '' : (found++, typeof v === 'string' ? v : this.labelValue(names[last], v));
    if (found !== given) this.throwUnknown(labels!);
    let s = node.get(key) as S | undefined;
    if (s === undefined) {
      if (this.seriesCount >= this.maxSeries) return this.overflow(labels);
      if (!bind && this.bufferFull()) return this.refused(labels);
      s = this.newSeries(labels);
      node.set(key, s);
      this.seriesCount++;
    }
    return s;
  }

  /**
   * overflow handles an update to a new label set past `maxSeries`: it checks
   * the labels as usual (and throws for bad ones), counts the update as
   * dropped, and returns a series that is never flushed.
   */
  private overflow(labels: LabelValues<L> | undefined): S {
    const record: Record<string, string> = {};
    let found = 0;
    for (const n of this.labelNames) {
      const v = labels === undefined ? undefined : (labels as any)[n];
      if (v !== undefined) found++;
      record[n] = v === undefined ? '' : typeof v === 'string' ? v : this.labelValue(n, v);
    }
    if (labels !== undefined && found !== countDefined(labels)) this.throwUnknown(labels);
    this.droppedUpdates++;
    const owner = this._owner;
    if (owner !== undefined && owner._overflow !== undefined) owner._overflow(this, Object.freeze(record), this.maxSeries);
    else if (this.droppedUpdates === 1) {
      process.emitWarning(
        `metric "${this.name}" has reached its limit of ${this.maxSeries} series (maxSeries); dropping updates to new label sets`,
        { code: 'INSTRUMENTOR_CARDINALITY' },
      );
    }
    return this.dropSink();
  }

  /** bufferFull is true while the registry's buffer is full: an update to a new label set would be dropped. */
  private bufferFull(): boolean {
    const owner = this._owner;
    return owner !== undefined && owner._bufferFull !== undefined && owner._bufferFull();
  }

  /**
   * refused handles an update to a new label set while the registry's buffer
   * is full: it checks the labels as usual (and throws for bad ones), has
   * the registry count the update as dropped, and returns the sink.
   */
  private refused(labels: LabelValues<L> | undefined): S {
    if (labels !== undefined) {
      let found = 0;
      for (const n of this.labelNames) if ((labels as any)[n] !== undefined) found++;
      if (found !== countDefined(labels)) this.throwUnknown(labels);
    }
    this.labelPairs(labels);
    this._owner?._refused?.(this);
    return this.dropSink();
  }

  /** dropSink is the series dropped updates go to: it is never queued, so never flushed. */
  private dropSink(): S {
    if (this.sink === undefined) {
      this.sink = this.createSeries('', Object.freeze({}));
      this.sink.dirty = true;
    }
    return this.sink;
  }

  private newSeries(labels: LabelValues<L> | undefined): S {
    const record: Record<string, string> = {};
    const pairs = this.labelPairs(labels);
    for (const [n, text] of pairs) record[n] = text;
    return this.createSeries(flatten(encodeLabels(pairs)), Object.freeze(record));
  }

  /**
   * labelPairs returns the name and text of every allowed label, in order, ''
   * for an absent one. It throws a TypeError naming the metric and the label
   * for a value that is not a string, number or boolean, or not well-formed Unicode.
   */
  private labelPairs(labels: LabelValues<L> | undefined): Array<[string, string]> {
    const pairs: Array<[string, string]> = [];
    for (const n of this.labelNames) {
      const v = labels === undefined ? undefined : (labels as any)[n];
      const text = v === undefined ? '' : typeof v === 'string' ? v : this.labelValue(n, v);
      if (LONE_SURROGATE.test(text)) {
        throw new TypeError(
          `metric "${this.name}": the value of label "${n}" is not well-formed Unicode (a lone surrogate), got ${describe(text)}`,
        );
      }
      pairs.push([n, text]);
    }
    return pairs;
  }

  private labelValue(name: string, v: unknown): string {
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new TypeError(
      `metric "${this.name}": the value of label "${name}" must be a string, number or boolean, got ${describe(v)}`,
    );
  }

  private throwUnknown(labels: object): never {
    const unknown = Object.keys(labels).filter((k) => !this.labelNames.includes(k) && (labels as any)[k] !== undefined);
    const allowed = this.labelNames.length === 0 ? 'none' : this.labelNames.map((n) => `"${n}"`).join(', ');
    throw new TypeError(
      `metric "${this.name}": unknown label ${unknown.map((n) => `"${n}"`).join(', ')} (allowed: ${allowed})`,
    );
  }

  /**
   * @internal checkNumber returns `value` when it is a finite number of at
   * least `min`. Otherwise it throws, naming the metric and the value, a
   * RangeError for a number and a TypeError for anything else:
   * `counter "jobs_total": increment must be a finite number >= 0, got -1`.
   * Every value a metric records or is configured with is checked here.
   */
  protected checkNumber(value: unknown, what: string, min = -Infinity): number {
    if (typeof value === 'number' && value >= min && value > -Infinity && value < Infinity) return value;
    return this.invalidNumber(value, what, min);
  }

  private invalidNumber(value: unknown, what: string, min: number): never {
    const err = typeof value === 'number' ? RangeError : TypeError;
    const bound = min === -Infinity ? '' : ` >= ${min}`;
    throw new err(`${this.type} "${this.name}": ${what} must be a finite number${bound}, got ${describe(value)}`);
  }
}

/** Matches a UTF-16 surrogate that is not part of a pair: it cannot be written to Redis as UTF-8. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * @internal valueAndLabels reads the arguments of a recording method in
 * either order, `(value, labels)` or prom-client's `(labels, value)`: an
 * object first is the labels. What is left unchecked is checked by the caller.
 */
export function valueAndLabels<L extends string>(first: unknown, second: unknown): [unknown, LabelValues<L> | undefined] {
  if (first !== null && typeof first === 'object') return [second, first as LabelValues<L>];
  return [first, second as LabelValues<L> | undefined];
}

function countDefined(labels: object): number {
  let n = 0;
  for (const k in labels) if ((labels as any)[k] !== undefined) n++;
  return n;
}
