// @ts-nocheck
import { DecodedNamespace, NamespaceDecoder } from './NamespaceDecoder';
import type { ReaderLimits } from './ReaderLimits';

/**
 * decodeNamespace turns the fields of a namespace hash into metric families,
 * sorted by name, their series sorted by labels, by the reader's rules of
 * docs/format.md: a field that breaks them is skipped and listed in
 * `skipped` with its reason code; the rest is decoded as usual. A field
 * given twice is read once (the first). `nowMs` is the Unix time in
 * milliseconds that decides which windowed summary cells have expired; pass
 * it to decode the same entries the same way. `limits` bound the work
 * whatever the fields hold (the defaults of docs/format.md when left out);
 * it throws a RangeError naming a limit that is not a whole number >= 1.
 * Pure.
 *
 * @example
 * const { families, skipped } = decodeNamespace(Object.entries(await redis.hgetall(namespaceKey('shop'))));
 */
export function decodeNamespace(
  entries: Iterable<readonly [string, string]>,
  nowMs: number = Date.now(),
  limits?: ReaderLimits,
): DecodedNamespace {
  const decoder = new NamespaceDecoder(undefined, limits);
  for (const [field, text] of entries) decoder.add(field, text);
  return decoder.finish(nowMs);
}
