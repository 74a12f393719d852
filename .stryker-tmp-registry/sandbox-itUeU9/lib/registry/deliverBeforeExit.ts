/** What the exit delivery needs of a registry. */
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
export interface Deliverable {
  status(): {
    readonly bufferedSeries: number;
    readonly pendingBatches: number;
  };
  flush(): Promise<boolean>;
}

/** The registries not closed yet: on `beforeExit`, the ones with pending updates are flushed. */
const open = new Set<Deliverable>();
/** Registries whose flush at exit failed: not tried again, or the process would never end. */
const gaveUp = new WeakSet<Deliverable>();
let listening = stryMutAct_9fa48("501") ? true : (stryCov_9fa48("501"), false);

/**
 * deliverBeforeExit makes `registry` deliver its pending updates when the
 * event loop runs empty (`beforeExit`: the script's work is done and nothing
 * else keeps the process alive), once; a registry whose flush then fails is
 * left alone, so that the process ends. One listener serves every registry.
 * `forget` undoes it (on close). Signals are not handled here: see
 * `flushOnExit`.
 */
export function deliverBeforeExit(registry: Deliverable): void {
  if (stryMutAct_9fa48("502")) {
    {}
  } else {
    stryCov_9fa48("502");
    open.add(registry);
    if (stryMutAct_9fa48("505") ? false : stryMutAct_9fa48("504") ? true : stryMutAct_9fa48("503") ? listening : (stryCov_9fa48("503", "504", "505"), !listening)) {
      if (stryMutAct_9fa48("506")) {
        {}
      } else {
        stryCov_9fa48("506");
        listening = stryMutAct_9fa48("507") ? false : (stryCov_9fa48("507"), true);
        process.on(stryMutAct_9fa48("508") ? "" : (stryCov_9fa48("508"), 'beforeExit'), onBeforeExit);
      }
    }
  }
}

/** forget stops delivering `registry` at exit (it was closed). */
export function forget(registry: Deliverable): void {
  if (stryMutAct_9fa48("509")) {
    {}
  } else {
    stryCov_9fa48("509");
    open.delete(registry);
    if (stryMutAct_9fa48("512") ? open.size === 0 || listening : stryMutAct_9fa48("511") ? false : stryMutAct_9fa48("510") ? true : (stryCov_9fa48("510", "511", "512"), (stryMutAct_9fa48("514") ? open.size !== 0 : stryMutAct_9fa48("513") ? true : (stryCov_9fa48("513", "514"), open.size === 0)) && listening)) {
      if (stryMutAct_9fa48("515")) {
        {}
      } else {
        stryCov_9fa48("515");
        listening = stryMutAct_9fa48("516") ? true : (stryCov_9fa48("516"), false);
        process.off(stryMutAct_9fa48("517") ? "" : (stryCov_9fa48("517"), 'beforeExit'), onBeforeExit);
      }
    }
  }
}
function onBeforeExit(): void {
  if (stryMutAct_9fa48("518")) {
    {}
  } else {
    stryCov_9fa48("518");
    for (const registry of open) {
      if (stryMutAct_9fa48("519")) {
        {}
      } else {
        stryCov_9fa48("519");
        if (stryMutAct_9fa48("521") ? false : stryMutAct_9fa48("520") ? true : (stryCov_9fa48("520", "521"), gaveUp.has(registry))) continue;
        const s = registry.status();
        if (stryMutAct_9fa48("524") ? s.bufferedSeries === 0 || s.pendingBatches === 0 : stryMutAct_9fa48("523") ? false : stryMutAct_9fa48("522") ? true : (stryCov_9fa48("522", "523", "524"), (stryMutAct_9fa48("526") ? s.bufferedSeries !== 0 : stryMutAct_9fa48("525") ? true : (stryCov_9fa48("525", "526"), s.bufferedSeries === 0)) && (stryMutAct_9fa48("528") ? s.pendingBatches !== 0 : stryMutAct_9fa48("527") ? true : (stryCov_9fa48("527", "528"), s.pendingBatches === 0)))) continue;
        void registry.flush().then(ok => {
          if (stryMutAct_9fa48("529")) {
            {}
          } else {
            stryCov_9fa48("529");
            if (stryMutAct_9fa48("532") ? false : stryMutAct_9fa48("531") ? true : stryMutAct_9fa48("530") ? ok : (stryCov_9fa48("530", "531", "532"), !ok)) gaveUp.add(registry);
          }
        });
      }
    }
  }
}