/**
 * flatten returns a copy of `text` as one contiguous string. V8 keeps a
 * string built piece by piece as a tree of its pieces, several times larger
 * than its text, and a part of a longer string as a slice that keeps the
 * whole alive; a string kept for long (a series' key, a field's sample line)
 * is flattened once, when it is made.
 */
export function flatten(text: string): string {
  return text.length < 2 ? text : [text[0], text.slice(1)].join('');
}
