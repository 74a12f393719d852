/**
 * Work done in slices: a generator that yields (nothing) wherever the work may
 * pause, and returns its result. The same steps run to the end at once
 * (`runSteps`) or give the event loop a turn whenever a slice has taken its
 * time (`runInSlices`), so that a large scrape does not block the process.
 */
export type Steps<T> = Generator<void, T, undefined>;

/**
 * How long a slice of work runs before the event loop gets a turn, in
 * milliseconds: short enough that a slice, a scavenge and the I/O of one
 * turn stay within 20 ms; a turn between slices costs far less than a slice.
 */
export const SLICE_MS = 4;

/** How many items (series, lines) work does between two pauses: a pause costs one clock read. */
export const ITEMS_PER_STEP = 256;

/** runSteps runs the steps to their end at once and returns their result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * runInSlices runs the steps, giving the event loop a turn (setImmediate)
 * whenever a slice has taken `sliceMs` milliseconds, and resolves to their
 * result; it rejects with what the steps throw.
 */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  let start = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    if (performance.now() - start >= sliceMs) {
      await nextTurn();
      start = performance.now();
    }
  }
}

/**
 * collectInSlices gathers the chunks of text a generator yields, encoded in
 * UTF-8 (outside the JavaScript heap, which the garbage collector then need
 * not copy), giving the event loop a turn whenever a slice has taken
 * `sliceMs` milliseconds, and resolves to them with their length in bytes.
 */
export async function collectInSlices(chunks: Iterable<string>, sliceMs = SLICE_MS): Promise<{ chunks: Buffer[]; bytes: number }> {
  const out: Buffer[] = [];
  let bytes = 0;
  let start = performance.now();
  for (const chunk of chunks) {
    const encoded = Buffer.from(chunk, 'utf8');
    out.push(encoded);
    bytes += encoded.length;
    if (performance.now() - start >= sliceMs) {
      await nextTurn();
      start = performance.now();
    }
  }
  return { chunks: out, bytes };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
