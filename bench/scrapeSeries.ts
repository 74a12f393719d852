/**
 * The series of the scrape-at-scale benchmark, laid out alike for both sides:
 * ten families, series `n` in family `n % 10` with the labels of
 * seriesLabels(n / 10).
 */

/** The finite bucket bounds of the benchmark's histograms: eleven, as prom-client's defaults. */
export const HISTOGRAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The families the series are spread over. */
export const SCALE_FAMILIES = 10;

/** seriesOf names the family of series `n` of a namespace of `kind` metrics. */
export function seriesOf(kind: string, n: number): { family: number; name: string } {
  const family = n % SCALE_FAMILIES;
  return { family, name: kind === 'counter' ? `bench_scale_requests_${family}_total` : `bench_scale_${kind}_${family}_seconds` };
}

/** seriesLabels returns the label set of series `n`: distinct for every n. */
export function seriesLabels(n: number): { method: string; route: string; status: string } {
  const m = Math.floor(n / SCALE_FAMILIES);
  return { method: ['GET', 'POST', 'PUT', 'DELETE'][m & 3], route: `/api/v1/items/${m >> 2}`, status: String(200 + (m % 7)) };
}
