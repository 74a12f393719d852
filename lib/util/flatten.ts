/**
 * Below this length the copy is made without a slice (see flatten): a
 * slice's own 32 bytes matter next to a short text, and a long text (a batch
 * of writes) is copied once instead of twice.
 */
const SLICE_FROM = 1024;

/**
 * flatten returns a copy of `text` as one contiguous string. V8 keeps a
 * string built piece by piece as a tree of its pieces, several times larger
 * than its text, and a part of a longer string as a slice that keeps the
 * whole alive; a string kept for long (a series' key, a field's sample line)
 * is flattened once, when it is made. A short text is copied by joining its
 * first character and the rest, which V8 builds as one flat string; a long
 * one as a slice of a flat copy one character longer (`(' ' + text).slice(1)`).
 */
export function flatten(text: string): string {
  if (text.length < 2) return text;
  return text.length < SLICE_FROM ? [text[0], text.slice(1)].join('') : (' ' + text).slice(1);
}
