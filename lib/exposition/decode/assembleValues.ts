import { byCodePoint } from '../../util/byCodePoint';
import type { Labels, ValueSeries } from '../families';
import { Assembly, RawSample, seriesKey, seriesLabels } from './samples';

/**
 * assembleValues turns the value fields of one counter, gauge or untyped
 * family into its series, sorted by labels key: the fields of one series
 * (labels that differ only by empty values) are added (docs/format.md,
 * "Series and merging"). A counter's field whose value is negative or `NaN`
 * is skipped (`invalid-counter-value`). Pure.
 */
export function assembleValues(samples: readonly RawSample[], counter: boolean, out: Assembly): ValueSeries[] {
  const byKey = new Map<string, { labels: Labels; value: number }>();
  for (const s of samples) {
    if (counter && !(s.value >= 0)) {
      out.skip(s, 'invalid-counter-value');
      continue;
    }
    out.used?.push(s);
    const labels = seriesLabels(s);
    const key = seriesKey(s, labels);
    const a = byKey.get(key);
    if (a === undefined) {
      byKey.set(key, { labels, value: 0 + s.value });
    } else {
      a.value += s.value;
      out.merged = true;
    }
  }
  return [...byKey.keys()].sort(byCodePoint).map((k) => byKey.get(k)!);
}
