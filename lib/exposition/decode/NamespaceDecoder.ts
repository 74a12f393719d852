import { DecodedField, MetricType, typeFromCode } from '../../codec/field';
import { parseNumber } from '../../codec/number';
import { byCodePoint } from '../../util/byCodePoint';
import { codePointOrder } from '../../util/codePointOrder';
import { FamilyType, HistogramSeries, MetricFamily, namesTaken, SummarySeries, ValueSeries } from '../families';
import { familyHeader, renderText, textChunks, WrittenLabel } from '../render/text';
import { ITEMS_PER_STEP, runSteps, Steps } from '../../util/slices';
import { assembleHistograms } from './assembleHistograms';
import { assembleSummaries } from './assembleSummaries';
import { assembleValues } from './assembleValues';
import type { CacheRead, FieldCache } from './FieldCache';
import { FieldEntry, labelInsert, uniformLabelNames } from './FieldEntry';
import { HistogramLayout } from './HistogramLayout';
import { Sketch, SummaryLayout } from './SummaryLayout';
import { ReaderLimits, resolveReaderLimits, utf8Longer } from './ReaderLimits';
import type { Assembly, RawSample, SkippedField } from './samples';
import type { SkipReason } from './skipReasons';

/** What `decodeNamespace` returns: the families in render order and the fields it skipped. */
export interface DecodedNamespace {
  readonly families: MetricFamily[];
  readonly skipped: SkippedField[];
}

/**
 * @internal A DecodedRead is a DecodedNamespace that can also give its text
 * in the Prometheus text format 0.0.4, exactly as `renderText(families)`
 * would, but from the sample lines the reader kept from the fields (see
 * `NamespaceDecoder.finishRead`). The text is of the families as read: an
 * edit of the families does not show in it.
 */
export interface DecodedRead extends DecodedNamespace {
  text(): string;
  /** textChunks gives the same text in chunks of a few hundred lines, to be rendered between turns of the event loop. */
  textChunks(): Iterable<string>;
  /**
   * keptLines gives the sample lines of one family, in chunks of a few
   * hundred, from the sample lines kept, when `family` is a family of this
   * read kept as lines: the lines `textChunks([family])` writes after the
   * family's header. With `label`, the common label of a merged family that
   * shares the family's series (see mergeNamespacesSteps, sharedSource) is
   * written in every line. Undefined for any other family, which the caller
   * renders.
   */
  keptLines(family: MetricFamily, label?: WrittenLabel): Iterable<string> | undefined;
  /**
   * sortedLabelNames gives, for a family of this read kept as lines whose
   * series all have the same label names, those names in name order: its
   * series are then in the order sortByLabels puts them, and none has an
   * empty value (the checks of a merge that shares them; see
   * mergeNamespacesSteps). Undefined for any other family.
   */
  sortedLabelNames(family: MetricFamily): readonly string[] | undefined;
  /**
   * seriesSteps builds, a few hundred series a step, the series of those
   * `families` of this read that were kept as lines and have not built them
   * yet. Such a family builds its series only when they are first asked for
   * (in one go, then); a caller that will read the series of many families
   * (a merge, a protobuf answer) runs this first, between turns of the event
   * loop. The text answers copy the kept lines and never build them.
   */
  seriesSteps(families: readonly MetricFamily[]): Steps<void>;
}

/** A `d` or `t` field of a family, and its value. */
interface Meta {
  readonly field: string;
  readonly text: string;
}

/** The fields of one family as added. */
interface RawFamily {
  /** The family's name: the string its fields made in this read share (see FieldEntry.of). */
  readonly name: string;
  help: Meta | undefined;
  typeField: Meta | undefined;
  type: MetricType | undefined;
  /** The family's data fields, once it has one that `entries` cannot hold. */
  samples: RawSample[];
  /**
   * While every data field of the family is a value field written
   * canonically, or every one a `b`, `s` or `c` field written canonically
   * (`held` tells which), those fields in the order read, with their value
   * texts (and a value field's sample line); the first other data field
   * turns them into `samples`.
   */
  entries: FieldEntry[];
  texts: string[];
  lines: string[];
  /** What `entries` holds: value fields, or `b`, `s` and `c` fields (parts of series); undefined while it holds none. */
  held: 'values' | 'series parts' | undefined;
}

/**
 * One family as finished: a counter, gauge or untyped family whose data
 * fields are all canonical value fields, each its own series, keeps its
 * fields and sample lines (`order` lists them sorted); a histogram or
 * summary family that its layout renders keeps its fields and the lines of
 * each series (see LaidOut); any other family is assembled.
 */
type Finished =
  | {
      readonly name: string;
      readonly raw: RawFamily;
      readonly type: 'counter' | 'gauge' | 'untyped';
      readonly order: readonly number[];
      /** The label names every series has, in name order, when all have the same (see uniformLabelNames). */
      readonly labelNames: readonly string[] | undefined;
    }
  | { readonly name: string; readonly raw: RawFamily; readonly laidOut: LaidOut }
  | { readonly name: string; readonly family: MetricFamily };

/** A histogram or summary family rendered through its layout: the lines of each series shown, sorted, and which series they are. */
type LaidOut =
  | { readonly type: 'histogram'; readonly layout: HistogramLayout; readonly lines: readonly string[] }
  | {
      readonly type: 'summary';
      readonly layout: SummaryLayout;
      readonly lines: readonly string[];
      readonly shown: readonly number[];
      readonly nowSeconds: number;
      readonly sketch: Sketch;
    };

/** The extensions of the data fields of each type (`d` and `t` belong to every type). */
const DATA_EXTENSIONS: Readonly<Record<FamilyType, ReadonlySet<string>>> = {
  counter: new Set(['']),
  gauge: new Set(['']),
  untyped: new Set(['']),
  histogram: new Set(['b', 's', 'c', 'p', 'n', 'z']),
  summary: new Set(['s', 'c', 'a', 'm', 'q', 'p', 'n', 'z']),
};

/**
 * @internal NamespaceDecoder decodes the fields of a namespace hash one at a
 * time, by the reader's rules of docs/format.md, so that a reader can decode
 * a chunk of fields while Redis produces the next one (decodeNamespace does
 * it for fields at hand). A field given twice is read once (the first). With
 * a FieldCache, it reuses how earlier reads split the same fields.
 *
 * The checks run in the order of the rules: those of the field alone as each
 * field is added (splitField), those that need the family when the read is
 * finished (the assemblers, then name collisions). Every field is used,
 * merged or skipped with its reason code.
 *
 * A counter or gauge value field written canonically is kept with its sample
 * line, built from the field and the value text; a family made only of such
 * fields is rendered from those lines by `finishText`, without building its
 * series. With a FieldCache, a histogram family made only of canonical `b`,
 * `s` and `c` fields, none added into another, is rendered from the lines its
 * HistogramLayout keeps per series, again without building its series, and
 * a summary family of canonical fields from its SummaryLayout's. Every
 * other family goes through the families and `renderText`, so the text is
 * the same either way.
 */
export class NamespaceDecoder {
  private readonly skipped: SkippedField[] = [];
  private readonly raw = new Map<string, RawFamily>();
  private readonly labelNames: string[];
  private readonly limits: Required<ReaderLimits>;
  /** This decoder's read of the cache, when it has one. */
  private readonly read: CacheRead | undefined;
  /** Fields given that the cache does not remember (all of them without a cache), to read each once. */
  private readonly given = new Set<string>();

  /**
   * @param cache Remembers how fields split from one read to the next.
   * @param limits The limits of the reader's rules; the defaults of docs/format.md when left out.
   *   Throws a RangeError naming a limit that is not a whole number >= 1.
   */
  constructor(
    private readonly cache?: FieldCache,
    limits?: ReaderLimits,
  ) {
    this.labelNames = cache?.labelNames ?? [];
    this.limits = resolveReaderLimits(limits);
    this.read = cache?.begin();
  }

  /** add decodes one field of the namespace hash and its value. */
  add(field: string, text: string): void {
    const raw = this.raw;
    if (utf8Longer(field, this.limits.maxFieldBytes)) {
      if (this.once(field)) this.skip(field, text, 'field-too-long');
      return;
    }
    let e: FieldEntry | undefined;
    if (this.read !== undefined) e = this.cache!.entry(field, raw, this.read);
    else if (this.once(field)) e = FieldEntry.of(field, this.labelNames, raw);
    if (e === undefined) return; // this read gave the field before
    if (utf8Longer(text, this.limits.maxValueBytes)) {
      this.skip(field, text, 'value-too-long');
      return;
    }
    const d = e.split;
    if (typeof d === 'string') {
      this.skip(field, text, d);
      return;
    }
    let f = raw.get(d.name);
    if (f === undefined) {
      f = { name: d.name, help: undefined, typeField: undefined, type: undefined, samples: [], entries: [], texts: [], lines: [], held: undefined };
      raw.set(d.name, f);
    }
    if (e.prefix !== undefined) {
      const line = e.line(text);
      if (line === undefined) {
        this.skip(field, text, 'invalid-value');
      } else if (f.samples.length === 0 && f.held !== 'series parts') {
        f.held = 'values';
        f.entries.push(e);
        f.texts.push(e.text!);
        f.lines.push(line);
      } else {
        toSamples(f);
        f.samples.push(sampleOf(e, text));
      }
    } else if (e.seriesPart && this.cache !== undefined) {
      const kept = e.numberText(text);
      if (kept === undefined) {
        this.skip(field, text, 'invalid-value');
      } else if (f.samples.length === 0 && f.held !== 'values') {
        f.held = 'series parts';
        f.entries.push(e);
        f.texts.push(kept);
      } else {
        toSamples(f);
        f.samples.push(sampleOf(e, text));
      }
    } else if (d.extension === 'd') {
      f.help = { field, text };
    } else if (d.extension === 't') {
      const type = typeFromCode(text);
      if (type === undefined) {
        this.skip(field, text, 'unknown-type');
      } else {
        f.type = type;
        f.typeField = { field, text };
      }
    } else {
      const value = parseNumber(text);
      if (value === undefined) {
        this.skip(field, text, 'invalid-value');
      } else {
        toSamples(f);
        f.samples.push({ field, extension: d.extension, labels: d.labels, labelsText: d.labelsText, value, text, canonical: e.canonical });
      }
    }
  }

  /** finish assembles the families of every field added, as of the Unix time `nowMs` (milliseconds; it decides which windowed summary cells have expired). */
  finish(nowMs: number): DecodedNamespace {
    return { families: this.finished(nowMs).map(familyOf), skipped: this.skipped };
  }

  /**
   * finishText renders every field added in the Prometheus text format 0.0.4,
   * exactly as `renderText(finish(nowMs).families)` does, and lists the fields
   * skipped. Counter and gauge families written canonically are rendered from
   * their sample lines, without building their series.
   */
  finishText(nowMs: number): { text: string; skipped: SkippedField[] } {
    let text = '';
    for (const f of this.finished(nowMs)) text += textOf(f);
    return { text, skipped: this.skipped };
  }

  /**
   * finishRead is `finish` and, when asked, `finishText` of one read: the
   * families, and their text rendered from the sample lines kept (the
   * families a server both merges and serves as they are).
   */
  finishRead(nowMs: number): DecodedRead {
    return runSteps(this.finishReadSteps(nowMs));
  }

  /**
   * finishReadSteps is `finishRead` as steps (see slices.ts): the series of
   * the families kept as lines are built a few hundred at a time, so that a
   * server can finish a large read between turns of the event loop.
   */
  *finishReadSteps(nowMs: number): Steps<DecodedRead> {
    const finished = this.finished(nowMs);
    yield;
    const families: MetricFamily[] = new Array(finished.length);
    // the families of this read kept as lines, with their series once built
    const kept = new Map<MetricFamily, LazySeries>();
    for (let i = 0; i < finished.length; i++) {
      const f = finished[i];
      if ('order' in f) {
        const lazy: LazySeries = { built: undefined, of: f };
        families[i] = linesFamily(lazy);
        kept.set(families[i], lazy);
      } else {
        families[i] = yield* familySteps(f);
      }
    }
    // `family` as finished, when it is a family of this read kept as lines
    const keptAsLines = (family: MetricFamily) => kept.get(family)?.of;
    return {
      families,
      skipped: this.skipped,
      text: () => {
        let text = '';
        for (const f of finished) text += textOf(f);
        return text;
      },
      textChunks: () => textChunksOf(finished),
      keptLines: (family, label) => {
        const f = keptAsLines(family);
        return f === undefined ? undefined : keptLinesOf(f, label);
      },
      sortedLabelNames: (family) => keptAsLines(family)?.labelNames,
      *seriesSteps(asked) {
        for (const family of asked) {
          const lazy = kept.get(family);
          if (lazy === undefined || lazy.built !== undefined) continue;
          const series = (yield* familySteps(lazy.of)).series as ValueSeries[];
          lazy.built ??= series;
        }
      },
    };
  }

  /** once tells whether `field` is given for the first time among the fields the cache does not remember. */
  private once(field: string): boolean {
    const before = this.given.size;
    return this.given.add(field).size !== before;
  }

  private skip(field: string, value: string, reason: SkipReason): void {
    this.skipped.push({ field, value, reason });
  }

  /**
   * finished ends the cache read and finishes every family, in the order of
   * their names; families with nothing to show are left out, and so is a
   * family that would take a name an earlier one took (its fields are
   * skipped, `name-collision`).
   */
  private finished(nowMs: number): Finished[] {
    if (this.read !== undefined) this.cache!.end(this.read);
    const names = [...this.raw.keys()].sort(byCodePoint);
    this.cache?.keepLayouts(this.raw);
    const taken = new Set<string>();
    const out: Finished[] = [];
    for (const name of names) {
      const raw = this.raw.get(name)!;
      const type: FamilyType = raw.type ?? (hasBucket(raw) ? 'histogram' : 'untyped');
      const claims = namesTaken(name, type);
      const clash = claims.some((n) => taken.has(n));
      const done =
        this.fromLines(name, raw, type) ?? (clash ? undefined : this.fromLayout(name, raw, type, nowMs)) ?? this.assemble(name, raw, type, nowMs, clash);
      if (done === undefined) continue;
      if (clash) {
        for (const u of done.used()) this.skip(u.field, u.text, 'name-collision');
        continue;
      }
      for (const n of claims) taken.add(n);
      out.push(done.finished);
    }
    return out;
  }

  /**
   * fromLines finishes a counter, gauge or untyped family whose data fields
   * are all canonical value fields (each then its own series) that it can
   * render as they are: the order in which to list them (sorted by field).
   * When a family's fields come in the same order as in the previous read,
   * the order of that read is used again instead of sorting. Undefined for
   * any other family, which is assembled.
   */
  private fromLines(name: string, f: RawFamily, type: FamilyType): { finished: Finished; used(): Meta[] } | undefined {
    if (f.samples.length > 0 || f.held === 'series parts' || type === 'histogram' || type === 'summary') return undefined;
    if (type === 'counter' && !f.texts.every(isCounterValue)) return undefined;
    const entries = f.entries;
    if (entries.length === 0 && f.help === undefined && f.typeField === undefined) return undefined;
    const used = () => [...metaOf(f), ...entries.map((e, i) => ({ field: e.field, text: f.texts[i] }))];
    const layout = this.cache?.layout(name);
    if (layout !== undefined && !(layout instanceof HistogramLayout || layout instanceof SummaryLayout) && layout.entries.length === entries.length) {
      let same = true;
      for (let i = 0; i < entries.length && same; i++) same = layout.entries[i] === entries[i];
      if (same) return { finished: { name, raw: f, type, order: layout.order, labelNames: layout.labelNames }, used };
    }
    const fields: string[] = new Array(entries.length);
    for (let i = 0; i < fields.length; i++) fields[i] = entries[i].field;
    const order = codePointOrder(fields);
    const labelNames = uniformLabelNames(entries);
    this.cache?.setLayout(name, { entries, order, labelNames });
    return { finished: { name, raw: f, type, order, labelNames }, used };
  }

  /**
   * fromLayout finishes a histogram or summary family whose data fields are
   * all canonical parts of series (see FieldEntry.seriesPart) through its
   * layout (HistogramLayout, SummaryLayout): the family's layout of the
   * previous read when the fields came in the same order, else a new one,
   * which the cache keeps. Undefined, and the family is assembled, without a
   * cache, for any other family, or when a value breaks a rule of the
   * format. A family whose names clash with an earlier one's is not given
   * here: assembling it lists its fields in the order the assembler reports
   * them.
   */
  private fromLayout(name: string, f: RawFamily, type: FamilyType, nowMs: number): { finished: Finished; used(): Meta[] } | undefined {
    if (this.cache === undefined || f.held !== 'series parts' || f.samples.length > 0) return undefined;
    const cache = this.cache;
    let laidOut: LaidOut;
    if (type === 'histogram') {
      const layout = keptLayout(cache, name, HistogramLayout, f.entries, this.limits.maxBucketsPerSeries);
      const lines = layout.lines(name, f.texts);
      if (lines === undefined) return undefined;
      laidOut = { type, layout, lines };
    } else if (type === 'summary') {
      const layout = keptLayout(cache, name, SummaryLayout, f.entries, this.limits.maxQuantilesPerFamily);
      const nowSeconds = nowMs / 1000;
      const made = layout.lines(name, f.texts, nowSeconds);
      if (made === undefined || (made.lines.length === 0 && f.help === undefined && f.typeField === undefined)) return undefined;
      laidOut = { type, layout, lines: made.lines, shown: made.shown, nowSeconds, sketch: made.sketch };
    } else {
      return undefined;
    }
    const used = () => [...metaOf(f), ...f.entries.map((e, i) => ({ field: e.field, text: f.texts[i] }))];
    return { finished: { name, raw: f, laidOut }, used };
  }

  /**
   * assemble builds one family from its samples by the rules of its type;
   * undefined when the family has nothing to show. With `listUsed` (the
   * family's names clash with an earlier family's), it lists the fields it
   * used, to report them. Fields of one value are
   * added in the order of the fields: when the first pass added any two, it
   * assembles again from the samples sorted by field.
   */
  private assemble(name: string, f: RawFamily, type: FamilyType, nowMs: number, listUsed: boolean): { finished: Finished; used(): Meta[] } | undefined {
    toSamples(f);
    let pass = this.assembleOnce(f.samples, type, nowMs, listUsed);
    if (pass.out.merged) pass = this.assembleOnce([...f.samples].sort((a, b) => byCodePoint(a.field, b.field)), type, nowMs, listUsed);
    for (const s of pass.skipped) this.skipped.push(s);
    const meta = metaOf(f);
    if (pass.series.length === 0 && meta.length === 0) return undefined;
    const family = { name, help: f.help?.text ?? '', type, series: pass.series } as MetricFamily;
    return { finished: { name, family }, used: () => [...meta, ...(pass.out.used ?? [])] };
  }

  /** assembleOnce is one pass of `assemble` over the samples in the order given; it lists the samples used when asked. */
  private assembleOnce(samples: readonly RawSample[], type: FamilyType, nowMs: number, listUsed: boolean) {
    const skipped: SkippedField[] = [];
    const skip: Assembly['skip'] = (s, reason) => skipped.push({ field: s.field, value: s.text, reason });
    const out: Assembly = { skip, used: listUsed ? [] : undefined, merged: false };
    const allowed = DATA_EXTENSIONS[type];
    const kept: RawSample[] = [];
    for (const s of samples) {
      if (allowed.has(s.extension)) kept.push(s);
      else out.skip(s, 'extension-not-in-type');
    }
    const series =
      type === 'histogram'
        ? assembleHistograms(kept, this.limits.maxBucketsPerSeries, out)
        : type === 'summary'
          ? assembleSummaries(kept, nowMs, this.limits.maxQuantilesPerFamily, out)
          : assembleValues(kept, type === 'counter', out);
    return { series, skipped, out };
  }
}

/** metaOf lists the `d` and `t` fields of a family that were used. */
function metaOf(f: RawFamily): Meta[] {
  const meta: Meta[] = [];
  if (f.help !== undefined) meta.push(f.help);
  if (f.typeField !== undefined) meta.push(f.typeField);
  return meta;
}

/** isCounterValue tells whether a value text (a number by the grammar) is a counter's value: >= 0, not NaN. */
function isCounterValue(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c === 45 /* - */ || c === 110 /* n */ || c === 78 /* N */) return parseNumber(text)! >= 0;
  return true;
}

/** hasBucket tells whether a family has a `b` field that passed the checks of a field alone. */
function hasBucket(f: RawFamily): boolean {
  if (f.held === 'series parts') return f.entries.some((e) => (e.split as DecodedField).extension === 'b');
  return f.samples.some((s) => s.extension === 'b');
}

/** The series of a family kept as lines, built when first asked for (see DecodedRead.seriesSteps). */
interface LazySeries {
  built: ValueSeries[] | undefined;
  readonly of: Extract<Finished, { order: readonly number[] }>;
}

/**
 * linesFamily is the family of a read kept as lines, whose series are built
 * when first asked for: its `series` is an accessor of the object itself, so
 * a copy made by spreading it gets them too.
 */
function linesFamily(lazy: LazySeries): MetricFamily {
  const f = lazy.of;
  return {
    name: f.name,
    help: f.raw.help?.text ?? '',
    type: f.type,
    get series(): ValueSeries[] {
      return (lazy.built ??= familyOf(f).series as ValueSeries[]);
    },
  } as MetricFamily;
}

/** familyOf is the family of a finished family; one kept as lines gets its series now. */
function familyOf(f: Finished): MetricFamily {
  return runSteps(familySteps(f));
}

/** familySteps is `familyOf` as steps: it builds the series of a family kept as lines a few hundred at a time. */
function* familySteps(f: Finished): Steps<MetricFamily> {
  if ('family' in f) return f.family;
  if ('laidOut' in f) {
    const l = f.laidOut;
    const help = f.raw.help?.text ?? '';
    if (l.type === 'histogram') {
      const series: HistogramSeries[] = new Array(l.lines.length);
      for (let k = 0; k < series.length; k++) {
        series[k] = l.layout.seriesAt(k, f.raw.texts);
        if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      }
      return { name: f.name, help, type: 'histogram', series };
    }
    const series: SummarySeries[] = new Array(l.shown.length);
    for (let k = 0; k < series.length; k++) {
      series[k] = l.layout.seriesAt(l.shown[k], f.raw.texts, l.nowSeconds, l.sketch);
      if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    }
    return { name: f.name, help, type: 'summary', series };
  }
  const { raw, order } = f;
  const series: ValueSeries[] = new Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    series[k] = { labels: (raw.entries[i].split as DecodedField).labels, value: parseNumber(raw.texts[i])! };
    if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  return { name: f.name, help: raw.help?.text ?? '', type: f.type, series };
}

/** textOf renders a finished family in the text format: from its sample lines when it kept them. */
function textOf(f: Finished): string {
  if ('family' in f) return renderText([f.family]);
  if ('laidOut' in f) {
    let text = familyHeader(f.name, f.raw.help?.text ?? '', f.laidOut.type);
    for (const lines of f.laidOut.lines) text += lines;
    return text;
  }
  const { raw, order } = f;
  let text = familyHeader(f.name, raw.help?.text ?? '', f.type);
  const lines = raw.lines;
  for (let k = 0; k < order.length; k++) text += lines[order[k]];
  return text;
}

/** textChunksOf yields the text of finished families (as textOf) in chunks of a few hundred series. */
function* textChunksOf(finished: readonly Finished[]): Generator<string, void, undefined> {
  for (const f of finished) {
    if ('family' in f) {
      yield* textChunks([f.family]);
      continue;
    }
    if ('laidOut' in f) {
      const lines = f.laidOut.lines;
      let text = familyHeader(f.name, f.raw.help?.text ?? '', f.laidOut.type);
      for (let k = 0; k < lines.length; k++) {
        text += lines[k];
        if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) {
          yield text;
          text = '';
        }
      }
      if (text !== '') yield text;
      continue;
    }
    const { raw, order } = f;
    let text = familyHeader(f.name, raw.help?.text ?? '', f.type);
    const lines = raw.lines;
    for (let k = 0; k < order.length; k++) {
      text += lines[order[k]];
      if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) {
        yield text;
        text = '';
      }
    }
    if (text !== '') yield text;
  }
}

/**
 * keptLinesOf yields the sample lines of a family kept as lines, with
 * `label`, when given, written in every one, as textChunks writes them for
 * the family built from `f` (with `label` as its common label), a few hundred
 * a chunk.
 */
function* keptLinesOf(f: Extract<Finished, { order: readonly number[] }>, label: WrittenLabel | undefined): Generator<string, void, undefined> {
  const { raw, order } = f;
  const { entries, lines } = raw;
  const insert = label === undefined ? undefined : labelInsert(label);
  let text = '';
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    text += insert === undefined ? lines[i] : entries[i].labelledLine(lines[i], insert);
    if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) {
      yield text;
      text = '';
    }
  }
  if (text !== '') yield text;
}

/** toSamples turns the fields a family holds as `entries` into samples, in the order read. */
function toSamples(f: RawFamily): void {
  if (f.entries.length === 0) return;
  f.samples = f.entries.map((e, i) => sampleOf(e, f.texts[i])); // entries are kept only while there are no samples
  f.entries = [];
  f.texts = [];
  f.lines = [];
  f.held = undefined;
}

/** sampleOf is the sample of a canonical field whose value text was found to be a number. */
function sampleOf(e: FieldEntry, text: string): RawSample {
  const d = e.split as DecodedField;
  return { field: e.field, extension: d.extension, labels: d.labels, labelsText: d.labelsText, value: parseNumber(text)!, text, canonical: true };
}

/**
 * keptLayout is the layout `cache` keeps for family `name` when it is of
 * `kind` and still fits the family's fields; else a new one, made knowing
 * the one kept before, which the cache keeps from now on.
 */
function keptLayout<T extends HistogramLayout | SummaryLayout>(
  cache: FieldCache,
  name: string,
  kind: { prototype: T; of(entries: readonly FieldEntry[], max: number, previous?: T): T },
  entries: readonly FieldEntry[],
  max: number,
): T {
  const kept = cache.layout(name);
  const previous = kept !== undefined && Object.getPrototypeOf(kept) === kind.prototype ? (kept as T) : undefined;
  if (previous !== undefined && previous.fits(entries, max)) return previous;
  const layout = kind.of(entries, max, previous);
  cache.setLayout(name, layout);
  return layout;
}
