import type { InvalidFieldError } from '../errors/InvalidFieldError';
import { ReadTimeoutError } from '../errors/ReadTimeoutError';
import type { DecodedRead } from '../exposition/decode/NamespaceDecoder';
import type { ReaderLimits } from '../exposition/decode/ReaderLimits';
import type { SkippedField } from '../exposition/decode/samples';
import { ExpositionClient } from '../exposition/ExpositionClient';
import type { MetricFamily } from '../exposition/families';
import { renderText, textChunks, WrittenLabel } from '../exposition/render/text';
import type { Store } from '../store/Store';
import type { Steps } from '../util/slices';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';

/** NamespaceReaderOptions configure a NamespaceReader. */
export interface NamespaceReaderOptions {
  /** The namespace to read. */
  namespace: string;
  /** The store to read from (shared by every reader of a server). */
  store: Store;
  /**
   * How long a finished read is reused by later scrapes, in milliseconds. With
   * 0, only scrapes that arrive while a read is in flight share it.
   * @default 0
   */
  cacheMs?: number;
  /**
   * How long a read may take, in milliseconds, before the scrapes waiting for
   * it fail with a ReadTimeoutError.
   * @default 5000
   */
  readTimeoutMs?: number;
  /** How many fields one HSCAN call asks for. @default 1000 */
  scanCount?: number;
  /**
   * A namespace of at most this many fields is read with one HGETALL instead
   * of HSCAN chunks (see ExpositionClient); 0 always reads in chunks.
   * @default 20000
   */
  wholeReadFields?: number;
  /** The limits of the reader's rules (see ExpositionClient). @default DEFAULT_READER_LIMITS */
  limits?: ReaderLimits;
  /** Called for every field skipped because it does not follow the format. */
  onInvalidField?: (error: InvalidFieldError) => void;
  /**
   * Called when a read of the store ends (not for scrapes that share a read
   * or take a cached one): how long it took, and the fields it skipped, or
   * the error it failed with.
   */
  onRead?: (read: NamespaceRead) => void;
}

/** NamespaceRead is one read of a namespace as it ended: its duration, and what it skipped or why it failed. */
export type NamespaceRead =
  | { readonly namespace: string; readonly seconds: number; readonly skipped: readonly SkippedField[] }
  | { readonly namespace: string; readonly seconds: number; readonly error: unknown };

/**
 * NamespaceReader reads one namespace for a server, at most one read at a
 * time: scrapes that arrive while a read is in flight wait for that read and
 * share its result, so that any number of concurrent scrapes costs Redis one
 * HSCAN pass per namespace. With `cacheMs`, a finished read is also reused for
 * that long.
 *
 * @example
 * const reader = new NamespaceReader({ namespace: 'shop', store: new RedisStore('redis://127.0.0.1:6379') });
 * const families = await reader.read();
 */
export class NamespaceReader {
  /** The namespace read. */
  readonly namespace: string;
  /** How many reads of the store were started. */
  reads = 0;
  /** How many `read()` calls were answered, including those that shared a read. */
  requests = 0;
  private readonly client: ExpositionClient;
  private readonly cacheMs: number;
  private readonly readTimeoutMs: number;
  private inFlight: Promise<MetricFamily[]> | undefined;
  private cached: { families: MetricFamily[]; at: number } | undefined;
  /**
   * The read each family list and each family came from, while anyone holds
   * them: an answer rendered from a read's families uses that read's kept
   * lines even when a newer read has ended meanwhile.
   */
  private readonly readOf = new WeakMap<object, DecodedRead>();
  private joined = 0;
  private readonly onRead: ((read: NamespaceRead) => void) | undefined;
  /** Whether reads hand skipped fields to onInvalidField (else only to onRead, summarised by the caller). */
  private readonly reportFields: boolean;

  constructor(options: NamespaceReaderOptions) {
    this.namespace = options.namespace;
    this.cacheMs = options.cacheMs ?? 0;
    this.onRead = options.onRead;
    this.readTimeoutMs = options.readTimeoutMs ?? 5000;
    if (!(this.cacheMs >= 0 && Number.isFinite(this.cacheMs))) {
      throw new RangeError(`cacheMs must be a number of milliseconds >= 0, got ${String(options.cacheMs)}`);
    }
    if (!(this.readTimeoutMs > 0 && this.readTimeoutMs < 2 ** 31)) {
      throw new RangeError(`readTimeoutMs must be a number of milliseconds > 0, got ${String(options.readTimeoutMs)}`);
    }
    this.client = new ExpositionClient({
      store: options.store,
      namespace: options.namespace,
      scanCount: options.scanCount,
      wholeReadFields: options.wholeReadFields,
      limits: options.limits,
      onInvalidField: options.onInvalidField,
    });
    this.reportFields = options.onInvalidField !== undefined;
  }

  /** The number of scrapes waiting for the read in flight (0 when none is). */
  get waiting(): number {
    return this.inFlight === undefined ? 0 : this.joined;
  }

  /**
   * read resolves to the families of the namespace: from the read in flight
   * if there is one, from the cache if it is fresh, or from a new read. It
   * rejects with the store's error, or a ReadTimeoutError after `readTimeoutMs`.
   */
  read(): Promise<MetricFamily[]> {
    this.requests++;
    if (this.inFlight !== undefined) {
      this.joined++;
      return this.inFlight;
    }
    if (this.cached !== undefined && Date.now() - this.cached.at < this.cacheMs) return Promise.resolve(this.cached.families);
    this.reads++;
    this.joined = 1;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const read = withTimeout(this.client.readOnce(this.reportFields), this.readTimeoutMs).then(
      (decoded) => {
        this.inFlight = undefined;
        if (decoded === TIMED_OUT) throw this.failed(new ReadTimeoutError(this.namespace, this.readTimeoutMs, 'readTimeoutMs', this.client.lastError()), seconds());
        this.readOf.set(decoded.families, decoded);
        for (const family of decoded.families) this.readOf.set(family, decoded);
        if (this.cacheMs > 0) this.cached = { families: decoded.families, at: Date.now() };
        this.tell({ namespace: this.namespace, seconds: seconds(), skipped: decoded.skipped });
        return decoded.families;
      },
      (err: unknown) => {
        this.inFlight = undefined;
        throw this.failed(err, seconds());
      },
    );
    this.inFlight = read;
    return read;
  }

  /** failed tells onRead of a read that failed with `error`, and returns the error. */
  private failed(error: unknown, seconds: number): unknown {
    this.tell({ namespace: this.namespace, seconds, error });
    return error;
  }

  /** tell hands a read to onRead; a throwing callback must not break the scrape. */
  private tell(read: NamespaceRead): void {
    try {
      this.onRead?.(read);
    } catch {
      // ignored: reporting never breaks a scrape
    }
  }

  /**
   * @internal text renders families in the Prometheus text format 0.0.4, as
   * `renderText` does. For the families of one of this reader's reads it copies
   * the sample lines it kept from the fields instead of building them; they
   * are the families as read (the server never changes them).
   */
  text(families: readonly MetricFamily[]): string {
    const read = this.readOf.get(families);
    return read !== undefined ? read.text() : renderText(families);
  }

  /** @internal textChunks is `text` in chunks of a few hundred series, to be rendered between turns of the event loop. */
  textChunks(families: readonly MetricFamily[]): Iterable<string> {
    const read = this.readOf.get(families);
    return read !== undefined ? read.textChunks() : textChunks(families);
  }

  /**
   * @internal keptLines gives the sample lines of one family copied from the
   * lines kept, when the family is a family of one of this reader's reads kept
   * as lines, with `label` (the common label of a merged family that shares
   * its series) written in each (see DecodedRead.keptLines); undefined
   * otherwise.
   */
  keptLines(family: MetricFamily, label?: WrittenLabel): Iterable<string> | undefined {
    return this.readOf.get(family)?.keptLines(family, label);
  }

  /**
   * @internal sortedLabelNames gives the label names of a family of this
   * reader's reads kept as lines whose series all have the same ones
   * (see DecodedRead.sortedLabelNames); undefined otherwise.
   */
  sortedLabelNames(family: MetricFamily): readonly string[] | undefined {
    return this.readOf.get(family)?.sortedLabelNames(family);
  }

  /**
   * @internal seriesSteps builds, in steps, the series that families of this
   * reader's reads kept as lines have not built yet (see
   * DecodedRead.seriesSteps): what a caller runs between turns of the event
   * loop before it reads the series of many families.
   */
  *seriesSteps(families: readonly MetricFamily[]): Steps<void> {
    for (const family of families) {
      const read = this.readOf.get(family);
      if (read !== undefined) yield* read.seriesSteps([family]);
    }
  }
}
