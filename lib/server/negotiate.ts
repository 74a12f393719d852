/** The exposition formats a server can answer with. */
export type ExpositionFormat = 'text' | 'openmetrics' | 'protobuf';

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
  index: number;
}

/** parseList splits an Accept or Accept-Encoding header into media ranges with their `q` weights. */
function parseList(header: string): MediaRange[] {
  const out: MediaRange[] = [];
  header.split(',').forEach((part, index) => {
    const [head, ...rest] = part.split(';');
    const type = head.trim().toLowerCase();
    if (type === '') return;
    const params = new Map<string, string>();
    let q = 1;
    for (const r of rest) {
      const eq = r.indexOf('=');
      if (eq < 0) continue;
      const key = r.slice(0, eq).trim().toLowerCase();
      const value = r.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
      if (key === 'q') {
        const n = Number(value);
        q = Number.isFinite(n) ? Math.min(Math.max(n, 0), 1) : 0;
      } else {
        params.set(key, value);
      }
    }
    out.push({ type, params, q, index });
  });
  return out;
}

/** The values of the `format` query parameter a server understands; any other is answered with 406. */
export const FORMAT_PARAMETERS: readonly string[] = ['text', 'openmetrics', 'protobuf'];

/**
 * negotiateFormat picks the exposition format for an Accept header:
 * OpenMetrics 1.0.0 when `application/openmetrics-text` (without a version,
 * or version 1.0.0) has the highest weight, the Prometheus text format 0.0.4
 * the protobuf format when `application/vnd.google.protobuf` with
 * `proto=io.prometheus.client.MetricFamily` and `encoding=delimited` has it
 * (Prometheus asks for it when it scrapes native histograms), the Prometheus
 * text format 0.0.4 otherwise, including when the header is missing or names
 * nothing we serve (every Prometheus version reads the text format). Equal
 * weights go to the range listed first. A `format` query parameter (`text`,
 * `openmetrics` or `protobuf`), when given, overrides the header.
 *
 * @example
 * negotiateFormat('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5'); // 'openmetrics'
 */
export function negotiateFormat(accept: string | undefined, override?: string | null): ExpositionFormat {
  if (override === 'text' || override === 'openmetrics' || override === 'protobuf') return override;
  if (accept === undefined || accept === '') return 'text';
  let best: { format: ExpositionFormat; q: number; index: number } | undefined;
  for (const r of parseList(accept)) {
    if (r.q <= 0) continue;
    let format: ExpositionFormat | undefined;
    if (r.type === 'application/openmetrics-text') {
      const v = r.params.get('version');
      if (v === undefined || v === '1.0.0') format = 'openmetrics';
    } else if (r.type === 'application/vnd.google.protobuf') {
      if (r.params.get('proto') === 'io.prometheus.client.MetricFamily' && r.params.get('encoding') === 'delimited') format = 'protobuf';
    } else if (r.type === 'text/plain') {
      const v = r.params.get('version');
      if (v === undefined || v === '0.0.4') format = 'text';
    } else if (r.type === '*/*' || r.type === 'text/*') {
      format = 'text';
    }
    if (format !== undefined && (best === undefined || r.q > best.q)) best = { format, q: r.q, index: r.index };
  }
  return best?.format ?? 'text';
}

/**
 * acceptsGzip tells whether an Accept-Encoding header accepts gzip: `gzip`
 * or `*` with a weight above 0, and gzip not refused with `q=0`.
 */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined || acceptEncoding === '') return false;
  let star = false;
  for (const r of parseList(acceptEncoding)) {
    if (r.type === 'gzip' || r.type === 'x-gzip') return r.q > 0;
    if (r.type === '*') star = r.q > 0;
  }
  return star;
}
