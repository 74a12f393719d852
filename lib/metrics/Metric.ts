import { encodeField, Extension, MAX_FIELD_BYTES, MetricType, TypeCode } from '../codec/field';
import { escapeLabelValue } from '../codec/labels';
import { BatchBuilder } from '../codec/BatchBuilder';
import type { ShardMemo } from '../codec/ShardedParts';
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
  /**
   * The series' label values in the metric's sorted label order, '' for an
   * absent label, as one compact string (see Metric.labelsOf for the values
   * and their names).
   */
  readonly key: string;
  /** True while the series has updates not yet handed to a flush. */
  dirty: boolean;
  /** @internal The number of the registry drain that last drained the series' updates into batches (0: none). */
  drainedIn: number;
}

/**
 * SeriesState is the base of the state every metric type keeps per series:
 * its label values as one key, not dirty, never drained. Each type extends it
 * (a class keeps every series of a type in one compact shape). A series keeps
 * no field names: they are built when a flush writes it (see
 * Metric.labelsTextOf). Not part of the API: the package entries do not
 * export it.
 */
export class SeriesState implements SeriesBase, ShardMemo {
  dirty = false;
  /** @internal */
  drainedIn = 0;
  /** @internal The series' shard, as a builder of several shards keeps it (see ShardMemo). */
  shard = 0;

  constructor(readonly key: string) {}
}

/** ValueSeriesState is the state of a series with one value field: a counter's or a gauge's (see SeriesState). */
export class ValueSeriesState extends SeriesState {
  /** True once this process has written the series to Redis. */
  created = false;
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
  /** The longest field the owner writes, in bytes of UTF-8 (default: MAX_FIELD_BYTES). */
  readonly maxFieldBytes?: number;
  /** _tooLong is told of an update dropped because the fields of its label set would be longer than readers read. */
  _tooLong?(metric: Metric<any, any>, label: string, bytes: number, limit: number): void;
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
  /**
   * @internal Series by label values: one level per sorted label name, each
   * a Map, or a OneEntry while it holds one value (below a label with many
   * values most levels do, and a Map for each would cost several times a series).
   */
  private tree: Level | undefined;
  /** @internal The number of series in `tree`. */
  private seriesCount = 0;
  /** @internal `name="` of each sorted label name, for building label texts at flush time. */
  protected readonly labelPrefixes: readonly string[];
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
    this.labelPrefixes = this.labelNames.map((n) => n + '="');
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

  /**
   * @internal labelsTextOf builds the labels part of a series' fields from
   * its key: `name="value"` of each label with a value, in sorted label
   * order, values escaped (the same text as encodeLabels). A flush builds
   * the fields it writes this way instead of every series keeping them.
   */
  labelsTextOf(s: SeriesBase): string {
    const prefixes = this.labelPrefixes;
    const n = prefixes.length;
    if (n === 0) return '';
    const key = s.key;
    if (n === 1) return key === '' ? '' : prefixes[0] + escapeLabelValue(key) + '"';
    if (!NEEDS_ESCAPE.test(key)) {
      // no value needs escaping and none holds a separator: the values are read in place, without splitting the key
      let out = '';
      let start = 0;
      for (let i = 0; i < n; i++) {
        const end = i === n - 1 ? key.length : key.indexOf('\u0000', start);
        if (end > start) out += (out === '' ? prefixes[i] : ',' + prefixes[i]) + key.slice(start, end) + '"';
        start = end + 1;
      }
      return out;
    }
    const values = this.valuesOf(key);
    let out = '';
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === '') continue;
      out += (out === '' ? prefixes[i] : ',' + prefixes[i]) + escapeLabelValue(v) + '"';
    }
    return out;
  }

  /** @internal fieldOf builds the field of one of a series' values, for writing it now (the series keeps no field names). */
  protected fieldOf(extension: string, s: SeriesBase): string {
    return this.name + ':' + extension + ':' + this.labelsTextOf(s);
  }

  /** @internal labelsOf returns the label values of a series by label name, '' for an absent label. */
  labelsOf(s: SeriesBase): Record<string, string> {
    const names = this.labelNames;
    const record: Record<string, string> = {};
    if (names.length === 1) record[names[0]] = s.key;
    else if (names.length > 1) {
      const values = this.valuesOf(s.key);
      for (let i = 0; i < names.length; i++) record[names[i]] = values[i];
    }
    return record;
  }

  /** @internal labelPairsOf returns the name and value of every label of a series, in sorted label order, '' for an absent one. */
  labelPairsOf(s: SeriesBase): Array<[string, string]> {
    return Object.entries(this.labelsOf(s));
  }

  /** @internal labelValuesOf returns the label values of a series in sorted label order, '' for an absent label. */
  protected labelValuesOf(s: SeriesBase): string[] {
    const n = this.labelNames.length;
    return n === 0 ? [] : n === 1 ? [s.key] : this.valuesOf(s.key);
  }

  /** valuesOf splits the key of a series of a metric with several labels into its label values. */
  private valuesOf(key: string): string[] {
    const values = key.split('\u0000');
    if (key.includes('\u0001')) for (let i = 0; i < values.length; i++) values[i] = unescapeKeyPart(values[i]);
    return values;
  }

  /** @internal createSeries makes the state of a new label set, from its key (see SeriesBase.key). */
  protected abstract createSeries(key: string): S;

  /**
   * @internal _drain writes the pending updates of the series `dirty` (by
   * default every queued series, taken from the queue) to `writes` and
   * clears them. A registry drains a flush in slices, each call one slice of
   * what `_takeDirty` took, all with the same `pass` number.
   */
  abstract _drain(writes: BatchBuilder, dirty?: S[], pass?: number): void;

  /** @internal _takeDirty returns the series queued for a flush and starts a new, empty queue (for `_drain`). */
  _takeDirty(): S[] {
    return this.takeDirty();
  }

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
    const s = this.series(labels, false, false);
    if (s === undefined) {
      // a label set this process does not keep: other processes may have written it, so its fields go all the same,
      // through a series made for the removal alone (it counts against no limit, and no update is dropped)
      const values = this.labelPairs(labels).map((p) => p[1]);
      this.queueRemoval(this.createSeries(flatten(seriesKey(values))));
      return;
    }
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
    this.tree = undefined;
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

  /** detach takes a series out of the map of series (or the single one). */
  private detach(s: S): void {
    if (this.single === s) {
      this.single = undefined;
      return;
    }
    const values = this.labelValuesOf(s);
    const pruned = this.tree === undefined ? undefined : prune(this.tree, values, 0, s);
    if (pruned === false) return;
    this.tree = pruned;
    this.seriesCount--;
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
    const n = this.labelNames.length;
    const walk = (level: Level, depth: number) => {
      if (level instanceof OneEntry) {
        if (depth === n - 1) fn(level.value as S);
        else walk(level.value as Level, depth + 1);
        return;
      }
      for (const v of level.values()) {
        if (depth === n - 1) fn(v as S);
        else walk(v as Level, depth + 1);
      }
    };
    if (n > 0 && this.tree !== undefined) walk(this.tree, 0);
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
  protected series(labels: LabelValues<L> | undefined, bind?: boolean): S;
  /** With `create` false, series finds the series of a label set this process keeps, and makes none: undefined when there is none. */
  protected series(labels: LabelValues<L> | undefined, bind: boolean, create: false): S | undefined;
  protected series(labels: LabelValues<L> | undefined, bind = false, create = true): S | undefined {
    const names = this.labelNames;
    const n = names.length;
    if (n === 0) {
      if (labels !== undefined && countDefined(labels) > 0) this.throwUnknown(labels);
      return create ? (this.single ??= this.createSeries('')) : this.single;
    }
    let given = 0;
    if (labels !== undefined) {
      if (labels === null || typeof labels !== 'object') {
        throw new TypeError(`metric "${this.name}": labels must be an object, got ${describe(labels)}`);
      }
      for (const k in labels) if ((labels as any)[k] !== undefined) given++;
    }
    let found = 0;
    let node: unknown = this.tree;
    for (let i = 0; i < n; i++) {
      const v = labels === undefined ? undefined : (labels as any)[names[i]];
      const text = v === undefined ? '' : (found++, typeof v === 'string' ? v : this.labelValue(names[i], v));
      if (node === undefined) continue; // not kept: go on checking the labels
      // a Map has no `key`: the one property read tells the two kinds of level apart (faster than instanceof)
      const one = (node as OneEntry).key;
      node = one !== undefined ? (one === text ? (node as OneEntry).value : undefined) : (node as Map<string, unknown>).get(text);
    }
    if (found !== given) this.throwUnknown(labels!);
    return node !== undefined ? (node as S) : create ? this.keep(labels, bind) : undefined;
  }

  /**
   * keep makes and keeps the series of a new label set (checked already but
   * for well-formed Unicode), unless the metric has reached `maxSeries` or
   * the buffer is full (then the update goes to the sink).
   */
  private keep(labels: LabelValues<L> | undefined, bind: boolean): S {
    if (this.seriesCount >= this.maxSeries) return this.overflow(labels);
    if (!bind && this.bufferFull()) return this.refused(labels);
    const pairs = this.labelPairs(labels);
    const bytes = this.fieldBytes(pairs);
    if (bytes > (this._owner?.maxFieldBytes ?? MAX_FIELD_BYTES)) return this.tooLong(pairs, bytes);
    const values = pairs.map((p) => p[1]);
    const s = this.createSeries(flatten(seriesKey(values)));
    this.tree = insert(this.tree, values, 0, s);
    this.seriesCount++;
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

  /**
   * fieldBytes is how long, in bytes of UTF-8, the longest field of a label
   * set can be: the name, the labels as written, and FIELD_ROOM for the
   * extension and a pair of its own (a bucket's `le`, a quantile, a cell).
   */
  private fieldBytes(pairs: ReadonlyArray<[string, string]>): number {
    let bytes = this.name.length + FIELD_ROOM;
    for (const [n, v] of pairs) if (v !== '') bytes += n.length + 4 + Buffer.byteLength(escapeLabelValue(v));
    return bytes;
  }

  /** tooLong drops an update to a label set whose fields readers would skip (the registry reports a FieldTooLongError). */
  private tooLong(pairs: ReadonlyArray<[string, string]>, bytes: number): S {
    let longest = pairs[0][0];
    let most = -1;
    for (const [n, v] of pairs) {
      if (v.length > most) {
        most = v.length;
        longest = n;
      }
    }
    this.droppedUpdates++;
    const owner = this._owner;
    if (owner !== undefined && owner._tooLong !== undefined) owner._tooLong(this, longest, bytes, owner.maxFieldBytes ?? MAX_FIELD_BYTES);
    else if (!this.tooLongWarned) {
      this.tooLongWarned = true;
      process.emitWarning(
        `metric "${this.name}": a field of this label set would be ${bytes} bytes long, more than the ${MAX_FIELD_BYTES} that readers read; ` +
          `dropping updates to it (the longest value is the one of label "${longest}")`,
        { code: 'INSTRUMENTOR_FIELD_TOO_LONG' },
      );
    }
    return this.dropSink();
  }

  private tooLongWarned = false;

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
      this.sink = this.createSeries('');
      this.sink.dirty = true;
    }
    return this.sink;
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

/** OneEntry is a level of a metric's tree of series that holds one label value (see Metric.tree). */
class OneEntry {
  constructor(
    readonly key: string,
    readonly value: unknown,
  ) {}
}

/** A level of a metric's tree of series: the next level (or, at the last, the series) by the value of one label. */
type Level = Map<string, unknown> | OneEntry;

/** insert returns `level` with series `s` of label values `values` (from the `i`th on) added. */
function insert(level: Level | undefined, values: readonly string[], i: number, s: unknown): Level {
  const key = values[i];
  const last = i === values.length - 1;
  if (level === undefined) return new OneEntry(key, last ? s : insert(undefined, values, i + 1, s));
  if (level instanceof OneEntry) {
    if (level.key === key) return new OneEntry(key, last ? s : insert(level.value as Level, values, i + 1, s));
    const map = new Map<string, unknown>([[level.key, level.value]]);
    map.set(key, last ? s : insert(undefined, values, i + 1, s));
    return map;
  }
  level.set(key, last ? s : insert(level.get(key) as Level | undefined, values, i + 1, s));
  return level;
}

/** prune returns `level` without series `s` of label values `values` (undefined when nothing is left), or false when `s` is not in it. */
function prune(level: Level, values: readonly string[], i: number, s: unknown): Level | undefined | false {
  const key = values[i];
  const last = i === values.length - 1;
  const child = level instanceof OneEntry ? (level.key === key ? level.value : undefined) : level.get(key);
  if (child === undefined || (last && child !== s)) return false;
  const rest = last ? undefined : prune(child as Level, values, i + 1, s);
  if (rest === false) return false;
  if (level instanceof OneEntry) return rest === undefined ? undefined : new OneEntry(key, rest);
  if (rest === undefined) level.delete(key);
  else level.set(key, rest);
  return level.size === 0 ? undefined : level;
}

/** seriesKey joins the label values of a series (see SeriesBase.key): one value as it is, several joined by U+0000, escaped. */
function seriesKey(values: readonly string[]): string {
  if (values.length === 1) return values[0];
  let key = '';
  for (let i = 0; i < values.length; i++) {
    let v = values[i];
    if (v.indexOf('\u0000') >= 0 || v.indexOf('\u0001') >= 0) v = escapeKeyPart(v);
    key = i === 0 ? v : key + '\u0000' + v;
  }
  return key;
}

/** Room in a field for its extension, separators and a pair of its own (`le`, `quantile`, `__cell`, …). */
const FIELD_ROOM = 64;

/** The characters a key escapes, and its escapes (see escapeKeyPart). */
// eslint-disable-next-line no-control-regex -- the separator and the escape of a key are control characters on purpose
const KEY_SPECIAL = /[\u0000\u0001]/g;
// eslint-disable-next-line no-control-regex -- as above
const KEY_ESCAPE = /\u0001[\u0002\u0003]/g;

/**
 * escapeKeyPart escapes a label value for a key of several values joined by
 * U+0000: U+0001 becomes U+0001 U+0003 and U+0000 becomes U+0001 U+0002, so
 * that no value contains the separator and the key splits back unambiguously.
 */
function escapeKeyPart(value: string): string {
  return value.replace(KEY_SPECIAL, (c) => (c === '\u0000' ? '\u0001\u0002' : '\u0001\u0003'));
}

/** Matches a series key with a value that escapeLabelValue changes, or with an escaped separator (see seriesKey). */
// eslint-disable-next-line no-control-regex -- U+0001 is the series key's escape character
const NEEDS_ESCAPE = /[\\"\n\u0001]/;

/** unescapeKeyPart reverses escapeKeyPart. */
function unescapeKeyPart(part: string): string {
  return part.replace(KEY_ESCAPE, (e) => (e === '\u0001\u0002' ? '\u0000' : '\u0001'));
}

function countDefined(labels: object): number {
  let n = 0;
  for (const k in labels) if ((labels as any)[k] !== undefined) n++;
  return n;
}
