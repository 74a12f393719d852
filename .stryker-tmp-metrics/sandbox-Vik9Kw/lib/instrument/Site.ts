// @ts-nocheck
import type { Metric } from '../metrics/Metric';
import type { AnyClass } from './metadata';

/**
 * Site is one place that records into a metric: a decorated method, a
 * wrapped function, or a `timer`/`timed`/`counted` call. It names the place in
 * warnings and makes sure each kind of warning is given once per place.
 */
export class Site {
  private warnedUnregistered = false;
  private warnedFailure = false;

  constructor(
    /** The decorator or function that records: `count`, `time`, `track`, `timer`, … */
    readonly decorator: string,
    /** The method or function name; undefined for `timer`, `timed`, `counted` and `tracked`. */
    readonly method: string | symbol | undefined,
    /** True for a static method. */
    readonly isStatic: boolean,
    /** The class, when known at decoration time (experimental decorators). */
    readonly cls: AnyClass | undefined,
  ) {}

  /** where names the place (`@count on OrderService.place`, `timed()`), using the call's `this` to find the class of a method when it is not known yet. */
  where(thisArg: unknown): string {
    if (this.method === undefined) return `${this.decorator}()`;
    return `@${this.decorator} on ${this.member(thisArg)}`;
  }

  private member(thisArg: unknown): string {
    const name = typeof this.method === 'symbol' ? `[${this.method.description ?? ''}]` : this.method;
    let cls = this.cls;
    if (cls === undefined && thisArg !== null && thisArg !== undefined) {
      cls = (this.isStatic ? thisArg : (thisArg as object).constructor) as AnyClass;
    }
    if (typeof cls !== 'function') return `function ${name}`;
    return `${this.isStatic ? 'static ' : ''}${cls.name || '(anonymous class)'}.${name}`;
  }

  /**
   * unregistered warns, once per place, that `metric` is recorded while it
   * belongs to no registry: its updates wait in the metric until it is
   * registered (merged per label set, so memory stays bounded).
   */
  unregistered(metric: Metric<any, any>, thisArg: unknown): void {
    metric._unregisteredWarned = true; // this warning names the place: the metric's own would repeat it
    if (this.warnedUnregistered) return;
    this.warnedUnregistered = true;
    warn(
      `metric "${metric.name}" is recorded by ${this.where(thisArg)} but is not registered in a registry; ` +
        'its updates are kept in memory (one entry per label set) and are written once it is registered',
      'INSTRUMENTOR_UNREGISTERED',
    );
  }

  /** failed warns, once per place, that recording a call failed; the call itself was not affected. */
  failed(metric: Metric<any, any>, error: unknown, thisArg: unknown): void {
    if (this.warnedFailure) return;
    this.warnedFailure = true;
    const reason = error instanceof Error ? error.message : String(error);
    warn(
      `${this.where(thisArg)} could not record into metric "${metric.name}" (the call was not affected): ${reason}`,
      'INSTRUMENTOR_RECORD',
    );
  }
}

function warn(message: string, code: string): void {
  try {
    process.emitWarning(message, { code });
  } catch {
    // a warning must never break the instrumented call
  }
}

const callSites = new WeakMap<Metric<any, any>, Map<string, Site>>();

/** callSite returns the one Site of a function form (`timer`, `timed`, `counted`, `tracked`) for a metric, so that it warns once. */
export function callSite(form: string, metric: Metric<any, any>): Site {
  let sites = callSites.get(metric);
  if (sites === undefined) callSites.set(metric, (sites = new Map()));
  let site = sites.get(form);
  if (site === undefined) sites.set(form, (site = new Site(form, undefined, false, undefined)));
  return site;
}
