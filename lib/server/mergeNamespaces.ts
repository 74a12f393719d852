import { Labels, MetricFamily, namesTaken, sortByLabelsSteps } from '../exposition/families';
import { ITEMS_PER_STEP, runSteps, Steps } from '../util/slices';
import { byCodePoint } from '../util/byCodePoint';
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
 * come out sorted by name, their series by labels. It is pure.
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
 * large scrape does not block the event loop.
 */
export function* mergeNamespacesSteps(inputs: readonly NamespaceFamilies[], labelName = 'namespace'): Steps<MergedFamilies> {
  interface Acc {
    name: string;
    help: string;
    type: MetricFamily['type'];
    from: string;
    series: Array<{ labels: Labels }>;
  }
  const byName = new Map<string, Acc>();
  const conflicts: MergeConflict[] = [];
  for (const { namespace, families } of inputs) {
    for (const f of families) {
      let acc = byName.get(f.name);
      if (acc === undefined) {
        byName.set(f.name, (acc = { name: f.name, help: f.help, type: f.type, from: namespace, series: [] }));
      } else if (acc.type !== f.type) {
        conflicts.push({ namespace, name: f.name, type: f.type, keptFrom: acc.from, keptType: acc.type });
        continue;
      } else if (acc.help === '') {
        acc.help = f.help;
      }
      const series = f.series as ReadonlyArray<{ labels: Labels }>;
      const pair = [labelName, namespace] as const; // one pair for every series of the namespace
      for (let i = 0; i < series.length; i++) {
        acc.series.push({ ...series[i], labels: withPair(series[i].labels, pair) });
        if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
      }
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
    families.push({ name, help: acc.help, type: acc.type, series: yield* sortByLabelsSteps(acc.series) } as unknown as MetricFamily);
  }
  return { families, conflicts };
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
