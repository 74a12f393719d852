import { ratioOf, Results, Row, targetText, verdict } from './results';

/** fmt spells a figure with three significant digits (more for large values), or `n/a`. */
export function fmt(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return 'n/a';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function ratioText(row: Row): string {
  const r = ratioOf(row);
  return r === null ? 'n/a' : `${fmt(r)}×`;
}

/** textTable renders the rows as an aligned plain-text table for the terminal. */
export function textTable(rows: readonly Row[]): string {
  const head = ['benchmark', 'ours', 'reference', 'ref. figure', 'ratio', 'target', 'result'];
  const body = rows.map((r) => [r.title.replace(/`/g, ''), `${fmt(r.ours)} ${r.unit}`, r.referenceName.replace(/`/g, ''), r.reference === null ? '-' : `${fmt(r.reference)} ${r.unit}`, ratioText(r), targetText(r), verdict(r)]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** markdownTable renders the rows as a Markdown table followed by their notes. */
export function markdownTable(rows: readonly Row[]): string {
  const out = ['| benchmark | ours | reference (same run) | ratio | target | result |', '| --- | ---: | --- | ---: | --- | --- |'];
  for (const r of rows) {
    const ref = r.reference === null ? r.referenceName : `${r.referenceName}: ${fmt(r.reference)} ${r.unit}`;
    out.push(`| ${r.title} | ${fmt(r.ours)} ${r.unit} | ${ref} | ${ratioText(r)} | ${targetText(r)} | ${verdict(r)} |`);
  }
  const notes = rows.filter((r) => r.note !== undefined);
  if (notes.length > 0) {
    out.push('');
    for (const r of notes) out.push(`- ${r.title}: ${r.note}`);
  }
  return out.join('\n');
}

/** environmentText describes the machine of a run in one Markdown list. */
export function environmentText(results: Results): string {
  const e = results.environment;
  return [
    `- date: ${e.date}${e.quick ? ' (quick mode)' : ''}`,
    `- machine: ${e.cpu}, ${e.cores} cores, ${e.memoryGb} GB, ${e.os}`,
    `- Node.js ${e.node}, Redis ${e.redis} (local, shared with other work), ioredis ${e.ioredis}`,
    `- prom-client ${e.promClient}, mitata ${e.mitata}`,
  ].join('\n');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, '');
}

/**
 * chartSvg draws one bar per row that compares with a reference: how many
 * times better than the reference ours is (higher is better; for rows where
 * lower is better the ratio is inverted), on a log scale, with the target
 * marked.
 */
export function chartSvg(results: Results): string {
  const rows = results.rows.filter((r) => r.target !== undefined && ratioOf(r) !== null);
  const width = 900;
  const left = 330;
  const right = 30;
  const barH = 26;
  const gap = 14;
  const top = 60;
  const height = top + rows.length * (barH + gap) + 50;
  const min = 0.1;
  const max = 1000;
  const x = (v: number) => Math.round(10 * (left + ((Math.log10(Math.min(Math.max(v, min), max)) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))) * (width - left - right))) / 10;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Instrumentor vs. reference, measured side by side (higher is better, log scale)</text>`);
  parts.push(`<text x="${width / 2}" y="40" text-anchor="middle" fill="#555">${escapeXml(results.environment.date)} · ${escapeXml(results.environment.cpu)} · ${results.environment.cores} cores${results.environment.quick ? ' · quick mode' : ''}</text>`);
  for (const t of [0.1, 1, 10, 100, 1000]) {
    parts.push(`<line x1="${x(t)}" y1="${top - 6}" x2="${x(t)}" y2="${height - 40}" stroke="${t === 1 ? '#888' : '#ddd'}"/>`);
    parts.push(`<text x="${x(t)}" y="${height - 24}" text-anchor="middle" fill="#555">${t}×</text>`);
  }
  rows.forEach((r, n) => {
    const y = top + n * (barH + gap);
    const lowerIsBetter = r.target!.op === '<=';
    let ratio = ratioOf(r)!;
    let goal = r.target!.absolute !== undefined && r.reference !== null ? r.target!.absolute / r.reference : r.target!.ratio!;
    if (lowerIsBetter) {
      ratio = 1 / ratio;
      goal = 1 / goal;
    }
    const ok = verdict(r) === 'met';
    parts.push(`<text x="${left - 8}" y="${y + barH / 2 + 4}" text-anchor="end">${escapeXml(r.title.length > 52 ? r.title.slice(0, 50) + '…' : r.title)}</text>`);
    parts.push(`<rect x="${x(min)}" y="${y}" width="${Math.max(1, Math.round(10 * (x(ratio) - x(min))) / 10)}" height="${barH}" fill="${ok ? '#3a7d44' : '#c0392b'}"/>`);
    parts.push(`<text x="${x(ratio) + 4}" y="${y + barH / 2 + 4}" fill="#000">${fmt(ratio)}×</text>`);
    parts.push(`<line x1="${x(goal)}" y1="${y - 3}" x2="${x(goal)}" y2="${y + barH + 3}" stroke="#000" stroke-width="2" stroke-dasharray="4 2"/>`);
  });
  parts.push(`<text x="${left}" y="${height - 6}" fill="#555">bar: ours relative to the reference (inverted for times); dashed line: target; green: met, red: missed</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** A point of the scale chart: a namespace size and the cost per field of each side, in microseconds. */
export interface ScaleChartPoint {
  readonly fields: number;
  readonly oursUs: number;
  readonly oursFirstUs: number;
  readonly promClientUs: number;
}

/**
 * scaleChartSvg draws the cost of a scrape per field against the size of the
 * namespace (log scale): ours (repeated scrapes, and the first scrape of a
 * fresh process) and prom-client's `registry.metrics()` for the same series.
 * A flat line is a linear scrape.
 */
export function scaleChartSvg(points: readonly ScaleChartPoint[], results: Results): string {
  const width = 720;
  const height = 420;
  const left = 70;
  const right = 170;
  const top = 60;
  const bottom = 60;
  const sizes = points.map((p) => p.fields);
  const lo = Math.log10(Math.min(...sizes)) - 0.15;
  const hi = Math.log10(Math.max(...sizes)) + 0.15;
  const yMax = Math.max(1, ...points.flatMap((p) => [p.oursUs, p.oursFirstUs, p.promClientUs])) * 1.1;
  const x = (n: number) => Math.round(10 * (left + ((Math.log10(n) - lo) / (hi - lo)) * (width - left - right))) / 10;
  const y = (v: number) => Math.round(10 * (height - bottom - (v / yMax) * (height - top - bottom))) / 10;
  const series: Array<[string, string, (p: ScaleChartPoint) => number]> = [
    ['Instrumentor', '#3a7d44', (p) => p.oursUs],
    ['Instrumentor, first scrape', '#8fbf8f', (p) => p.oursFirstUs],
    ['prom-client', '#c0392b', (p) => p.promClientUs],
  ];
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Scrape cost per field against namespace size (lower is better)</text>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="40" text-anchor="middle" fill="#555">${escapeXml(results.environment.date)} · ${escapeXml(results.environment.cpu)} · ${results.environment.cores} cores${results.environment.quick ? ' · quick mode' : ''}</text>`);
  const step = Math.pow(10, Math.floor(Math.log10(yMax / 4)));
  const tick = Math.ceil(yMax / 4 / step) * step;
  for (let v = 0; v <= yMax; v += tick) {
    parts.push(`<line x1="${left}" y1="${y(v)}" x2="${width - right}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${fmt(v)}</text>`);
  }
  for (const n of sizes) {
    parts.push(`<line x1="${x(n)}" y1="${top}" x2="${x(n)}" y2="${height - bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${x(n)}" y="${height - bottom + 16}" text-anchor="middle" fill="#555">${n.toLocaleString('en-US')}</text>`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 18}" text-anchor="middle" fill="#555">fields in the namespace (series, for prom-client)</text>`);
  parts.push(`<text x="16" y="${(top + height - bottom) / 2}" text-anchor="middle" fill="#555" transform="rotate(-90 16 ${(top + height - bottom) / 2})">µs per field</text>`);
  series.forEach(([name, color, value], k) => {
    const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.fields)},${y(value(p))}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2.5"/>`);
    for (const p of points) parts.push(`<circle cx="${x(p.fields)}" cy="${y(value(p))}" r="4" fill="${color}"><title>${escapeXml(name)}: ${fmt(value(p))} µs per field at ${p.fields}</title></circle>`);
    const ly = top + 10 + k * 22;
    parts.push(`<line x1="${width - right + 14}" y1="${ly}" x2="${width - right + 34}" y2="${ly}" stroke="${color}" stroke-width="2.5"/>`);
    parts.push(`<text x="${width - right + 40}" y="${ly + 4}">${escapeXml(name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
