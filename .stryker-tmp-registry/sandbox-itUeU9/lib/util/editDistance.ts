/**
 * editDistance is the number of single-character insertions, deletions,
 * substitutions and swaps of two neighbours that turn `a` into `b` (optimal
 * string alignment), compared without regard to letter case. Made for short
 * names: O(length of a × length of b) time, two rows of memory.
 *
 * @example
 * editDistance('flushIntervalMS', 'flushIntervalMs'); // 0 (case is ignored)
 * editDistance('namesapce', 'namespace'); // 1
 */
// @ts-nocheck

export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let before = new Array<number>(t.length + 1).fill(0);
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = new Array<number>(t.length + 1);
    current[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
    }
    before = previous;
    previous = current;
  }
  return previous[t.length];
}
