import { DecodedNamespace, NamespaceDecoder } from './NamespaceDecoder';

/**
 * decodeNamespace turns the fields of a namespace hash into metric families,
 * sorted by name, their series sorted by labels. A field that does not follow
 * the format, has a value that is not a number, or does not fit its family's
 * type is skipped and listed in `skipped`; the rest is decoded as usual.
 * `nowMs` is the Unix time in milliseconds that decides which windowed summary
 * cells have expired; pass it to decode the same entries the same way. Pure.
 *
 * @example
 * const { families, skipped } = decodeNamespace(Object.entries(await redis.hgetall(namespaceKey('shop'))));
 */
export function decodeNamespace(entries: Iterable<readonly [string, string]>, nowMs: number = Date.now()): DecodedNamespace {
  const decoder = new NamespaceDecoder();
  for (const [field, text] of entries) decoder.add(field, text);
  return decoder.finish(nowMs);
}
