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
import type { CollectorRegistry } from './CollectorRegistry';

/** FlushOnExitOptions configure `flushOnExit`. */
export interface FlushOnExitOptions {
  /**
   * The signals on which the registries are closed before the process ends.
   * @default ['SIGTERM', 'SIGINT']
   */
  signals?: readonly NodeJS.Signals[];
  /**
   * The longest time to wait for Redis on a signal, in milliseconds (passed to
   * `close`).
   * @default 5000
   */
  timeoutMs?: number;
}

/**
 * flushOnExit makes registries deliver what is pending when the process ends:
 *
 * - on each of `signals` it closes the registries (flushing, at most
 *   `timeoutMs`) and then ends the process as the signal would have, by
 *   raising it again; when the application listens to the signal itself, it
 *   leaves ending the process to the application (close the registries in
 *   your own handler instead, to be sure they finish first);
 *
 * Delivery when the event loop runs empty (`beforeExit`) needs no call: every
 * registry that is not closed does it itself (see `deliverBeforeExit`).
 *
 * It returns a function that removes the handlers. Throws a TypeError when
 * given something that is not a registry.
 *
 * @example
 * const registry = new CollectorRegistry({ redis: 'redis://127.0.0.1:6379', namespace: 'shop' });
 * flushOnExit(registry);
 */
export function flushOnExit(registries: CollectorRegistry | readonly CollectorRegistry[], options: FlushOnExitOptions = {}): () => void {
  if (stryMutAct_9fa48("577")) {
    {}
  } else {
    stryCov_9fa48("577");
    const list: CollectorRegistry[] = Array.isArray(registries) ? stryMutAct_9fa48("578") ? [] : (stryCov_9fa48("578"), [...registries]) : stryMutAct_9fa48("579") ? [] : (stryCov_9fa48("579"), [registries as CollectorRegistry]);
    for (const r of list) {
      if (stryMutAct_9fa48("580")) {
        {}
      } else {
        stryCov_9fa48("580");
        if (stryMutAct_9fa48("583") ? (r === null || typeof r !== 'object' || typeof r.close !== 'function') && typeof r.status !== 'function' : stryMutAct_9fa48("582") ? false : stryMutAct_9fa48("581") ? true : (stryCov_9fa48("581", "582", "583"), (stryMutAct_9fa48("585") ? (r === null || typeof r !== 'object') && typeof r.close !== 'function' : stryMutAct_9fa48("584") ? false : (stryCov_9fa48("584", "585"), (stryMutAct_9fa48("587") ? r === null && typeof r !== 'object' : stryMutAct_9fa48("586") ? false : (stryCov_9fa48("586", "587"), (stryMutAct_9fa48("589") ? r !== null : stryMutAct_9fa48("588") ? false : (stryCov_9fa48("588", "589"), r === null)) || (stryMutAct_9fa48("591") ? typeof r === 'object' : stryMutAct_9fa48("590") ? false : (stryCov_9fa48("590", "591"), typeof r !== (stryMutAct_9fa48("592") ? "" : (stryCov_9fa48("592"), 'object')))))) || (stryMutAct_9fa48("594") ? typeof r.close === 'function' : stryMutAct_9fa48("593") ? false : (stryCov_9fa48("593", "594"), typeof r.close !== (stryMutAct_9fa48("595") ? "" : (stryCov_9fa48("595"), 'function')))))) || (stryMutAct_9fa48("597") ? typeof r.status === 'function' : stryMutAct_9fa48("596") ? false : (stryCov_9fa48("596", "597"), typeof r.status !== (stryMutAct_9fa48("598") ? "" : (stryCov_9fa48("598"), 'function')))))) {
          if (stryMutAct_9fa48("599")) {
            {}
          } else {
            stryCov_9fa48("599");
            throw new TypeError(stryMutAct_9fa48("600") ? "" : (stryCov_9fa48("600"), 'flushOnExit needs a CollectorRegistry or an array of them'));
          }
        }
      }
    }
    const signals = stryMutAct_9fa48("601") ? options.signals && ['SIGTERM', 'SIGINT'] : (stryCov_9fa48("601"), options.signals ?? (stryMutAct_9fa48("602") ? [] : (stryCov_9fa48("602"), [stryMutAct_9fa48("603") ? "" : (stryCov_9fa48("603"), 'SIGTERM'), stryMutAct_9fa48("604") ? "" : (stryCov_9fa48("604"), 'SIGINT')])));
    const timeoutMs = stryMutAct_9fa48("605") ? options.timeoutMs && 5000 : (stryCov_9fa48("605"), options.timeoutMs ?? 5000);
    if (stryMutAct_9fa48("608") ? typeof timeoutMs !== 'number' && !(timeoutMs >= 0) : stryMutAct_9fa48("607") ? false : stryMutAct_9fa48("606") ? true : (stryCov_9fa48("606", "607", "608"), (stryMutAct_9fa48("610") ? typeof timeoutMs === 'number' : stryMutAct_9fa48("609") ? false : (stryCov_9fa48("609", "610"), typeof timeoutMs !== (stryMutAct_9fa48("611") ? "" : (stryCov_9fa48("611"), 'number')))) || (stryMutAct_9fa48("612") ? timeoutMs >= 0 : (stryCov_9fa48("612"), !(stryMutAct_9fa48("616") ? timeoutMs < 0 : stryMutAct_9fa48("615") ? timeoutMs > 0 : stryMutAct_9fa48("614") ? false : stryMutAct_9fa48("613") ? true : (stryCov_9fa48("613", "614", "615", "616"), timeoutMs >= 0)))))) {
      if (stryMutAct_9fa48("617")) {
        {}
      } else {
        stryCov_9fa48("617");
        throw new RangeError(stryMutAct_9fa48("618") ? `` : (stryCov_9fa48("618"), `timeoutMs must be a number of milliseconds >= 0, got ${String(timeoutMs)}`));
      }
    }
    let stopping = stryMutAct_9fa48("619") ? true : (stryCov_9fa48("619"), false);
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stryMutAct_9fa48("620")) {
        {}
      } else {
        stryCov_9fa48("620");
        if (stryMutAct_9fa48("622") ? false : stryMutAct_9fa48("621") ? true : (stryCov_9fa48("621", "622"), stopping)) {
          if (stryMutAct_9fa48("623")) {
            {}
          } else {
            stryCov_9fa48("623");
            // asked twice: stop waiting for Redis
            remove();
            if (stryMutAct_9fa48("626") ? process.listenerCount(signal) !== 0 : stryMutAct_9fa48("625") ? false : stryMutAct_9fa48("624") ? true : (stryCov_9fa48("624", "625", "626"), process.listenerCount(signal) === 0)) process.kill(process.pid, signal);
            return;
          }
        }
        stopping = stryMutAct_9fa48("627") ? false : (stryCov_9fa48("627"), true);
        void Promise.all(list.map(stryMutAct_9fa48("628") ? () => undefined : (stryCov_9fa48("628"), r => r.close(timeoutMs)))).finally(() => {
          if (stryMutAct_9fa48("629")) {
            {}
          } else {
            stryCov_9fa48("629");
            remove();
            if (stryMutAct_9fa48("632") ? process.listenerCount(signal) !== 0 : stryMutAct_9fa48("631") ? false : stryMutAct_9fa48("630") ? true : (stryCov_9fa48("630", "631", "632"), process.listenerCount(signal) === 0)) process.kill(process.pid, signal);
          }
        });
      }
    };
    const remove = (): void => {
      if (stryMutAct_9fa48("633")) {
        {}
      } else {
        stryCov_9fa48("633");
        for (const s of signals) process.off(s, onSignal);
      }
    };
    for (const s of signals) process.on(s, onSignal);
    return remove;
  }
}