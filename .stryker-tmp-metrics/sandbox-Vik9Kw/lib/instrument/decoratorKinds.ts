// @ts-nocheck
import type { Metric } from '../metrics/Metric';
import { AnyClass, DecoratorKind, InstrumentationRecord, recordInContext, recordOnClass } from './metadata';
import type { Recorder } from './Recorder';
import { Site } from './Site';
import { wrapFunction } from './wrap';

/**
 * MethodDecorator instruments a method under either TypeScript decorator
 * convention, decided per call from the arguments it receives:
 *
 * - standard decorators (TypeScript 5 default): `(method, context)`, returns the replacement method;
 * - `experimentalDecorators` (NestJS, Angular): `(prototypeOrClass, name, descriptor)`, returns the new descriptor;
 * - a plain function, for code without decorators: `(fn)`, returns the wrapped function.
 *
 * Getters, setters, fields, accessors and classes are refused with a
 * TypeError when the decorator is applied.
 */
export interface MethodDecorator {
  // `noContext` keeps this form from matching a standard decorator call on a getter.
  <F extends (...args: any[]) => any>(...args: [fn: F, noContext?: undefined]): F;
  <This, F extends (this: This, ...args: any[]) => any>(method: F, context: ClassMethodDecoratorContext<This, F>): F;
  <T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
}

/**
 * decoratorMember makes a decorator member of a metric (`@counter.count`,
 * `@histogram.time`, `@gauge.track`): used bare, it applies the decorator
 * `make()` returns (made once); called with options, `@metric.member(options)`
 * or `@metric.member()`, it returns `make(options)`.
 */
export function decoratorMember<O>(make: (options?: O) => MethodDecorator): MethodDecorator & ((options?: O) => MethodDecorator) {
  let bare: MethodDecorator | undefined;
  return function member(...args: unknown[]): unknown {
    if (isOptionsCall(args)) return make(args[0] as O | undefined);
    return ((bare ??= make()) as (...a: unknown[]) => unknown)(...args);
  } as MethodDecorator & ((options?: O) => MethodDecorator);
}

/** isOptionsCall tells `@metric.member(options)` and `@metric.member()` from a bare `@metric.member`. */
function isOptionsCall(args: readonly unknown[]): boolean {
  return args.length === 0 || (args.length === 1 && (args[0] === undefined || (args[0] !== null && typeof args[0] === 'object')));
}

/** applyDecorator applies one instrumenting decorator to what `args` describe; see MethodDecorator. */
export function applyDecorator(
  decorator: DecoratorKind,
  metric: Metric<any, any>,
  options: object | undefined,
  makeRecorder: (site: Site) => Recorder,
  args: readonly unknown[],
): unknown {
  const [a, b, c] = args;
  const record = (method: string | symbol, isStatic: boolean): InstrumentationRecord =>
    Object.freeze({ method, static: isStatic, decorator, metric, options: Object.freeze({ ...options }) });

  // experimentalDecorators: (prototype or class, name, descriptor)
  if (args.length >= 2 && (typeof b === 'string' || typeof b === 'symbol')) {
    const isStatic = typeof a === 'function';
    const cls = (isStatic ? a : (a as object | null)?.constructor) as AnyClass | undefined;
    const where = `${isStatic ? 'static ' : ''}${cls?.name ?? '(anonymous class)'}.${String(b)}`;
    const descriptor = (c ?? (a !== null && a !== undefined ? Object.getOwnPropertyDescriptor(a, b) : undefined)) as
      | PropertyDescriptor
      | undefined;
    if (descriptor === undefined || typeof descriptor.value !== 'function') {
      const what = descriptor?.get !== undefined ? 'a getter' : descriptor?.set !== undefined ? 'a setter' : 'a field';
      throw refuse(decorator, metric, where, what);
    }
    const site = new Site(decorator, b, isStatic, cls);
    if (typeof cls === 'function') recordOnClass(cls, record(b, isStatic));
    return { ...descriptor, value: wrapFunction(descriptor.value as (...args: unknown[]) => unknown, makeRecorder(site)) };
  }

  // standard decorators: (value, context)
  if (args.length === 2 && b !== null && typeof b === 'object' && typeof (b as { kind?: unknown }).kind === 'string') {
    const context = b as DecoratorContext;
    const isStatic = 'static' in context && context.static === true;
    if (context.kind !== 'method' || typeof a !== 'function') {
      const name = 'name' in context ? (context.name as string | symbol | undefined) : undefined;
      throw refuse(decorator, metric, `${isStatic ? 'static ' : ''}${String(name ?? '(anonymous)')}`, articled(context.kind));
    }
    const method = context.name;
    const site = new Site(decorator, method, isStatic, undefined);
    if (!recordInContext(context.metadata ?? undefined, record(method, isStatic))) {
      // Without a metadata object, the class is known only once it runs an initializer.
      let done = false;
      context.addInitializer(function (this: unknown) {
        if (done) return;
        done = true;
        const cls = (isStatic ? this : (this as object).constructor) as AnyClass;
        recordOnClass(cls, record(method, isStatic));
      });
    }
    return wrapFunction(a as (...args: unknown[]) => unknown, makeRecorder(site));
  }

  // a plain function
  if (args.length === 1 && typeof a === 'function') {
    if (/^class\b/.test(Function.prototype.toString.call(a))) {
      throw refuse(decorator, metric, a.name || '(anonymous class)', 'a class');
    }
    return wrapFunction(a as (...args: unknown[]) => unknown, makeRecorder(new Site(decorator, a.name || '(anonymous)', false, undefined)));
  }

  throw new TypeError(
    `@${decorator} for metric "${metric.name}" was applied to something that is neither a method nor a function ` +
      `(got ${args.length} argument(s)); use it as @metric.${decorator} or @${decorator}(metric) above a method`,
  );
}

function refuse(decorator: string, metric: Metric<any, any>, where: string, what: string): TypeError {
  return new TypeError(
    `@${decorator} for metric "${metric.name}" cannot instrument ${where}: it is ${what}; only methods and functions can be instrumented`,
  );
}

function articled(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
