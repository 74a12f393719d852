// @ts-nocheck
import type { SkipReason } from '../exposition/decode/skipReasons';
import type { MetricFamily } from '../exposition/families';
import { byCodePoint } from '../util/byCodePoint';

/** What the server knows of one namespace from its last read. */
interface NamespaceState {
  up: number;
  readSeconds: number;
  readonly skipped: Map<SkipReason, number>;
}

/**
 * ServerSelfMetrics are the metrics a server reports about its own reads,
 * rendered with the namespaces on the path that serves them all:
 *
 * - `instrumentor_namespace_up{namespace}`: 1 when the last read of the
 *   namespace succeeded, 0 when it failed (the namespace is then left out);
 * - `instrumentor_namespace_read_seconds{namespace}`: how long the last read
 *   of the namespace took, in seconds;
 * - `instrumentor_skipped_fields_total{namespace,reason}`: the fields the
 *   reads of the namespace skipped, by reason code, each read adding those it
 *   skipped (reads shared by concurrent scrapes count once).
 *
 * A namespace appears once it has been read.
 */
export class ServerSelfMetrics {
  private readonly states = new Map<string, NamespaceState>();

  /** @param namespaces The namespaces served, in the order their series are listed. */
  constructor(namespaces: readonly string[]) {
    for (const n of [...namespaces].sort(byCodePoint)) this.states.set(n, { up: NaN, readSeconds: NaN, skipped: new Map() });
  }

  /** readDone records a read of `namespace` that succeeded in `seconds` and skipped `skipped`. */
  readDone(namespace: string, seconds: number, skipped: ReadonlyArray<{ readonly reason: SkipReason }>): void {
    const s = this.states.get(namespace);
    if (s === undefined) return;
    s.up = 1;
    s.readSeconds = seconds;
    for (const f of skipped) s.skipped.set(f.reason, (s.skipped.get(f.reason) ?? 0) + 1);
  }

  /** readFailed records a read of `namespace` that failed after `seconds`. */
  readFailed(namespace: string, seconds: number): void {
    const s = this.states.get(namespace);
    if (s === undefined) return;
    s.up = 0;
    s.readSeconds = seconds;
  }

  /** families returns the self-metrics as families, sorted by name; namespaces not read yet are left out. */
  families(): MetricFamily[] {
    const up: Array<{ labels: Array<[string, string]>; value: number }> = [];
    const seconds: typeof up = [];
    const skipped: typeof up = [];
    for (const [namespace, s] of this.states) {
      if (Number.isNaN(s.up)) continue;
      up.push({ labels: [['namespace', namespace]], value: s.up });
      seconds.push({ labels: [['namespace', namespace]], value: s.readSeconds });
      for (const reason of [...s.skipped.keys()].sort()) {
        skipped.push({ labels: [['namespace', namespace], ['reason', reason]], value: s.skipped.get(reason)! });
      }
    }
    if (up.length === 0) return [];
    return [
      { name: 'instrumentor_namespace_read_seconds', help: 'How long the last read of the namespace took, in seconds.', type: 'gauge', series: seconds },
      { name: 'instrumentor_namespace_up', help: 'Whether the last read of the namespace succeeded (1) or failed (0).', type: 'gauge', series: up },
      {
        name: 'instrumentor_skipped_fields_total',
        help: "Fields of the namespace that reads skipped because they break the format's rules, by reason.",
        type: 'counter',
        series: skipped,
      },
    ];
  }
}
