import { encodeField, Extension, MetricType, TypeCode } from '../codec/field';
import { encodeLabels } from '../codec/labels';
import type { Ops } from '../registry/Ops';
import { checkLabelNames, checkMetricName, describe } from './validation';

/** A label value as given when recording; numbers and booleans are turned into strings. */
export type LabelValue = string | number | boolean;

/** The labels of one recording: any subset of the metric's allowed label names. */
export type LabelValues<L extends string> = { readonly [K in L]?: LabelValue };

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
}

/** A label set of a series, after validation. */
export interface SeriesBase {
  /** The labels part of this series' fields, encoded. */
  readonly labelsText: string;
  /** The label values of this series, including empty ones for absent labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** True while the series has updates not yet handed to a flush. */
  dirty: boolean;
}

/** What a metric needs of the registry that holds it. */
export interface MetricOwner {
  /** True when every update is sent at once. */
  readonly eager: boolean;
  /** schedule asks for a flush soon (used in eager mode). */
  schedule(): void;
}

/**
 * Metric is the base of every metric type: name, description and allowed
 * labels, checked at construction, and the per-label-set series whose
 * updates wait in memory until the registry flushes them.
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

  /** @internal Allowed label names, sorted. */
  protected readonly labelNames: readonly string[];
  /** @internal Series of a metric without labels. */
  private single: S | undefined;
  /** @internal Series by label values, one map level per sorted label name. */
  private readonly tree = new Map<string, unknown>();
  /** @internal Series with updates waiting for a flush. */
  _dirty: S[] = [];
  /** @internal The registry this metric is registered in. */
  _owner: MetricOwner | undefined;

  protected constructor(options: MetricOptions<L>) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`metric options must be an object, got ${describe(options)}`);
    }
    checkMetricName(options.name);
    if (typeof options.description !== 'string') {
      throw new TypeError(`metric "${options.name}": description must be a string, got ${describe(options.description)}`);
    }
    this.name = options.name;
    this.description = options.description;
    this.allowedLabels = Object.freeze(checkLabelNames(options.name, options.allowedLabels)) as readonly L[];
    this.labelNames = Object.freeze([...this.allowedLabels].sort());
  }

  /** field builds the field name of one of this metric's values. */
  protected field(extension: string, labelsText: string): string {
    return encodeField(this.name, extension, labelsText);
  }

  /** @internal createSeries makes the state of a new label set. */
  protected abstract createSeries(labelsText: string, labels: Readonly<Record<string, string>>): S;

  /** @internal _drain writes the pending updates of every dirty series to `ops` and clears them. */
  abstract _drain(ops: Ops): void;

  /** @internal _describe writes the description and type fields. */
  _describe(ops: Ops): void {
    ops.set(this.field(Extension.description, ''), this.description);
    ops.set(this.field(Extension.type, ''), TypeCode[this.type]);
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

  /** markDirty queues a series for the next flush. */
  protected markDirty(s: S): void {
    s.dirty = true;
    this._dirty.push(s);
    const owner = this._owner;
    if (owner !== undefined && owner.eager) owner.schedule();
  }

  /**
   * series finds or creates the series of a label set. It throws a TypeError
   * naming the metric and the label when a label is not allowed or its value
   * is not a string, number or boolean.
   */
  protected series(labels: LabelValues<L> | undefined): S {
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
      s = this.newSeries(labels);
      node.set(key, s);
    }
    return s;
  }

  private newSeries(labels: LabelValues<L> | undefined): S {
    const record: Record<string, string> = {};
    const pairs: Array<[string, string]> = [];
    for (const n of this.labelNames) {
      const v = labels === undefined ? undefined : (labels as any)[n];
      const text = v === undefined ? '' : typeof v === 'string' ? v : this.labelValue(n, v);
      record[n] = text;
      pairs.push([n, text]);
    }
    return this.createSeries(encodeLabels(pairs), Object.freeze(record));
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

  /** checkValue throws a RangeError naming the metric unless `value` is a finite number. */
  protected checkFinite(value: unknown, what: string): asserts value is number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const err = typeof value === 'number' ? RangeError : TypeError;
      throw new err(`metric "${this.name}": ${what} must be a finite number, got ${describe(value)}`);
    }
  }
}

function countDefined(labels: object): number {
  let n = 0;
  for (const k in labels) if ((labels as any)[k] !== undefined) n++;
  return n;
}
