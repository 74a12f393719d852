// @ts-nocheck
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import { FlushError } from '../errors/FlushError';
import { FlushTimeoutError } from '../errors/FlushTimeoutError';
import { IncrementError } from '../errors/IncrementError';
import { NamespaceTypeError } from '../errors/NamespaceTypeError';
import { namespaceKey } from '../codec/field';
import type { BatchResult, Store, WriteBatch } from '../store/Store';
import type { Backoff } from './backoff';
import { TIMED_OUT, withTimeout } from '../util/withTimeout';
import { BatchBuilder } from '../codec/BatchBuilder';

/** After this many flush timeouts, an unanswered write is given up and the batches are sent again anyway. */
const STALL_LIMIT = 5;

/** What a Flusher needs from the registry it works for. */
export interface FlusherOptions {
  readonly namespace: string;
  readonly writerId: string;
  readonly store: Store;
  /** The longest wait for an answer to one write, in milliseconds. */
  readonly flushTimeoutMs: number;
  readonly backoff: Backoff;
  /** collect moves every pending update into `writes`. */
  collect(writes: BatchBuilder): void;
  /** report hands an error to the application; it must not throw. */
  report(error: Error): void;
  /** attempted is told how long each write took, in seconds, and whether Redis acknowledged all of it. */
  attempted(seconds: number, ok: boolean): void;
  /** rejected is told how many increments Redis could not apply (fields that hold no number). */
  rejected(count: number): void;
  /** delivered is called when nothing is waiting for Redis any more. */
  delivered(): void;
}

/**
 * Flusher moves a registry's updates to its store, exactly once. Updates are
 * collected into numbered batches only when every earlier batch was
 * acknowledged; until then they keep merging in the metrics, so memory grows
 * with the number of series and not with the number of updates or failures.
 * Unacknowledged batches are sent again, unchanged and in order, and the store
 * applies each at most once. After a failure it retries with backoff; flushes
 * of the interval and of eager mode are skipped until the retry is due.
 */
export class Flusher {
  /** Batches sent but not yet acknowledged, oldest first. */
  private unacked: WriteBatch[] = stryMutAct_9fa48("303") ? ["Stryker was here"] : (stryCov_9fa48("303"), []);
  private seq = 0;
  /** The highest sequence number Redis acknowledged. */
  private acked = 0;
  private running: Promise<boolean> | undefined;
  private queued: Promise<boolean> | undefined;
  /** A write that timed out and has not been answered yet; nothing is sent until it is. */
  private stalled: Promise<void> | undefined;
  private stalledSince = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private closing = stryMutAct_9fa48("304") ? true : (stryCov_9fa48("304"), false);
  constructor(private readonly o: FlusherOptions) {}

  /** pendingBatches is the number of batches sent but not acknowledged. */
  get pendingBatches(): number {
    if (stryMutAct_9fa48("305")) {
      {}
    } else {
      stryCov_9fa48("305");
      return this.unacked.length;
    }
  }

  /** retrying is true while a retry after a failure is scheduled. */
  get retrying(): boolean {
    if (stryMutAct_9fa48("306")) {
      {}
    } else {
      stryCov_9fa48("306");
      return stryMutAct_9fa48("309") ? this.retryTimer === undefined : stryMutAct_9fa48("308") ? false : stryMutAct_9fa48("307") ? true : (stryCov_9fa48("307", "308", "309"), this.retryTimer !== undefined);
    }
  }

  /**
   * flush sends what is pending now; it never rejects. A call made while a
   * flush runs waits for it and then flushes once more, so that every update
   * made before the call is included.
   */
  flush(): Promise<boolean> {
    if (stryMutAct_9fa48("310")) {
      {}
    } else {
      stryCov_9fa48("310");
      if (stryMutAct_9fa48("313") ? this.running !== undefined : stryMutAct_9fa48("312") ? false : stryMutAct_9fa48("311") ? true : (stryCov_9fa48("311", "312", "313"), this.running === undefined)) {
        if (stryMutAct_9fa48("314")) {
          {}
        } else {
          stryCov_9fa48("314");
          this.running = this.send().finally(() => {
            if (stryMutAct_9fa48("315")) {
              {}
            } else {
              stryCov_9fa48("315");
              this.running = undefined;
            }
          });
          return this.running;
        }
      }
      return stryMutAct_9fa48("316") ? this.queued &&= this.running.then(() => {
        this.queued = undefined;
        return this.flush();
      }) : (stryCov_9fa48("316"), this.queued ??= this.running.then(() => {
        if (stryMutAct_9fa48("317")) {
          {}
        } else {
          stryCov_9fa48("317");
          this.queued = undefined;
          return this.flush();
        }
      }));
    }
  }

  /** background flushes unless a retry is scheduled (then the retry sends everything when it is due). */
  background(): void {
    if (stryMutAct_9fa48("318")) {
      {}
    } else {
      stryCov_9fa48("318");
      if (stryMutAct_9fa48("321") ? this.retryTimer === undefined || !this.closing : stryMutAct_9fa48("320") ? false : stryMutAct_9fa48("319") ? true : (stryCov_9fa48("319", "320", "321"), (stryMutAct_9fa48("323") ? this.retryTimer !== undefined : stryMutAct_9fa48("322") ? true : (stryCov_9fa48("322", "323"), this.retryTimer === undefined)) && (stryMutAct_9fa48("324") ? this.closing : (stryCov_9fa48("324"), !this.closing)))) void this.flush();
    }
  }

  /**
   * close stops retrying in the background and flushes, retrying with backoff,
   * until everything is acknowledged or `timeoutMs` have passed. Resolves to
   * true when everything was acknowledged.
   */
  async close(timeoutMs: number): Promise<boolean> {
    if (stryMutAct_9fa48("325")) {
      {}
    } else {
      stryCov_9fa48("325");
      this.closing = stryMutAct_9fa48("326") ? false : (stryCov_9fa48("326"), true);
      this.cancelRetry();
      const deadline = stryMutAct_9fa48("327") ? Date.now() - timeoutMs : (stryCov_9fa48("327"), Date.now() + timeoutMs);
      while (stryMutAct_9fa48("329") ? false : stryMutAct_9fa48("328") ? false : (stryCov_9fa48("328", "329"), true)) {
        if (stryMutAct_9fa48("330")) {
          {}
        } else {
          stryCov_9fa48("330");
          const ok = await withTimeout(this.flush(), stryMutAct_9fa48("331") ? deadline + Date.now() : (stryCov_9fa48("331"), deadline - Date.now()), stryMutAct_9fa48("332") ? false : (stryCov_9fa48("332"), true));
          if (stryMutAct_9fa48("335") ? ok !== true : stryMutAct_9fa48("334") ? false : stryMutAct_9fa48("333") ? true : (stryCov_9fa48("333", "334", "335"), ok === (stryMutAct_9fa48("336") ? false : (stryCov_9fa48("336"), true)))) return stryMutAct_9fa48("337") ? false : (stryCov_9fa48("337"), true);
          const left = stryMutAct_9fa48("338") ? deadline + Date.now() : (stryCov_9fa48("338"), deadline - Date.now());
          if (stryMutAct_9fa48("341") ? ok === TIMED_OUT && left <= 0 : stryMutAct_9fa48("340") ? false : stryMutAct_9fa48("339") ? true : (stryCov_9fa48("339", "340", "341"), (stryMutAct_9fa48("343") ? ok !== TIMED_OUT : stryMutAct_9fa48("342") ? false : (stryCov_9fa48("342", "343"), ok === TIMED_OUT)) || (stryMutAct_9fa48("346") ? left > 0 : stryMutAct_9fa48("345") ? left < 0 : stryMutAct_9fa48("344") ? false : (stryCov_9fa48("344", "345", "346"), left <= 0)))) return stryMutAct_9fa48("347") ? true : (stryCov_9fa48("347"), false);
          await new Promise(stryMutAct_9fa48("348") ? () => undefined : (stryCov_9fa48("348"), resolve => setTimeout(resolve, stryMutAct_9fa48("349") ? Math.max(left, this.o.backoff.next()) : (stryCov_9fa48("349"), Math.min(left, this.o.backoff.next())))));
        }
      }
    }
  }
  private async send(): Promise<boolean> {
    if (stryMutAct_9fa48("350")) {
      {}
    } else {
      stryCov_9fa48("350");
      try {
        if (stryMutAct_9fa48("351")) {
          {}
        } else {
          stryCov_9fa48("351");
          if (stryMutAct_9fa48("354") ? this.unacked.length > 0 || !(await this.attempt()) : stryMutAct_9fa48("353") ? false : stryMutAct_9fa48("352") ? true : (stryCov_9fa48("352", "353", "354"), (stryMutAct_9fa48("357") ? this.unacked.length <= 0 : stryMutAct_9fa48("356") ? this.unacked.length >= 0 : stryMutAct_9fa48("355") ? true : (stryCov_9fa48("355", "356", "357"), this.unacked.length > 0)) && (stryMutAct_9fa48("358") ? await this.attempt() : (stryCov_9fa48("358"), !(await this.attempt()))))) return this.failed();
          const sending = this.collect();
          if (stryMutAct_9fa48("361") ? sending !== undefined || !(await this.attempt(sending)) : stryMutAct_9fa48("360") ? false : stryMutAct_9fa48("359") ? true : (stryCov_9fa48("359", "360", "361"), (stryMutAct_9fa48("363") ? sending === undefined : stryMutAct_9fa48("362") ? true : (stryCov_9fa48("362", "363"), sending !== undefined)) && (stryMutAct_9fa48("364") ? await this.attempt(sending) : (stryCov_9fa48("364"), !(await this.attempt(sending)))))) return this.failed();
          this.succeeded();
          return stryMutAct_9fa48("365") ? false : (stryCov_9fa48("365"), true);
        }
      } catch (err) {
        if (stryMutAct_9fa48("366")) {
          {}
        } else {
          stryCov_9fa48("366");
          this.o.report(new FlushError(this.o.namespace, stryMutAct_9fa48("367") ? (err as Error)?.message && String(err) : (stryCov_9fa48("367"), (stryMutAct_9fa48("368") ? (err as Error).message : (stryCov_9fa48("368"), (err as Error)?.message)) ?? String(err)), err));
          return this.failed();
        }
      }
    }
  }

  /**
   * collect moves the pending updates into new batches (nothing is waiting
   * for Redis when it runs) and sends each batch as soon as it is full, so
   * that Redis applies one while the next is built: every batch is written
   * before any reply is awaited, one round trip in all. Returns the writes'
   * results, or undefined when there was nothing to send.
   */
  private collect(): Promise<BatchResult[]> | undefined {
    if (stryMutAct_9fa48("369")) {
      {}
    } else {
      stryCov_9fa48("369");
      const {
        namespace,
        store,
        writerId
      } = this.o;
      const after = this.acked;
      const writes: Array<Promise<BatchResult[]>> = stryMutAct_9fa48("370") ? ["Stryker was here"] : (stryCov_9fa48("370"), []);
      const failed = stryMutAct_9fa48("371") ? () => undefined : (stryCov_9fa48("371"), (() => {
        const failed = (err: unknown): BatchResult[] => stryMutAct_9fa48("372") ? [] : (stryCov_9fa48("372"), [err instanceof Error ? err : new Error(String(err))]);
        return failed;
      })());
      const builder = new BatchBuilder(batch => {
        if (stryMutAct_9fa48("373")) {
          {}
        } else {
          stryCov_9fa48("373");
          const b = stryMutAct_9fa48("374") ? {} : (stryCov_9fa48("374"), {
            seq: stryMutAct_9fa48("375") ? --this.seq : (stryCov_9fa48("375"), ++this.seq),
            ops: batch
          });
          this.unacked.push(b);
          let write: Promise<BatchResult[]>;
          try {
            if (stryMutAct_9fa48("376")) {
              {}
            } else {
              stryCov_9fa48("376");
              write = store.write(namespace, writerId, stryMutAct_9fa48("377") ? [] : (stryCov_9fa48("377"), [stryMutAct_9fa48("378") ? {} : (stryCov_9fa48("378"), {
                ...b,
                after
              })])).catch(failed);
            }
          } catch (err) {
            if (stryMutAct_9fa48("379")) {
              {}
            } else {
              stryCov_9fa48("379");
              // a store that throws at once must not interrupt the drain: the batch is sent again later
              write = Promise.resolve(failed(err));
            }
          }
          writes.push(write);
        }
      });
      this.o.collect(builder);
      builder.batches();
      return (stryMutAct_9fa48("382") ? writes.length !== 0 : stryMutAct_9fa48("381") ? false : stryMutAct_9fa48("380") ? true : (stryCov_9fa48("380", "381", "382"), writes.length === 0)) ? undefined : Promise.all(writes).then(stryMutAct_9fa48("383") ? () => undefined : (stryCov_9fa48("383"), results => results.flat()));
    }
  }

  /**
   * attempt writes the unacknowledged batches once (or waits for `sending`,
   * their writes already under way) and resolves to true when all were
   * acknowledged.
   */
  private async attempt(sending?: Promise<BatchResult[]>): Promise<boolean> {
    if (stryMutAct_9fa48("384")) {
      {}
    } else {
      stryCov_9fa48("384");
      const {
        namespace,
        store
      } = this.o;
      if (stryMutAct_9fa48("387") ? this.stalled === undefined : stryMutAct_9fa48("386") ? false : stryMutAct_9fa48("385") ? true : (stryCov_9fa48("385", "386", "387"), this.stalled !== undefined)) {
        if (stryMutAct_9fa48("388")) {
          {}
        } else {
          stryCov_9fa48("388");
          if (stryMutAct_9fa48("392") ? Date.now() - this.stalledSince >= STALL_LIMIT * this.o.flushTimeoutMs : stryMutAct_9fa48("391") ? Date.now() - this.stalledSince <= STALL_LIMIT * this.o.flushTimeoutMs : stryMutAct_9fa48("390") ? false : stryMutAct_9fa48("389") ? true : (stryCov_9fa48("389", "390", "391", "392"), (stryMutAct_9fa48("393") ? Date.now() + this.stalledSince : (stryCov_9fa48("393"), Date.now() - this.stalledSince)) < (stryMutAct_9fa48("394") ? STALL_LIMIT / this.o.flushTimeoutMs : (stryCov_9fa48("394"), STALL_LIMIT * this.o.flushTimeoutMs)))) {
            if (stryMutAct_9fa48("395")) {
              {}
            } else {
              stryCov_9fa48("395");
              this.o.report(new FlushTimeoutError(namespace, this.o.flushTimeoutMs, stryMutAct_9fa48("396") ? false : (stryCov_9fa48("396"), true)));
              return stryMutAct_9fa48("397") ? true : (stryCov_9fa48("397"), false);
            }
          }
          // a client may drop a command whose connection broke without ever answering it
          this.stalled = undefined;
        }
      }
      const after = this.acked;
      const batches = this.unacked.map(stryMutAct_9fa48("398") ? () => undefined : (stryCov_9fa48("398"), b => stryMutAct_9fa48("399") ? {} : (stryCov_9fa48("399"), {
        seq: b.seq,
        ops: b.ops,
        after
      })));
      const started = performance.now();
      let write: Promise<BatchResult[]>;
      let results: BatchResult[] | typeof TIMED_OUT;
      try {
        if (stryMutAct_9fa48("400")) {
          {}
        } else {
          stryCov_9fa48("400");
          write = stryMutAct_9fa48("401") ? sending && store.write(namespace, this.o.writerId, batches) : (stryCov_9fa48("401"), sending ?? store.write(namespace, this.o.writerId, batches));
          results = await withTimeout(write, this.o.flushTimeoutMs);
        }
      } catch (err) {
        if (stryMutAct_9fa48("402")) {
          {}
        } else {
          stryCov_9fa48("402");
          this.o.attempted(stryMutAct_9fa48("403") ? (performance.now() - started) * 1000 : (stryCov_9fa48("403"), (stryMutAct_9fa48("404") ? performance.now() + started : (stryCov_9fa48("404"), performance.now() - started)) / 1000), stryMutAct_9fa48("405") ? true : (stryCov_9fa48("405"), false));
          this.o.report(new FlushError(namespace, stryMutAct_9fa48("406") ? (err as Error)?.message && String(err) : (stryCov_9fa48("406"), (stryMutAct_9fa48("407") ? (err as Error).message : (stryCov_9fa48("407"), (err as Error)?.message)) ?? String(err)), err));
          return stryMutAct_9fa48("408") ? true : (stryCov_9fa48("408"), false);
        }
      }
      if (stryMutAct_9fa48("411") ? results !== TIMED_OUT : stryMutAct_9fa48("410") ? false : stryMutAct_9fa48("409") ? true : (stryCov_9fa48("409", "410", "411"), results === TIMED_OUT)) {
        if (stryMutAct_9fa48("412")) {
          {}
        } else {
          stryCov_9fa48("412");
          this.o.attempted(stryMutAct_9fa48("413") ? (performance.now() - started) * 1000 : (stryCov_9fa48("413"), (stryMutAct_9fa48("414") ? performance.now() + started : (stryCov_9fa48("414"), performance.now() - started)) / 1000), stryMutAct_9fa48("415") ? true : (stryCov_9fa48("415"), false));
          const stalled = write.then(() => undefined, () => undefined);
          this.stalled = stalled;
          this.stalledSince = Date.now();
          void stalled.then(() => {
            if (stryMutAct_9fa48("416")) {
              {}
            } else {
              stryCov_9fa48("416");
              if (stryMutAct_9fa48("419") ? this.stalled !== stalled : stryMutAct_9fa48("418") ? false : stryMutAct_9fa48("417") ? true : (stryCov_9fa48("417", "418", "419"), this.stalled === stalled)) this.stalled = undefined;
            }
          });
          try {
            if (stryMutAct_9fa48("420")) {
              {}
            } else {
              stryCov_9fa48("420");
              stryMutAct_9fa48("421") ? store.interrupt() : (stryCov_9fa48("421"), store.interrupt?.());
            }
          } catch {
            // a store that cannot interrupt simply waits for the answer
          }
          this.o.report(new FlushTimeoutError(namespace, this.o.flushTimeoutMs));
          return stryMutAct_9fa48("422") ? true : (stryCov_9fa48("422"), false);
        }
      }
      let acked = 0;
      const failedFields: string[] = stryMutAct_9fa48("423") ? ["Stryker was here"] : (stryCov_9fa48("423"), []);
      let error: Error | undefined;
      for (let i = 0; stryMutAct_9fa48("426") ? i >= batches.length : stryMutAct_9fa48("425") ? i <= batches.length : stryMutAct_9fa48("424") ? false : (stryCov_9fa48("424", "425", "426"), i < batches.length); stryMutAct_9fa48("427") ? i-- : (stryCov_9fa48("427"), i++)) {
        if (stryMutAct_9fa48("428")) {
          {}
        } else {
          stryCov_9fa48("428");
          const r = results[i];
          if (stryMutAct_9fa48("431") ? r === undefined && r instanceof Error : stryMutAct_9fa48("430") ? false : stryMutAct_9fa48("429") ? true : (stryCov_9fa48("429", "430", "431"), (stryMutAct_9fa48("433") ? r !== undefined : stryMutAct_9fa48("432") ? false : (stryCov_9fa48("432", "433"), r === undefined)) || r instanceof Error)) {
            if (stryMutAct_9fa48("434")) {
              {}
            } else {
              stryCov_9fa48("434");
              error = stryMutAct_9fa48("435") ? r && new Error(`no result for batch ${batches[i].seq}`) : (stryCov_9fa48("435"), r ?? new Error(stryMutAct_9fa48("436") ? `` : (stryCov_9fa48("436"), `no result for batch ${batches[i].seq}`)));
              break;
            }
          }
          stryMutAct_9fa48("437") ? acked-- : (stryCov_9fa48("437"), acked++);
          for (const f of r) failedFields.push(f);
        }
      }
      if (stryMutAct_9fa48("441") ? acked <= 0 : stryMutAct_9fa48("440") ? acked >= 0 : stryMutAct_9fa48("439") ? false : stryMutAct_9fa48("438") ? true : (stryCov_9fa48("438", "439", "440", "441"), acked > 0)) {
        if (stryMutAct_9fa48("442")) {
          {}
        } else {
          stryCov_9fa48("442");
          this.acked = batches[stryMutAct_9fa48("443") ? acked + 1 : (stryCov_9fa48("443"), acked - 1)].seq;
          this.unacked = stryMutAct_9fa48("444") ? this.unacked : (stryCov_9fa48("444"), this.unacked.slice(acked));
        }
      }
      this.o.attempted(stryMutAct_9fa48("445") ? (performance.now() - started) * 1000 : (stryCov_9fa48("445"), (stryMutAct_9fa48("446") ? performance.now() + started : (stryCov_9fa48("446"), performance.now() - started)) / 1000), stryMutAct_9fa48("449") ? error !== undefined : stryMutAct_9fa48("448") ? false : stryMutAct_9fa48("447") ? true : (stryCov_9fa48("447", "448", "449"), error === undefined));
      if (stryMutAct_9fa48("453") ? failedFields.length <= 0 : stryMutAct_9fa48("452") ? failedFields.length >= 0 : stryMutAct_9fa48("451") ? false : stryMutAct_9fa48("450") ? true : (stryCov_9fa48("450", "451", "452", "453"), failedFields.length > 0)) {
        if (stryMutAct_9fa48("454")) {
          {}
        } else {
          stryCov_9fa48("454");
          this.o.rejected(failedFields.length);
          this.o.report(new IncrementError(namespace, failedFields));
        }
      }
      if (stryMutAct_9fa48("457") ? error === undefined : stryMutAct_9fa48("456") ? false : stryMutAct_9fa48("455") ? true : (stryCov_9fa48("455", "456", "457"), error !== undefined)) {
        if (stryMutAct_9fa48("458")) {
          {}
        } else {
          stryCov_9fa48("458");
          this.o.report((stryMutAct_9fa48("459") ? error.message.endsWith('WRONGTYPE') : (stryCov_9fa48("459"), error.message.startsWith(stryMutAct_9fa48("460") ? "" : (stryCov_9fa48("460"), 'WRONGTYPE')))) ? wrongTypeError(namespace, error) : new FlushError(namespace, error.message, error));
          return stryMutAct_9fa48("461") ? true : (stryCov_9fa48("461"), false);
        }
      }
      return stryMutAct_9fa48("462") ? false : (stryCov_9fa48("462"), true);
    }
  }
  private failed(): false {
    if (stryMutAct_9fa48("463")) {
      {}
    } else {
      stryCov_9fa48("463");
      if (stryMutAct_9fa48("466") ? false : stryMutAct_9fa48("465") ? true : stryMutAct_9fa48("464") ? this.closing : (stryCov_9fa48("464", "465", "466"), !this.closing)) {
        if (stryMutAct_9fa48("467")) {
          {}
        } else {
          stryCov_9fa48("467");
          this.cancelRetry();
          this.retryTimer = setTimeout(() => {
            if (stryMutAct_9fa48("468")) {
              {}
            } else {
              stryCov_9fa48("468");
              this.retryTimer = undefined;
              void this.flush();
            }
          }, this.o.backoff.next());
          this.retryTimer.unref();
        }
      }
      return stryMutAct_9fa48("469") ? true : (stryCov_9fa48("469"), false);
    }
  }
  private succeeded(): void {
    if (stryMutAct_9fa48("470")) {
      {}
    } else {
      stryCov_9fa48("470");
      this.cancelRetry();
      this.o.backoff.reset();
      this.o.delivered();
    }
  }
  private cancelRetry(): void {
    if (stryMutAct_9fa48("471")) {
      {}
    } else {
      stryCov_9fa48("471");
      if (stryMutAct_9fa48("474") ? this.retryTimer === undefined : stryMutAct_9fa48("473") ? false : stryMutAct_9fa48("472") ? true : (stryCov_9fa48("472", "473", "474"), this.retryTimer !== undefined)) clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
  }
}

/**
 * wrongTypeError names the key the flush script refused: the namespace hash,
 * or its writers hash or seen sorted set, as the script's WRONGTYPE reply says.
 */
function wrongTypeError(namespace: string, error: Error): NamespaceTypeError {
  if (stryMutAct_9fa48("475")) {
    {}
  } else {
    stryCov_9fa48("475");
    const m = (stryMutAct_9fa48("478") ? /^WRONGTYPE the (namespace|writers|seen) key (\s+) holds/ : stryMutAct_9fa48("477") ? /^WRONGTYPE the (namespace|writers|seen) key (\S) holds/ : stryMutAct_9fa48("476") ? /WRONGTYPE the (namespace|writers|seen) key (\S+) holds/ : (stryCov_9fa48("476", "477", "478"), /^WRONGTYPE the (namespace|writers|seen) key (\S+) holds/)).exec(error.message);
    if (stryMutAct_9fa48("481") ? m !== null : stryMutAct_9fa48("480") ? false : stryMutAct_9fa48("479") ? true : (stryCov_9fa48("479", "480", "481"), m === null)) return new NamespaceTypeError(namespace, namespaceKey(namespace), error);
    return new NamespaceTypeError(namespace, m[2], error, (stryMutAct_9fa48("484") ? m[1] !== 'seen' : stryMutAct_9fa48("483") ? false : stryMutAct_9fa48("482") ? true : (stryCov_9fa48("482", "483", "484"), m[1] === (stryMutAct_9fa48("485") ? "" : (stryCov_9fa48("485"), 'seen')))) ? stryMutAct_9fa48("486") ? "" : (stryCov_9fa48("486"), 'sorted set') : stryMutAct_9fa48("487") ? "" : (stryCov_9fa48("487"), 'hash'));
  }
}