/**
 * A target: our figure divided by the reference figure must be at least (or
 * at most) `ratio`, or, when `absolute` is given, our figure itself must be.
 */
// @ts-nocheck

export interface Target {
  readonly op: '>=' | '<=';
  readonly ratio?: number;
  readonly absolute?: number;
}

/** Row is one line of the results table: our figure, the reference figure and their ratio. */
export interface Row {
  /** A stable identifier, used in results.json. */
  readonly id: string;
  /** What is measured, as shown in the table. */
  readonly title: string;
  /** The unit of both figures, for example `M ops/s` or `ms`. */
  readonly unit: string;
  /** Our figure, or null when it could not be measured. */
  readonly ours: number | null;
  /** What the reference figure is. */
  readonly referenceName: string;
  /** The reference figure, measured in the same run, or null when there is none. */
  readonly reference: number | null;
  /** The target, when the row has one. */
  readonly target?: Target;
  /** Free text shown under the table. */
  readonly note?: string;
}

/** ratioOf returns ours / reference, or null when either is missing. */
export function ratioOf(row: Row): number | null {
  if (row.ours === null || row.reference === null || row.reference === 0) return null;
  return row.ours / row.reference;
}

/** verdict says whether a row meets its target: `met`, `missed`, `n/a`, or `-` when it has none. */
export function verdict(row: Row): string {
  if (row.target === undefined) return '-';
  const r = row.target.absolute !== undefined ? row.ours : ratioOf(row);
  const bound = row.target.absolute ?? row.target.ratio;
  if (r === null || bound === undefined) return 'n/a';
  const ok = row.target.op === '>=' ? r >= bound : r <= bound;
  return ok ? 'met' : 'missed';
}

/** targetText spells a target for the table: `≥ 2×`, `≤ 1.0×`, `≥ 0.9 M fields/s`. */
export function targetText(row: Row): string {
  const t = row.target;
  if (t === undefined) return '-';
  const sign = t.op === '>=' ? '≥' : '≤';
  if (t.absolute !== undefined) return `${sign} ${t.absolute} ${row.unit}`;
  return `${sign} ${t.ratio}×`;
}

/** Environment describes the machine and software a run measured. */
export interface Environment {
  readonly date: string;
  readonly quick: boolean;
  readonly node: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly redis: string;
  readonly promClient: string;
  readonly mitata: string;
  readonly ioredis: string;
}

/** Results is what results.json holds. */
export interface Results {
  readonly environment: Environment;
  readonly rows: Row[];
  /** Detailed figures of each section, for the record. */
  readonly details: Record<string, unknown>;
}
