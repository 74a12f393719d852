import { decodeField, Extension, MetricType, typeFromCode } from '../codec/field';
import { encodeLabels } from '../codec/labels';
import { parseNumber } from '../codec/number';
import type { HistogramSeries, MetricFamily, SummarySeries, ValueSeries } from './families';
import { assembleSummaries } from './summary';

/** A field the decoder skipped, and why. */
export interface SkippedField {
  readonly field: string;
  readonly value: string;
  readonly reason: string;
}

/** One data field of a family, split and with its value parsed. */
export interface RawSample {
  readonly field: string;
  readonly extension: string;
  readonly labels: Array<[string, string]>;
  readonly value: number;
  readonly text: string;
}

/** What `decodeNamespace` returns: the families in render order and the fields it skipped. */
export interface DecodedNamespace {
  readonly families: MetricFamily[];
  readonly skipped: SkippedField[];
}

/**
 * A SummaryAssembler turns the raw samples of one summary family into its
 * series, as of the Unix time `nowMs` (milliseconds). It reports fields it
 * cannot use through `skip`.
 */
export type SummaryAssembler = (
  samples: readonly RawSample[],
  skip: (s: RawSample, reason: string) => void,
  nowMs: number,
) => SummarySeries[];

interface RawFamily {
  help: string | undefined;
  type: MetricType | undefined;
  samples: RawSample[];
}

let summaryAssembler: SummaryAssembler | undefined = assembleSummaries;

/** @internal setSummaryAssembler installs the decoder of summary sketches. */
export function setSummaryAssembler(assembler: SummaryAssembler): void {
  summaryAssembler = assembler;
}

/**
 * decodeNamespace turns the fields of a namespace hash into metric families,
 * sorted by name, their series sorted by labels. A field that does not follow
 * the format, has a value that is not a number, or does not fit its family's
 * type is skipped and listed in `skipped`; the rest is decoded as usual.
 * `nowMs` is the Unix time in milliseconds that decides which windowed summary
 * cells have expired; pass it to decode the same entries the same way.
 */
export function decodeNamespace(entries: Iterable<readonly [string, string]>, nowMs: number = Date.now()): DecodedNamespace {
  const skipped: SkippedField[] = [];
  const raw = new Map<string, RawFamily>();
  const family = (name: string): RawFamily => {
    let f = raw.get(name);
    if (f === undefined) raw.set(name, (f = { help: undefined, type: undefined, samples: [] }));
    return f;
  };
  for (const [field, text] of entries) {
    const d = decodeField(field);
    if (typeof d === 'string') {
      skipped.push({ field, value: text, reason: d });
      continue;
    }
    if (d.extension === Extension.description) {
      family(d.name).help = text;
    } else if (d.extension === Extension.type) {
      const type = typeFromCode(text);
      if (type === undefined) skipped.push({ field, value: text, reason: `unknown type code ${JSON.stringify(text)}` });
      else family(d.name).type = type;
    } else {
      const value = parseNumber(text);
      if (value === undefined) skipped.push({ field, value: text, reason: 'the value is not a number' });
      else family(d.name).samples.push({ field, extension: d.extension, labels: d.labels, value, text });
    }
  }

  const families: MetricFamily[] = [];
  const skip = (s: RawSample, reason: string) => skipped.push({ field: s.field, value: s.text, reason });
  for (const name of [...raw.keys()].sort(byCodeUnit)) {
    const f = raw.get(name)!;
    const help = f.help ?? '';
    const type = f.type ?? (f.samples.some((s) => s.extension === Extension.bucket) ? 'histogram' : undefined);
    if (type === 'histogram') {
      families.push({ name, help, type, series: histogramSeries(f.samples, skip) });
    } else if (type === 'summary') {
      if (summaryAssembler === undefined) {
        for (const s of f.samples) skip(s, 'summaries are not supported by this reader');
      } else {
        families.push({ name, help, type, series: sortSeries(summaryAssembler(f.samples, skip, nowMs)) });
      }
    } else {
      const series: ValueSeries[] = [];
      for (const s of f.samples) {
        if (s.extension !== Extension.value) skip(s, `extension "${s.extension}" does not belong to a ${type ?? 'untyped'} metric`);
        else series.push({ labels: s.labels, value: s.value });
      }
      families.push({ name, help, type: type ?? 'untyped', series: sortSeries(series) });
    }
  }
  return { families, skipped };
}

function histogramSeries(samples: readonly RawSample[], skip: (s: RawSample, reason: string) => void): HistogramSeries[] {
  interface Acc {
    labels: Array<[string, string]>;
    buckets: Map<number, number>;
    sum: number | undefined;
    count: number | undefined;
  }
  const bySeries = new Map<string, Acc>();
  const bounds = new Set<number>();
  const acc = (labels: Array<[string, string]>): Acc => {
    const key = encodeLabels(labels);
    let a = bySeries.get(key);
    if (a === undefined) bySeries.set(key, (a = { labels, buckets: new Map(), sum: undefined, count: undefined }));
    return a;
  };
  for (const s of samples) {
    if (s.extension === Extension.bucket) {
      const i = s.labels.findIndex((p) => p[0] === 'le');
      const le = i < 0 ? undefined : parseNumber(s.labels[i][1]);
      if (le === undefined || Number.isNaN(le)) {
        skip(s, 'a bucket field needs an "le" label that is a number');
        continue;
      }
      bounds.add(le);
      acc(s.labels.filter((_, j) => j !== i)).buckets.set(le, s.value);
    } else if (s.extension === Extension.sum) {
      acc(s.labels).sum = s.value;
    } else if (s.extension === Extension.count) {
      acc(s.labels).count = s.value;
    } else {
      skip(s, `extension "${s.extension}" does not belong to a histogram`);
    }
  }
  bounds.add(Infinity);
  const les = [...bounds].sort((a, b) => a - b);
  const out: HistogramSeries[] = [];
  for (const a of bySeries.values()) {
    const buckets: Array<[number, number]> = [];
    let running = 0;
    for (const le of les) {
      const v = a.buckets.get(le);
      if (v !== undefined) running = v;
      else if (le === Infinity && a.count !== undefined) running = Math.max(running, a.count);
      buckets.push([le, running]);
    }
    out.push({ labels: a.labels, buckets, sum: a.sum ?? 0, count: a.count ?? running });
  }
  return sortSeries(out);
}

function sortSeries<T extends { labels: ReadonlyArray<readonly [string, string]> }>(series: T[]): T[] {
  const keyed = series.map((s) => [encodeLabels(s.labels), s] as const);
  keyed.sort((a, b) => byCodeUnit(a[0], b[0]));
  return keyed.map((k) => k[1]);
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
