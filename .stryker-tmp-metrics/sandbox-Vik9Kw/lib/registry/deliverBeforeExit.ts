/** What the exit delivery needs of a registry. */
// @ts-nocheck

export interface Deliverable {
  status(): { readonly bufferedSeries: number; readonly pendingBatches: number };
  flush(): Promise<boolean>;
}

/** The registries not closed yet: on `beforeExit`, the ones with pending updates are flushed. */
const open = new Set<Deliverable>();
/** Registries whose flush at exit failed: not tried again, or the process would never end. */
const gaveUp = new WeakSet<Deliverable>();
let listening = false;

/**
 * deliverBeforeExit makes `registry` deliver its pending updates when the
 * event loop runs empty (`beforeExit`: the script's work is done and nothing
 * else keeps the process alive), once; a registry whose flush then fails is
 * left alone, so that the process ends. One listener serves every registry.
 * `forget` undoes it (on close). Signals are not handled here: see
 * `flushOnExit`.
 */
export function deliverBeforeExit(registry: Deliverable): void {
  open.add(registry);
  if (!listening) {
    listening = true;
    process.on('beforeExit', onBeforeExit);
  }
}

/** forget stops delivering `registry` at exit (it was closed). */
export function forget(registry: Deliverable): void {
  open.delete(registry);
  if (open.size === 0 && listening) {
    listening = false;
    process.off('beforeExit', onBeforeExit);
  }
}

function onBeforeExit(): void {
  for (const registry of open) {
    if (gaveUp.has(registry)) continue;
    const s = registry.status();
    if (s.bufferedSeries === 0 && s.pendingBatches === 0) continue;
    void registry.flush().then((ok) => {
      if (!ok) gaveUp.add(registry);
    });
  }
}
