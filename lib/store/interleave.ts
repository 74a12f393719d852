/**
 * interleave reads several async sources at once and yields their items as
 * they arrive, each source's in its own order: every source has one read in
 * flight while the consumer handles an item. The first source that fails
 * fails the whole; the others are then closed.
 */
export async function* interleave<T>(sources: ReadonlyArray<AsyncIterable<T>>): AsyncGenerator<T> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  type Step = { index: number; result: IteratorResult<T> };
  const pending = new Map<number, Promise<Step>>();
  const read = (index: number) => {
    const step = iterators[index].next().then((result) => ({ index, result }));
    step.catch(() => undefined); // a read still in flight when another fails is not an unhandled rejection
    pending.set(index, step);
  };
  iterators.forEach((_, i) => read(i));
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done === true) {
        pending.delete(index);
        continue;
      }
      read(index);
      yield result.value;
    }
  } finally {
    for (const index of pending.keys()) iterators[index].return?.()?.catch(() => undefined);
  }
}
