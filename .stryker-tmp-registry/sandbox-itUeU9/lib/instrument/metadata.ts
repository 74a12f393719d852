// @ts-nocheck
import 'reflect-metadata';
import type { Metric } from '../metrics/Metric';

/**
 * INSTRUMENTED_METADATA is the reflect-metadata key under which a class
 * holds the list of its instrumented methods (an array of
 * InstrumentationRecord), so that `Reflect.getOwnMetadata(INSTRUMENTED_METADATA, SomeClass)`
 * reads it.
 */
export const INSTRUMENTED_METADATA = 'instrumentor:instrumented';

/** DecoratorKind names an instrumenting decorator. */
export type DecoratorKind = 'count' | 'time' | 'track';

/** AnyClass is any class, abstract or not. */
export type AnyClass = abstract new (...args: any[]) => unknown;

/** InstrumentationRecord says which metric one decorator on one method records into, and how. */
export interface InstrumentationRecord {
  /** The method name. */
  readonly method: string | symbol;
  /** True for a static method. */
  readonly static: boolean;
  /** The decorator: `count`, `time` or `track`. */
  readonly decorator: DecoratorKind;
  /** The metric recorded into. */
  readonly metric: Metric<any, any>;
  /** The options given to the decorator (empty when none). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** InstrumentedMethod is an InstrumentationRecord with the class that declares the method. */
export interface InstrumentedMethod extends InstrumentationRecord {
  /** The class that declares the method (a base class for an inherited method). */
  readonly target: AnyClass;
  /** The name of that class. */
  readonly className: string;
}

// Standard decorators hand their metadata object to the class as
// `Class[Symbol.metadata]`, but only where `Symbol.metadata` exists, which
// Node 20 lacks. Define it the way transpilers fall back to, so that
// TypeScript and esbuild output agree.
const SymbolWithMetadata = Symbol as unknown as { metadata?: symbol };
if (typeof SymbolWithMetadata.metadata !== 'symbol') {
  Object.defineProperty(Symbol, 'metadata', { value: Symbol.for('Symbol.metadata'), configurable: true });
}
const METADATA: symbol = SymbolWithMetadata.metadata!;

/** recordOnClass appends a record to a class's reflect-metadata (experimental decorators, where the class is known). */
export function recordOnClass(cls: AnyClass, record: InstrumentationRecord): void {
  const own = Reflect.getOwnMetadata(INSTRUMENTED_METADATA, cls) as InstrumentationRecord[] | undefined;
  if (own !== undefined) own.push(record);
  else Reflect.defineMetadata(INSTRUMENTED_METADATA, [record], cls);
}

/**
 * recordInContext appends a record to the metadata object of a standard
 * decorator's context, which becomes `Class[Symbol.metadata]` once the class
 * is defined. Returns false when the context has no metadata object.
 */
export function recordInContext(metadata: object | undefined, record: InstrumentationRecord): boolean {
  if (metadata === undefined || metadata === null) return false;
  const bag = metadata as Record<string, InstrumentationRecord[]>;
  if (Object.prototype.hasOwnProperty.call(bag, INSTRUMENTED_METADATA)) bag[INSTRUMENTED_METADATA].push(record);
  else bag[INSTRUMENTED_METADATA] = [record];
  return true;
}

/**
 * getInstrumentedMethods lists the instrumented methods of a class, or of the
 * class of an instance, including those inherited from base classes (the
 * class's own first). Records made by standard decorators are copied into
 * the class's reflect-metadata on the first read, so that afterwards
 * `Reflect.getOwnMetadata(INSTRUMENTED_METADATA, cls)` sees both conventions.
 * Throws a TypeError unless `target` is a class or an object.
 *
 * @example
 * getInstrumentedMethods(OrderService).map((m) => `${m.className}.${String(m.method)} -> ${m.metric.name}`);
 */
export function getInstrumentedMethods(target: AnyClass | object): InstrumentedMethod[] {
  if (target === null || (typeof target !== 'function' && typeof target !== 'object')) {
    throw new TypeError(`expected a class or an instance, got ${target === null ? 'null' : typeof target}`);
  }
  let cls = (typeof target === 'function' ? target : (target as object).constructor) as AnyClass | null;
  const out: InstrumentedMethod[] = [];
  while (typeof cls === 'function' && cls !== Function.prototype) {
    for (const record of ownRecords(cls)) out.push({ ...record, target: cls, className: cls.name || '(anonymous class)' });
    cls = Object.getPrototypeOf(cls) as AnyClass | null;
  }
  return out;
}

function ownRecords(cls: AnyClass): readonly InstrumentationRecord[] {
  let own = Reflect.getOwnMetadata(INSTRUMENTED_METADATA, cls) as InstrumentationRecord[] | undefined;
  const bag = Object.prototype.hasOwnProperty.call(cls, METADATA)
    ? ((cls as unknown as Record<symbol, unknown>)[METADATA] as Record<string, InstrumentationRecord[]> | null)
    : null;
  if (bag !== null && typeof bag === 'object' && Object.prototype.hasOwnProperty.call(bag, INSTRUMENTED_METADATA)) {
    const standard = bag[INSTRUMENTED_METADATA];
    if (own === undefined) {
      own = [...standard];
      Reflect.defineMetadata(INSTRUMENTED_METADATA, own, cls);
    } else {
      for (const r of standard) if (!own.includes(r)) own.push(r);
    }
  }
  return own ?? [];
}

/** InstrumentedMethodStatus is an InstrumentedMethod as a registry lists it: with whether its metric is registered there. */
export interface InstrumentedMethodStatus extends InstrumentedMethod {
  /** True when the metric is registered in the registry that lists it. */
  readonly registered: boolean;
}
