// @ts-nocheck
import 'reflect-metadata';
import { types } from 'node:util';
import type { Recorder } from './Recorder';

const then = Promise.prototype.then;

/**
 * wrapFunction returns a function that calls `fn` with the same `this` and
 * arguments and returns its result, or rethrows its exception, unchanged,
 * and tells `recorder` when each call starts and ends. A call that returns a
 * native promise ends when the promise settles; the caller gets a promise
 * that settles the same way (same value, same rejection reason) once the
 * call is recorded, so a rejection nobody handles is still reported as
 * unhandled. The wrapper keeps `fn`'s name, length and reflect-metadata (so
 * that framework decorators applied before it still find theirs).
 */
export function wrapFunction<F extends (...args: any[]) => unknown>(fn: F, recorder: Recorder): F {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const started = recorder.start(this);
    let result: unknown;
    try {
      result = fn.apply(this, args);
    } catch (error) {
      recorder.end(started, this, args, false, error);
      throw error;
    }
    return settle(recorder, started, this, args, result);
  };
  Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  for (const key of Reflect.getOwnMetadataKeys(fn)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, fn), wrapped);
  }
  return wrapped as unknown as F;
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** invoke calls `fn()` once, recorded by `recorder`, and returns its result or rethrows its exception unchanged. */
export function invoke<R>(fn: () => R, recorder: Recorder): R {
  const started = recorder.start(undefined);
  let result: R;
  try {
    result = fn();
  } catch (error) {
    recorder.end(started, undefined, NO_ARGS, false, error);
    throw error;
  }
  return settle(recorder, started, undefined, NO_ARGS, result);
}

function settle<R>(recorder: Recorder, started: number, thisArg: unknown, args: readonly unknown[], result: R): R {
  if (types.isPromise(result)) {
    // Passed through rather than observed on the side: a handler on the side
    // would mark a rejection as handled and hide it from 'unhandledRejection'.
    // Promise.prototype.then, not result.then: a subclass's own `then` is never run.
    return then.call(
      result,
      (value) => {
        recorder.end(started, thisArg, args, true, value);
        return value;
      },
      (error) => {
        recorder.end(started, thisArg, args, false, error);
        throw error;
      },
    ) as R;
  }
  recorder.end(started, thisArg, args, true, result);
  return result;
}
