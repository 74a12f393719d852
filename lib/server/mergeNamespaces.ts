import { Labels, MetricFamily, namesTaken, sortByLabelsSteps } from '../exposition/families';
import { ITEMS_PER_STEP, runSteps, Steps } from '../util/slices';
import { byCodePoint, codePointRank } from '../util/byCodePoint';
import { byCodeUnit } from '../util/byCodeUnit';

/** The families read from one namespace. */
export interface NamespaceFamilies {
  readonly namespace: string;
  readonly families: readonly MetricFamily[];
}

/**
 * A family left out of a merge because another namespace has a family of the
 * same name and another type, or one whose names in the output clash with it
 * (docs/format.md, "Name collisions").
 */
export interface MergeConflict {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  /** The namespace whose family of that name was kept. */
  readonly keptFrom: string;
  readonly keptType: string;
  /** The name of the family kept: the same name, or one whose output names clash with it (a histogram `rpc` and a gauge `rpc_count`). */
  readonly keptName?: string;
}

/** What `mergeNamespaces` returns. */
export interface MergedFamilies {
  readonly families: MetricFamily[];
  readonly conflicts: MergeConflict[];
}

/**
 * mergeNamespaces merges the families of several namespaces into one list, as
 * one scrape of several namespaces renders them: every series gets the label
 * `labelName` (default `namespace`) set to its namespace, and families of the
 * same name from different namespaces become one family.
 *
 * A series that already has a label named `labelName` keeps its value under
 * `exported_<labelName>` (and `exported_exported_<labelName>` if that is taken
 * too), as Prometheus does when a target label clashes with a scraped one.
 * When two namespaces have a family of the same name but different types, the
 * family of the namespace listed first is kept, the other is left out and
 * listed in `conflicts`; so is a family whose names in the output clash with
 * those of a family earlier by name (a histogram `rpc` in one namespace and
 * a gauge `rpc_count` in another), so that parsers accept the scrape. The help text is the first non-empty one. Families
 * come out sorted by name, their series by labels. A family's `commonLabel`
 * (one merged before) becomes a label of each of its series first. It changes none of its inputs.
 *
 * @example
 * const { families } = mergeNamespaces([{ namespace: 'shop', families: a }, { namespace: 'billing', families: b }]);
 * const text = renderText(families);
 */
export function mergeNamespaces(inputs: readonly NamespaceFamilies[], labelName = 'namespace'): MergedFamilies {
  return runSteps(mergeNamespacesSteps(inputs, labelName));
}

/**
 * @internal mergeNamespacesSteps is `mergeNamespaces` as steps (see
 * lib/util/slices.ts): a server runs them in slices, so that merging a
 * large scrape does not block the event loop. With `share`, a family that
 * comes from one namespace keeps its series as they are and gets the label
 * as its `commonLabel` (the renderers write it), when that renders the same
 * text: no series has a label of that name or an empty value, they all have
 * the same label names, sorted, and they are in order already (see
 * `inOrderWith`). Other families are copied with the label added and sorted.
 * `sortedLabelNames`, when given, may vouch for a family (a reader's, kept
 * as lines: see DecodedRead.sortedLabelNames) by its label names: then the
 * series are known to be in order with those names and no empty value, and
 * are not looked at. A family that shares the series of its namespace's
 * family reads them from that family only when asked (see sharedSource), and
 * `buildSeries`, when given, runs before the merge reads the series of a
 * family (a reader's family kept as lines builds them in steps there: see
 * DecodedRead.seriesSteps).
 */
export function* mergeNamespacesSteps(
  inputs: readonly NamespaceFamilies[],
  labelName = 'namespace',
  share = false,
  sortedLabelNames?: (namespace: string, family: MetricFamily) => readonly string[] | undefined,
  buildSeries?: (namespace: string, family: MetricFamily) => Steps<void>,
): Steps<MergedFamilies> {
  interface Part {
    namespace: string;
    family: MetricFamily;
    /** The series with the family's common label made a label of each, for a family merged before. */
    copies?: ReadonlyArray<{ labels: Labels }>;
    /** The family's label names when sortedLabelNames vouched for it. */
    sortedNames?: readonly string[];
  }
  // the series of a part, built first when they are built on demand
  function* seriesOf(part: Part): Steps<ReadonlyArray<{ labels: Labels }>> {
    if (part.copies !== undefined) return part.copies;
    if (buildSeries !== undefined) yield* buildSeries(part.namespace, part.family);
    return part.family.series as ReadonlyArray<{ labels: Labels }>;
  }
  interface Acc {
    name: string;
    help: string;
    type: MetricFamily['type'];
    from: string;
    parts: Part[];
  }
  const byName = new Map<string, Acc>();
  const conflicts: MergeConflict[] = [];
  for (const { namespace, families } of inputs) {
    for (const f of families) {
      let acc = byName.get(f.name);
      if (acc === undefined) {
        byName.set(f.name, (acc = { name: f.name, help: f.help, type: f.type, from: namespace, parts: [] }));
      } else if (acc.type !== f.type) {
        conflicts.push({ namespace, name: f.name, type: f.type, keptFrom: acc.from, keptType: acc.type });
        continue;
      } else if (acc.help === '') {
        acc.help = f.help;
      }
      const part: Part = { namespace, family: f };
      const common = f.commonLabel;
      if (common !== undefined) {
        // a family merged before: its common label becomes a label of each series
        const series = yield* seriesOf(part);
        const copies: Array<{ labels: Labels }> = [];
        for (let i = 0; i < series.length; i++) {
          copies.push({ ...series[i], labels: withPair(series[i].labels, common) });
          if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
        }
        part.copies = copies;
      } else if (share) {
        part.sortedNames = sortedLabelNames?.(namespace, f);
      }
      acc.parts.push(part);
    }
  }
  const families: MetricFamily[] = [];
  const taken = new Map<string, Acc>();
  for (const name of [...byName.keys()].sort(byCodePoint)) {
    const acc = byName.get(name)!;
    const claims = namesTaken(name, acc.type);
    const clash = claims.map((n) => taken.get(n)).find((a) => a !== undefined);
    if (clash !== undefined) {
      conflicts.push({ namespace: acc.from, name, type: acc.type, keptFrom: clash.from, keptType: clash.type, keptName: clash.name });
      continue;
    }
    for (const n of claims) taken.set(n, acc);
    const only = acc.parts.length === 1 ? acc.parts[0] : undefined;
    if (share && only !== undefined && (only.sortedNames !== undefined ? !only.sortedNames.includes(labelName) : yield* inOrderWith(yield* seriesOf(only), labelName))) {
      const commonLabel = [labelName, only.namespace] as const;
      families.push(
        only.copies !== undefined
          ? ({ name, help: acc.help, type: acc.type, series: only.copies, commonLabel } as unknown as MetricFamily)
          : sharing(name, acc.help, acc.type, only.family, commonLabel),
      );
      continue;
    }
    const series: Array<{ labels: Labels }> = [];
    for (const part of acc.parts) {
      const pair = [labelName, part.namespace] as const; // one pair for every series of the namespace
      const from = yield* seriesOf(part);
      for (let i = 0; i < from.length; i++) {
        series.push({ ...from[i], labels: withPair(from[i].labels, pair) });
        if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      }
    }
    families.push({ name, help: acc.help, type: acc.type, series: yield* sortByLabelsSteps(series) } as unknown as MetricFamily);
  }
  return { families, conflicts };
}

/** The family of a namespace whose series each family that shares them has (see sharedSource). */
const sources = new WeakMap<MetricFamily, MetricFamily>();

/**
 * sharing is a merged family that shares the series of `source`, the family
 * of one namespace, and gets the namespace label as its common label; it
 * reads the series from `source` when they are asked for.
 */
function sharing(name: string, help: string, type: MetricFamily['type'], source: MetricFamily, commonLabel: readonly [string, string]): MetricFamily {
  const family = {
    name,
    help,
    type,
    get series() {
      return source.series;
    },
    commonLabel,
  } as unknown as MetricFamily;
  sources.set(family, source);
  return family;
}

/**
 * @internal sharedSource is the family of one namespace whose series a
 * merged family shares (with the namespace label as its common label), or
 * undefined for any other family.
 */
export function sharedSource(family: MetricFamily): MetricFamily | undefined {
  return sources.get(family);
}

/**
 * inOrderWith tells whether series, each given the label `name`, are in the
 * order sortByLabels puts them, with that label placed in name order as
 * withLabel places it: when none has a label `name` or an empty value, all
 * have the same label names in name order, and each series' labels part
 * (encodeLabels) is at most the next one's. Adding one label at the same
 * place to series with the same label names keeps their order: the first
 * value that differs decides it either way. It compares the values where
 * two neighbours first differ as they are written (byEscapedValue), without
 * writing the labels parts.
 */
function* inOrderWith(series: ReadonlyArray<{ labels: Labels }>, name: string): Steps<boolean> {
  if (series.length === 0) return true;
  const first = series[0].labels;
  for (let k = 0; k < first.length; k++) {
    if (first[k][0] === name || (k > 0 && !(first[k - 1][0] < first[k][0]))) return false;
  }
  for (let i = 0; i < series.length; i++) {
    const labels = series[i].labels;
    if (labels.length !== first.length) return false;
    let differs = -1;
    for (let k = 0; k < labels.length; k++) {
      if (labels[k][0] !== first[k][0] || labels[k][1] === '') return false;
      if (differs < 0 && i > 0 && labels[k][1] !== series[i - 1].labels[k][1]) differs = k;
    }
    // series with the same label names: the labels parts first differ inside the first value that differs, or at its closing quote
    if (differs >= 0 && byEscapedValue(series[i - 1].labels[differs][1], labels[differs][1]) > 0) return false;
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  return true;
}

/**
 * byEscapedValue compares two label values as they stand in labels parts,
 * escaped and followed by their closing quote, as byCodePoint compares the
 * labels parts; without writing them. Escaping writes each character alone,
 * so the two first differ where the values first differ: at the first
 * character that each writes there, or the next one when both write a
 * backslash (the quote after a value is never escaped).
 */
function byEscapedValue(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const x = i < a.length ? a.charCodeAt(i) : QUOTE;
  const y = i < b.length ? b.charCodeAt(i) : QUOTE;
  const ex = i < a.length && escaped(x);
  const ey = i < b.length && escaped(y);
  if (ex && ey) return escapedSecond(x) - escapedSecond(y);
  return codePointRank(ex ? BACKSLASH : x) - codePointRank(ey ? BACKSLASH : y);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LINE_FEED = 0x0a;

/** escaped tells whether escapeLabelValue writes a character as two: a backslash, then the character (`n` for a line feed). */
function escaped(unit: number): boolean {
  return unit === BACKSLASH || unit === QUOTE || unit === LINE_FEED;
}

function escapedSecond(unit: number): number {
  return unit === LINE_FEED ? 0x6e /* n */ : unit;
}

/**
 * withLabel returns `labels` with `name="value"` added in sorted position. A
 * label of that name already there is renamed to the first free name of
 * `exported_<name>`, `exported_exported_<name>`, …
 */
export function withLabel(labels: Labels, name: string, value: string): Labels {
  return withPair(labels, [name, value]);
}

/** withPair is `withLabel` with the pair given: one pair for the many series that get it. */
function withPair(labels: Labels, pair: readonly [string, string]): Labels {
  const name = pair[0];
  const out: Array<readonly [string, string]> = [];
  let clash: string | undefined;
  for (const p of labels) {
    if (p[0] === name) clash = p[1];
    else out.push(p);
  }
  if (clash !== undefined) {
    let exported = 'exported_' + name;
    while (out.some((p) => p[0] === exported)) exported = 'exported_' + exported;
    out.push([exported, clash]);
  }
  out.push(pair);
  out.sort((a, b) => byCodeUnit(a[0], b[0]));
  return out;
}
