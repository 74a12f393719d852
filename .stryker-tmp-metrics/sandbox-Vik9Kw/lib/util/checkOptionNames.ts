// @ts-nocheck
import { editDistance } from './editDistance';

/**
 * optionNames lists the option names of an options type. The argument must
 * name every option of `T` (TypeScript checks it), so that an option added to
 * the type and forgotten here fails to compile instead of being refused.
 *
 * @example
 * const NAMES = optionNames<{ a?: number; b: string }>({ a: true, b: true }); // ['a', 'b']
 */
export function optionNames<T>(names: Record<keyof Required<T>, true>): readonly string[] {
  return Object.freeze(Object.keys(names));
}

/**
 * checkOptionNames throws a TypeError naming `owner` and the first option of
 * `options` that is not in `known`, with the closest known name when one is
 * near (at most a third of its letters differ, or only in letter case):
 * `CollectorRegistry: unknown option "flushIntervalMS" (did you mean "flushIntervalMs"?)`.
 * Options whose value is undefined are checked too: a misspelt name is a
 * mistake whatever its value.
 */
export function checkOptionNames(owner: string, options: object, known: readonly string[]): void {
  for (const name of Object.keys(options)) {
    if (known.includes(name)) continue;
    const near = closest(name, known);
    throw new TypeError(`${owner}: unknown option ${JSON.stringify(name)}${near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`}`);
  }
}

/** closest returns the known name nearest to `name`, when it is near enough to be a likely misspelling. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}
