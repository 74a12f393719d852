import { Counter } from '../metrics/Counter';
import { Gauge } from '../metrics/Gauge';
import { Histogram } from '../metrics/Histogram';
import type { BatchBuilder } from '../codec/BatchBuilder';

/** Why an update was dropped, as the `reason` label of `instrumentor_dropped_updates_total`. */
export type DropReason = 'buffer_limit' | 'cardinality_limit' | 'not_a_number' | 'field_too_long';

/**
 * SelfMetrics are the metrics a registry keeps about itself and writes into
 * its own namespace when `selfMetrics` is on. They carry no writer label: every
 * process of the namespace adds to the same series.
 *
 * - `instrumentor_flush_duration_seconds` (histogram): how long each write to
 *   Redis took, successful or not, in seconds;
 * - `instrumentor_flush_errors_total` (counter): writes Redis did not fully
 *   acknowledge;
 * - `instrumentor_dropped_updates_total{reason}` (counter): updates dropped,
 *   by reason: `buffer_limit`, `cardinality_limit`, `not_a_number`,
 *   `field_too_long`;
 * - `instrumentor_buffered_series` (gauge): the series that were waiting for
 *   Redis when each process last flushed, summed over the processes; a process
 *   that closes takes its part back out.
 */
export class SelfMetrics {
  readonly flushDuration = new Histogram({
    name: 'instrumentor_flush_duration_seconds',
    description: 'Time taken by each write of a flush to Redis, in seconds',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  readonly flushErrors = new Counter({
    name: 'instrumentor_flush_errors_total',
    description: 'Writes of a flush that Redis did not fully acknowledge (they are retried)',
  });
  readonly droppedUpdates = new Counter({
    name: 'instrumentor_dropped_updates_total',
    description: 'Updates dropped instead of written, by reason',
    allowedLabels: ['reason'],
  });
  readonly bufferedSeries = new Gauge({
    name: 'instrumentor_buffered_series',
    description: 'Series waiting for Redis at the last flush of each process, summed over processes',
  });

  constructor() {
    // held and drained by the registry itself, never registered: recording into them is no mistake
    for (const m of [this.flushDuration, this.flushErrors, this.droppedUpdates, this.bufferedSeries]) m._unregisteredWarned = true;
  }

  /** byName returns the self-metric with this name, if any. */
  byName(name: string): Histogram | Counter<any> | Gauge | undefined {
    return [this.flushDuration, this.flushErrors, this.droppedUpdates, this.bufferedSeries].find((m) => m.name === name);
  }

  private described = false;
  private reported = 0;

  /** redescribe writes the self-metrics' descriptions and types again with the next drain. */
  redescribe(): void {
    this.described = false;
  }

  /** drain moves the pending self-metric updates into `writes`; `buffered` is this process's current share of the gauge. */
  drain(writes: BatchBuilder, buffered: number): void {
    const all = [this.flushDuration, this.flushErrors, this.droppedUpdates, this.bufferedSeries];
    if (!this.described) {
      for (const m of all) {
        m._describe(writes);
        m._initialize();
      }
      this.described = true;
    }
    if (buffered !== this.reported) {
      this.bufferedSeries.inc(buffered - this.reported);
      this.reported = buffered;
    }
    for (const m of all) if (m._dirty.length > 0) m._drain(writes);
  }
}
