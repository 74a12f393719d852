import { checkNamespace } from '../codec/field';
import { InvalidFieldError } from '../errors/InvalidFieldError';
import { ReadTimeoutError } from '../errors/ReadTimeoutError';
import { RedisUnavailableError } from '../errors/RedisUnavailableError';
import { RedisStore } from '../store/RedisStore';
import { resolveStore, StoreOptions } from '../store/resolveStore';
import { checkOptionNames, optionNames } from '../util/checkOptionNames';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';
import type { Store } from '../store/Store';
import { FieldCache } from './decode/FieldCache';
import { ReaderLimits, resolveReaderLimits } from './decode/ReaderLimits';
import { DecodedNamespace, DecodedRead, NamespaceDecoder } from './decode/NamespaceDecoder';
import { processFields } from './decode/processFields';
import type { SkippedField } from './decode/samples';
import { runInSlices } from '../util/slices';

/** ExpositionClientOptions configure an ExpositionClient. */
export interface ExpositionClientOptions extends StoreOptions {
  /** The namespace to read. */
  namespace: string;
  /**
   * How many fields one HSCAN call asks for; a namespace of more than
   * `wholeReadFields` fields is read in chunks of about this size, so that no
   * single Redis command runs long.
   * @default 1000
   */
  scanCount?: number;
  /**
   * A namespace of at most this many fields is read with one HGETALL (after
   * an HLEN) instead of HSCAN chunks: one round trip instead of many, and
   * Redis writes the reply faster, about 0.35 µs per field on a small
   * server, so 20,000 fields hold Redis for about 7 ms. 0 reads every
   * namespace in chunks.
   * @default 20000
   */
  wholeReadFields?: number;
  /**
   * The limits of the reader's rules, which bound the work of a read
   * whatever the namespace holds (docs/format.md, "Limits"); each left out
   * takes its default. Throws a RangeError naming a limit that is not a
   * whole number >= 1.
   * @default DEFAULT_READER_LIMITS
   */
  limits?: ReaderLimits;
  /**
   * The longest a read (`collect`, `expose`, `readFields`) may take, in
   * milliseconds, before it rejects with a ReadTimeoutError. A connection
   * made from a URL or options is made for reading: it sends nothing while
   * Redis is down, so a read then fails at once with a RedisUnavailableError
   * instead of waiting.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * Called for every field skipped because it does not follow the format.
   * Without it, the fields a scrape skipped become one process warning,
   * counted by reason code, at most once a minute per reason.
   */
  onInvalidField?: (error: InvalidFieldError) => void;
}

/** The names of ExpositionClientOptions: any other option is refused. */
const CLIENT_OPTIONS = optionNames<ExpositionClientOptions>({
  namespace: true,
  redis: true,
  store: true,
  scanCount: true,
  wholeReadFields: true,
  timeoutMs: true,
  limits: true,
  onInvalidField: true,
});

/**
 * ExpositionClient reads a namespace from Redis and renders it for
 * Prometheus. It only reads: any process can expose the metrics that every
 * process recorded. A read rejects with a RedisUnavailableError (at once
 * while the connection is known to be down; `cause` is the underlying
 * error) or a ReadTimeoutError after `timeoutMs`, never with an error of the
 * Redis client. To serve `/metrics` from an application, prefer the metrics
 * route of its framework integration (`metricsRoute`), which answers 503
 * when Redis is down.
 *
 * @example
 * const client = new ExpositionClient({ redis: 'redis://127.0.0.1:6379', namespace: 'shop' });
 * const text = await client.expose();
 */
export class ExpositionClient {
  /** The namespace read. */
  readonly namespace: string;
  /** @internal The Store read: the `store` given, or a RedisStore made from `redis`. */
  readonly backend: Store;
  private readonly scanCount: number;
  private readonly wholeReadFields: number;
  private readonly onInvalidField: ((error: InvalidFieldError) => void) | undefined;
  private readonly limits: Required<ReaderLimits>;
  private readonly timeoutMs: number;
  /** How the fields of earlier reads were split; a scrape then only parses values and fields that are new. */
  private readonly fieldCache = new FieldCache();
  /** When the default warning last named each reason code. */
  private readonly warned = new Map<string, number>();

  constructor(options: ExpositionClientOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('ExpositionClient needs an options object');
    checkOptionNames('ExpositionClient', options, CLIENT_OPTIONS);
    checkNamespace(options.namespace);
    this.namespace = options.namespace;
    this.scanCount = options.scanCount ?? 1000;
    if (!Number.isInteger(this.scanCount) || this.scanCount < 1) {
      throw new RangeError(`scanCount must be a whole number >= 1, got ${String(options.scanCount)}`);
    }
    this.wholeReadFields = options.wholeReadFields ?? 20_000;
    if (!Number.isInteger(this.wholeReadFields) || this.wholeReadFields < 0) {
      throw new RangeError(`wholeReadFields must be a whole number >= 0, got ${String(options.wholeReadFields)}`);
    }
    this.timeoutMs = options.timeoutMs ?? 5000;
    if (typeof this.timeoutMs !== 'number' || !(this.timeoutMs > 0 && this.timeoutMs < 2 ** 31)) {
      throw new RangeError(`timeoutMs must be a number of milliseconds > 0, got ${String(options.timeoutMs)}`);
    }
    this.onInvalidField = options.onInvalidField;
    this.limits = resolveReaderLimits(options.limits);
    this.backend = resolveStore(options, 'reader', this.timeoutMs);
  }

  /**
   * @internal lastError is the last error of the store's connection since it
   * was last ready (see Store.lastError): the cause of a read that timed out.
   */
  lastError(): Error | undefined {
    try {
      return this.backend.lastError?.();
    } catch {
      return undefined;
    }
  }

  /** readFields reads every field of the namespace hash: with HSCAN, in chunks, or at once when the namespace is small. */
  readFields(): Promise<Map<string, string>> {
    return this.guarded(async () => {
      const fields = new Map<string, string>();
      for await (const chunk of this.backend.scan(this.namespace, this.scanCount, this.wholeReadFields)) {
        for (const [field, value] of chunk) fields.set(field, value);
      }
      return fields;
    });
  }

  /**
   * collect reads and decodes the namespace, and reports every skipped field.
   * Each chunk is decoded while Redis produces the next one.
   */
  collect(): Promise<DecodedNamespace> {
    return this.guarded(() => this.decoded((decoder, nowMs) => decoder.finish(nowMs)));
  }

  /**
   * @internal readOnce reads and decodes the namespace, reports every skipped
   * field (unless `report` is false: the caller reports them from the
   * result), and resolves to the families with their text (rendered from the
   * sample lines the reader kept, when asked): what a server needs to merge
   * the families and to serve them as they are.
   */
  readOnce(report = true): Promise<DecodedRead> {
    return this.decoded((decoder, nowMs) => runInSlices(decoder.finishReadSteps(nowMs)), report);
  }

  /** expose resolves to the namespace in the Prometheus text format 0.0.4. */
  async expose(): Promise<string> {
    return (await this.guarded(() => this.decoded((decoder, nowMs) => decoder.finishText(nowMs)))).text;
  }

  /**
   * guarded runs a read: it fails at once while the connection is known to be
   * down, gives up after `timeoutMs`, and turns the client's errors into a
   * RedisUnavailableError whose cause they are.
   */
  private async guarded<T>(read: () => Promise<T>): Promise<T> {
    const result = withTimeout(
      (async () => {
        await this.backend.ready?.(this.timeoutMs);
        return read();
      })(),
      this.timeoutMs,
    );
    let answer: T | typeof TIMED_OUT;
    try {
      answer = await result;
    } catch (err) {
      if (err instanceof RedisUnavailableError) throw err;
      const status = this.backend instanceof RedisStore ? (this.backend.redis.status as string) : 'unknown';
      const address = this.backend instanceof RedisStore ? this.backend.address() : undefined;
      throw new RedisUnavailableError(status, err instanceof Error ? err : new Error(String(err)), address);
    }
    if (answer === TIMED_OUT) throw new ReadTimeoutError(this.namespace, this.timeoutMs, 'timeoutMs', this.lastError());
    return answer;
  }

  /** decoded reads the namespace, finishes the decoder as `finish` says, and reports the fields skipped. */
  private async decoded<T extends { readonly skipped: SkippedField[] }>(
    finish: (decoder: NamespaceDecoder, nowMs: number) => T | Promise<T>,
    report = true,
  ): Promise<T> {
    const skipped: SkippedField[] = [];
    const decoded = await finish(await this.read(skipped), Date.now());
    for (const s of skipped) decoded.skipped.push(s);
    if (report) this.report(decoded.skipped);
    return decoded;
  }

  /**
   * read reads every field of the namespace into a decoder, decoding each
   * chunk while Redis produces the next. The per-process values of live
   * processes come first, combined into one field per series (see
   * processFields), and what they skip is added to `skipped`.
   */
  private async read(skipped: SkippedField[]): Promise<NamespaceDecoder> {
    const decoder = new NamespaceDecoder(this.fieldCache, this.limits);
    const { backend, namespace, scanCount, wholeReadFields } = this;
    if (backend.readProcesses !== undefined) {
      const perProcess = processFields(await backend.readProcesses(namespace));
      for (const [field, value] of perProcess.fields) decoder.add(field, value);
      for (const s of perProcess.skipped) skipped.push(s);
    }
    const source = backend.scanFlat?.(namespace, scanCount, wholeReadFields) ?? flatChunks(backend.scan(namespace, scanCount, wholeReadFields));
    const chunks = source[Symbol.asyncIterator]();
    let next = chunks.next();
    for (;;) {
      const chunk = await next;
      if (chunk.done === true) break;
      next = chunks.next();
      const flat = chunk.value;
      for (let i = 0; i + 1 < flat.length; i += 2) decoder.add(flat[i], flat[i + 1]); // a field that comes twice is kept once
    }
    return decoder;
  }

  /**
   * report hands skipped fields to onInvalidField, or warns about them in one
   * process warning, counted by reason; a reason already warned about less
   * than a minute ago does not warn again on its own.
   */
  private report(skipped: readonly SkippedField[]): void {
    if (skipped.length === 0) return;
    if (this.onInvalidField !== undefined) {
      for (const s of skipped) {
        try {
          this.onInvalidField(new InvalidFieldError(this.namespace, s.field, s.value, s.reason));
        } catch {
          // a throwing handler must not break the scrape
        }
      }
      return;
    }
    const byReason = new Map<string, number>();
    for (const s of skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
    const now = Date.now();
    const due = [...byReason.keys()].filter((r) => !(now - (this.warned.get(r) ?? -Infinity) < 60_000));
    if (due.length === 0) return;
    for (const r of due) this.warned.set(r, now);
    const counts = [...byReason].map(([reason, n]) => `${reason}: ${n}`).join(', ');
    const first = new InvalidFieldError(this.namespace, skipped[0].field, skipped[0].value, skipped[0].reason);
    process.emitWarning(`${skipped.length} field(s) of namespace "${this.namespace}" skipped (${counts}); first: ${first.message}`, {
      code: 'INSTRUMENTOR_INVALID_FIELD',
    });
  }

  /** close closes the Redis connection if this client made it. */
  async close(): Promise<void> {
    await this.backend.close();
  }
}

/** flatChunks turns chunks of field and value pairs into flat lists, as Store.scanFlat gives them. */
async function* flatChunks(chunks: AsyncIterable<ReadonlyArray<readonly [string, string]>>): AsyncIterable<readonly string[]> {
  for await (const chunk of chunks) {
    const flat: string[] = [];
    for (const [field, value] of chunk) flat.push(field, value);
    yield flat;
  }
}
