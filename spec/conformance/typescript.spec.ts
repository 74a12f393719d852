import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeNamespace, renderOpenMetrics, renderText } from '../../lib/format';
import type { HistogramSeries, NativeBuckets } from '../../lib/format';
import { encodeLabels } from '../../lib/codec/labels';

const DIR = path.resolve(__dirname, '../../conformance');

/** A conformance case (conformance/README.md). */
interface Case {
  now: number;
  limits?: Record<string, number>;
  fields: Array<[Raw, Raw]>;
  expected: { text: string; openmetrics: string; skipped: Array<{ field: string; reason: string }> };
  /** The merged native buckets of histogram series, by family and labels key (conformance/README.md). */
  native?: Record<string, Record<string, NativeBuckets>>;
}
type Raw = string | { base64: string };

const POW = "cell values by the format's power(), not Math.pow (LogMapping.value)";

/**
 * The cases where this library's reader does not yet follow docs/format.md,
 * with what it must change. A case listed here is reported as pending while it
 * differs, and fails once it conforms, so that the list stays exact. The
 * reader reports reasons as messages, not the format's reason codes, so only
 * the fields skipped are compared, not their codes.
 */

const KNOWN_DIFFERENCES: Record<string, string> = {
  'counter-invalid-values': 'skip counter values that are negative or NaN (invalid-counter-value)',
  'duplicate-fields': 'decodeNamespace without a cache reads a field given twice twice; keep the first',
  'family-all-fields-skipped': 'metadata fields with labels are skipped (unexpected-labels), and a family with no field left is not rendered',
  'field-too-long': 'limits: maxFieldBytes',
  'gauge-empty-label-values-merge': 'merge fields whose labels differ only by empty values, adding their values',
  'gauge-invalid-values': 'the number grammar refuses Infinity and infinity',
  'gauge-merge-infinities': 'merge fields of one series, adding their values',
  'histogram-bound-spellings': 'add the buckets of one bound spelled differently (1, 1.0, 1e0; Inf, +Inf, inf; -0, 0)',
  'histogram-count-follows-inf': '_count is the +Inf bucket, and +Inf at least the highest bucket',
  'histogram-empty-label-values': 'merge fields whose labels differ only by empty values',
  'histogram-inf-from-count': 'each series with its own buckets only (histogramSeries adds the bounds of the family)',
  'histogram-invalid-bounds': 'le of -Inf or Infinity is not a bound',
  'histogram-invalid-values': 'bucket values and counts are whole numbers >= 0; sums are not NaN',
  'histogram-many-series-own-bounds': 'each series with its own buckets only (quadratic output today)',
  'histogram-negative-bounds': 'OpenMetrics: no _count/_sum for a histogram with a negative bound',
  'histogram-negative-sum': 'OpenMetrics: no _count/_sum for a negative sum',
  'histogram-non-monotonic': 'buckets rendered as their running maximum',
  'histogram-series-own-buckets': 'each series with its own buckets only',
  'histogram-too-many-buckets': 'limits: maxBucketsPerSeries',
  'invalid-utf8': 'a field is read once by its decoded text (the first of two that decode alike)',
  'library-written-namespace': POW,
  'metadata-with-labels': 'd, t, a and m fields with a labels part are skipped (unexpected-labels)',
  'metric-named-total': 'the metric name _total is refused',
  'misplaced-le-and-quantile': 'le only in b fields, quantile only in q fields (misplaced-label)',
  'name-collision-counters': 'families that clash in the output (jobs and jobs_total) are left out (name-collision)',
  'name-collision-histogram-gauge': 'families that clash in the output (rpc and rpc_count) are left out (name-collision)',
  'name-collision-summary': 'families that clash in the output (lat and lat_sum) are left out; ' + POW,
  'raw-line-feed-in-field': 'merge fields that spell one label set differently',
  'reserved-label-names': 'label names starting with __ are skipped (reserved-label-name)',
  'sort-code-point-order': 'sort series by code point (UTF-8 bytes), not UTF-16 code units',
  'summary-accuracy-005': POW,
  'summary-basic': POW,
  'summary-cell-bound': POW,
  'summary-cells-summed-across-spellings': 'merge fields whose labels differ only by empty values; ' + POW,
  'summary-extreme-cells': '' + POW + ', kept within [5e-324, 1.7976931348623157e+308]',
  'summary-invalid-accuracy-and-bound': 'without a usable a field, quantiles with a = 0.01 (cells are dropped today)',
  'summary-invalid-cell-values': 'cell counts are whole numbers; ' + POW,
  'summary-invalid-cells': '__cell=\'-0\' is not canonical; ' + POW,
  'summary-invalid-quantiles': POW,
  'summary-negative-quantiles': 'OpenMetrics: no negative quantiles, no _count/_sum for a negative sum; ' + POW,
  'summary-quantile-ranks': POW,
  'summary-quantile-spellings': POW,
  'summary-sum-merge-nan': 'merge fields of one series; ' + POW,
  'summary-too-many-quantiles': 'limits: maxQuantilesPerFamily; ' + POW,
  'summary-window': POW,
  'summary-window-example': POW,
  'summary-window-last-millisecond': POW,
  'summary-window-until-spellings': POW,
  'summary-without-accuracy-field': 'without an a field, quantiles with a = 0.01 (cells are dropped today)',
  'summary-zero-cell': 'OpenMetrics: no negative quantiles, no _count/_sum for a negative sum; ' + POW,
  'value-too-long': 'limits: maxValueBytes',
};

function text(x: Raw): string {
  return typeof x === 'string' ? x : Buffer.from(x.base64, 'base64').toString('utf8');
}

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.slice(0, -'.json'.length), JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Case] as const);

describe('conformance cases, read by this library', () => {
  it('should have at least 60 cases, and list only cases that exist', () => {
    expect(cases.length).to.be.at.least(60);
    const names = cases.map(([n]) => n);
    for (const name of Object.keys(KNOWN_DIFFERENCES)) expect(names).to.include(name);
  });

  for (const [name, c] of cases) {
    it(`should read ${name} as the format says`, function () {
      const decoded = decodeNamespace(
        c.fields.map(([f, v]) => [text(f), text(v)] as const),
        c.now,
      );
      const got = {
        text: renderText(decoded.families),
        openmetrics: renderOpenMetrics(decoded.families),
        skipped: [...new Set(decoded.skipped.map((s) => s.field))].sort(),
        limits: c.limits === undefined,
      };
      const want = {
        text: c.expected.text,
        openmetrics: c.expected.openmetrics,
        skipped: [...new Set(c.expected.skipped.map((s) => s.field))].sort(),
        limits: true, // the reader has no limits to set yet
      };
      if (c.native !== undefined) {
        const native: Record<string, Record<string, NativeBuckets | undefined>> = {};
        for (const f of decoded.families) {
          if (f.type !== 'histogram' || !(f.name in c.native)) continue;
          native[f.name] = Object.fromEntries(f.series.map((s: HistogramSeries) => [encodeLabels(s.labels), s.native]));
        }
        expect(native, 'native buckets').to.deep.equal(c.native);
      }
      const known = KNOWN_DIFFERENCES[name];
      if (known !== undefined) {
        if (JSON.stringify(got) === JSON.stringify(want)) {
          throw new Error(`${name} now conforms: remove it from KNOWN_DIFFERENCES`);
        }
        this.skip();
      }
      expect(got).to.deep.equal(want);
    });
  }
});
