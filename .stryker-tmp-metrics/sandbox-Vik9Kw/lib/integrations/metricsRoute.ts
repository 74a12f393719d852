// @ts-nocheck
import { createMetricsHandler, MetricsHandler, MetricsHandlerOptions } from '../server/createMetricsHandler';

/**
 * MetricsRouteOptions configure the in-app metrics route of a framework
 * integration: the options of `createMetricsHandler` without the health path
 * (health checks stay the application's), with `namespaces` defaulting to the
 * namespace of `registry`.
 */
export interface MetricsRouteOptions extends Omit<MetricsHandlerOptions, 'healthPath' | 'namespaces'> {
  /**
   * The namespaces to expose.
   * @default [registry.namespace]
   */
  namespaces?: readonly string[];
  /** A registry whose namespace is exposed when `namespaces` is not given. */
  registry?: { readonly namespace: string };
}

/**
 * @internal metricsRouteHandler makes the handler behind every in-app metrics
 * route: `createMetricsHandler` (negotiation, gzip, 503 at once when Redis is
 * down) without a health path. Throws a TypeError for bad options, such as
 * neither `namespaces` nor `registry`.
 */
export function metricsRouteHandler(options: MetricsRouteOptions): MetricsHandler {
  if (options === null || typeof options !== 'object') throw new TypeError('metricsRoute needs an options object');
  const { registry, namespaces, ...rest } = options;
  const names = namespaces ?? (registry === undefined ? undefined : [registry.namespace]);
  if (names === undefined) throw new TypeError('metricsRoute needs namespaces, or a registry whose namespace it exposes');
  return createMetricsHandler({ ...rest, namespaces: names, healthPath: false });
}
