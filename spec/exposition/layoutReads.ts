// What the specs of the kept layouts (histogramLayout, summaryLayout) share: reading fields through a
// cache in every way a reader finishes, checked against the families assembled without one.
import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import type { FieldCache } from '../../lib/exposition/decode/FieldCache';
import { NamespaceDecoder } from '../../lib/exposition/decode/NamespaceDecoder';
import type { ReaderLimits } from '../../lib/exposition/decode/ReaderLimits';
import { renderText } from '../../lib/exposition/render/text';

export type Entries = Array<[string, string]>;

/** firstOf keeps the first of each field, as a reader does with a field given twice. */
export function firstOf(entries: Entries): Entries {
  const seen = new Map<string, string>();
  for (const [f, v] of entries) if (!seen.has(f)) seen.set(f, v);
  return [...seen];
}

/** decoderOf gives `entries` to a decoder through `cache`. */
export function decoderOf(entries: Entries, cache: FieldCache, limits?: ReaderLimits): NamespaceDecoder {
  const decoder = new NamespaceDecoder(cache, limits);
  for (const [f, v] of entries) decoder.add(f, v);
  return decoder;
}

/**
 * expectAlike reads `entries` at `nowMs` through `cache` in every way a
 * reader finishes (finishText, finish, finishRead) and checks each against
 * the families assembled without a cache: the same text, families and
 * skipped fields.
 */
export function expectAlike(entries: Entries, cache: FieldCache, what: string, nowMs = 0, limits?: ReaderLimits): void {
  const expected = decodeNamespace(firstOf(entries), nowMs, limits);
  const text = renderText(expected.families);
  expect(decoderOf(entries, cache, limits).finishText(nowMs), what).to.deep.equal({ text, skipped: expected.skipped });
  expect(decoderOf(entries, cache, limits).finish(nowMs), what).to.deep.equal(expected);
  const read = decoderOf(entries, cache, limits).finishRead(nowMs);
  expect(read.text(), what).to.equal(text);
  expect([...read.textChunks()].join(''), what).to.equal(text);
  expect({ families: read.families, skipped: read.skipped }, what).to.deep.equal(expected);
}

/** change gives `entries` with the value of `field` (which must be there) replaced. */
export function change(entries: Entries, field: string, value: string): Entries {
  expect(entries.some(([f]) => f === field), field).to.equal(true);
  return entries.map(([f, v]) => [f, f === field ? value : v] as [string, string]);
}

/** seededRandom gives a function of n: numbers from 0 to n - 1, the same sequence for the same seed. */
export function seededRandom(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
}

/** How readsOfChangingFields changes the fields between reads, besides removing, rotating and changing values. */
export interface Changes {
  /** added gives fields to add (a new series, or one more field of a series). */
  added(random: (n: number) => number): Entries;
  /** badOneIn: one changed value in this many is -1 (a value a reader refuses). */
  readonly badOneIn: number;
  /** later, when given, moves the reading time on by what it returns, in the rounds that change nothing. */
  later?(random: (n: number) => number): number;
}

/**
 * readsOfChangingFields reads `start` through `cache` 60 times, changing the
 * fields at random (seeded) between reads, and checks every read with
 * expectAlike: a cache must never show what the fields no longer say.
 */
export function readsOfChangingFields(start: Entries, cache: FieldCache, seed: number, changes: Changes): void {
  const random = seededRandom(seed);
  let entries = start;
  let nowMs = 0;
  for (let round = 0; round < 60; round++) {
    const k = random(entries.length - 1) + 1;
    const [field] = entries[k];
    switch (random(6)) {
      case 0:
        entries = entries.filter((_, i) => i !== k);
        break;
      case 1:
        entries = [...entries.slice(k), ...entries.slice(0, k)];
        break;
      case 2:
        entries = [...entries, ...changes.added(random)];
        break;
      case 3:
        entries = change(entries, field, random(changes.badOneIn) === 0 ? '-1' : String(random(9)));
        break;
      default:
        nowMs += changes.later?.(random) ?? 0;
    }
    expectAlike(entries, cache, `read ${round}`, nowMs);
  }
}
