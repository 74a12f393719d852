import { FieldEntry, KnownNames } from './FieldEntry';
import type { HistogramLayout } from './HistogramLayout';
import type { SummaryLayout } from './SummaryLayout';

/**
 * The longest field a FieldCache remembers, in UTF-16 code units: honest
 * fields are far shorter, and longer ones (up to the reader's maxFieldBytes)
 * are split again on each read, so that what the cache keeps between reads
 * stays within `limit` times this.
 */
const MAX_REMEMBERED_LENGTH = 1024;

/** @internal CacheRead is one read of a namespace through a FieldCache. */
export interface CacheRead {
  /** The read's number: fields it gave are marked with it. */
  readonly id: number;
  /** How many remembered fields the read gave. */
  seen: number;
  /** Fields the read gave that are not remembered (beyond the limit), to tell when one comes twice. */
  readonly overflow: Set<string>;
  /** The remembered fields the read gave, in the order given. */
  readonly given: FieldEntry[];
}

/**
 * @internal A Layout is the canonical value fields of a family in the order
 * one read gave them, their sorted order, and the label names every one of
 * them has, in name order, when they all have the same (see uniformLabelNames).
 */
export interface Layout {
  readonly entries: readonly FieldEntry[];
  readonly order: readonly number[];
  readonly labelNames: readonly string[] | undefined;
}

/**
 * @internal FieldCache remembers how fields were split into name, extension
 * and labels, from one read of a namespace to the next: a namespace is read
 * again and again and its fields rarely change, only their values. Splitting
 * depends on nothing but the field, so a remembered split is always right;
 * the decoded labels are shared by the families of every read, which are
 * read-only. It holds at most `limit` fields of at most 1,024 characters,
 * and forgets fields that a read no longer saw. Reads may overlap: each marks the fields it gave with its
 * own number. It also remembers, per family, the order in which the last
 * read gave its value fields and how they sort, so that a read that gives
 * them in the same order (HSCAN does, while the hash is unchanged) need not
 * sort them again; for a histogram or summary family, its HistogramLayout or
 * SummaryLayout, with the lines of each series.
 */
export class FieldCache {
  /** Label names seen, shared by every field. */
  readonly labelNames: string[] = [];
  private readonly entries = new Map<string, FieldEntry>();
  private readonly layouts = new Map<string, Layout | HistogramLayout | SummaryLayout>();
  /** The remembered fields the last read to end gave, in the order given: what the next read most likely gives. */
  private sequence: readonly FieldEntry[] = [];
  private reads = 0;

  /**
   * @param limit The most fields remembered. A field beyond it is split again
   *   on every read, which costs about twice as much as a remembered one, so
   *   the default is far above the namespaces readers see: what the cache
   *   keeps is never more than what the last read gave (the fields it did
   *   not give are forgotten), about 600 bytes per field of a counter.
   */
  constructor(readonly limit = 2_000_000) {}

  /** begin starts a read of the namespace. */
  begin(): CacheRead {
    return { id: ++this.reads, seen: 0, overflow: new Set(), given: [] };
  }

  /**
   * entry returns the entry of `field`, remembered or made now, or undefined
   * when the read gave the field before (HSCAN may return a field twice; the
   * first is kept). Metric names in `checkedNames` are taken as valid, and
   * a new entry shares the name string found there (see FieldEntry.of).
   */
  entry(field: string, checkedNames: KnownNames, read: CacheRead): FieldEntry | undefined {
    // Comparing with the field the last read gave at this point is cheaper than looking the field up.
    const guess = this.sequence[read.given.length];
    const entry = guess !== undefined && guess.field === field ? guess : this.entries.get(field);
    if (entry !== undefined) {
      if (entry.read === read.id) return undefined;
      entry.read = read.id;
      read.seen++;
      read.given.push(entry);
      return entry;
    }
    const remembered = this.entries.size < this.limit && field.length <= MAX_REMEMBERED_LENGTH;
    if (!remembered) {
      const before = read.overflow.size;
      if (read.overflow.add(field).size === before) return undefined;
    }
    const made = FieldEntry.of(field, this.labelNames, checkedNames);
    if (remembered) {
      made.read = read.id;
      this.entries.set(field, made);
      read.seen++;
      read.given.push(made);
    }
    return made;
  }

  /** end finishes a read: fields it did not give are forgotten (unless a later read has given them since). */
  end(read: CacheRead): void {
    read.overflow.clear();
    this.sequence = read.given;
    if (this.entries.size <= read.seen) return;
    for (const [field, entry] of this.entries) if (entry.read < read.id) this.entries.delete(field);
  }

  /** layout returns the layout of a family remembered from an earlier read. */
  layout(name: string): Layout | HistogramLayout | SummaryLayout | undefined {
    return this.layouts.get(name);
  }

  /** setLayout remembers the layout of a family. */
  setLayout(name: string, layout: Layout | HistogramLayout | SummaryLayout): void {
    this.layouts.set(name, layout);
  }

  /** keepLayouts forgets the layouts of families that are not in `families`. */
  keepLayouts(families: ReadonlyMap<string, unknown>): void {
    if (this.layouts.size <= families.size) return;
    for (const name of this.layouts.keys()) if (!families.has(name)) this.layouts.delete(name);
  }
}
