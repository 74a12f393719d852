// @ts-nocheck
import type { CollectorRegistry, CollectorRegistryOptions } from '../../registry/CollectorRegistry';
import type { HttpMetricsOptions } from '../HttpMetrics';
import type { MetricsRouteOptions } from '../metricsRoute';

/** InstrumentorModuleOptions configure `InstrumentorModule.forRoot`. */
export interface InstrumentorModuleOptions {
  /**
   * The registry to provide, or the options to make one from. A registry the
   * module makes is closed (flushed, its connection closed) when the
   * application shuts down; one given here is only flushed.
   */
  registry: CollectorRegistry | CollectorRegistryOptions;
  /**
   * Options of the request metrics the InstrumentorInterceptor records.
   * @default {}
   */
  http?: Omit<HttpMetricsOptions, 'registry'>;
  /**
   * Apply the InstrumentorInterceptor to every handler of the application
   * (as `APP_INTERCEPTOR`). Without it, apply it with `@UseInterceptors`.
   * @default false
   */
  globalInterceptor?: boolean;
  /**
   * Serve the metrics from Redis in the application: `GET <metricsPath>`
   * (every namespace, each series labelled with its namespace) and
   * `GET <metricsPath>/<namespace>`, with content negotiation and gzip, 503
   * at once while Redis is down. `redis` is read on a connection of its own,
   * made to fail fast; `namespaces` default to the registry's. With
   * `forRootAsync`, give `metricsPath` there (routes are made before the
   * factory runs) and `metrics` from the factory.
   * @default no metrics route
   */
  metrics?: Omit<MetricsRouteOptions, 'registry'>;
}

/** InstrumentorModuleAsyncOptions configure `InstrumentorModule.forRootAsync`. */
export interface InstrumentorModuleAsyncOptions {
  /** Modules that export the providers `inject` names. */
  imports?: any[];
  /** The providers whose instances `useFactory` receives, in order. */
  inject?: any[];
  /** useFactory returns the module options (without `globalInterceptor`), or a promise of them. */
  useFactory: (
    ...args: any[]
  ) => Omit<InstrumentorModuleOptions, 'globalInterceptor'> | Promise<Omit<InstrumentorModuleOptions, 'globalInterceptor'>>;
  /**
   * Apply the InstrumentorInterceptor to every handler of the application.
   * @default false
   */
  globalInterceptor?: boolean;
  /**
   * The path of the metrics route; the factory's options must then have
   * `metrics` (see InstrumentorModuleOptions.metrics).
   * @default no metrics route
   */
  metricsPath?: string;
}
