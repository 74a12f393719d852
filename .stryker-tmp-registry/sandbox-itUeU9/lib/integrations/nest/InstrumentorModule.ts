// @ts-nocheck
import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import type { DynamicModule, Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CollectorRegistry } from '../../registry/CollectorRegistry';
import { HttpMetrics } from '../HttpMetrics';
import { InstrumentorInterceptor } from './InstrumentorInterceptor';
import type { InstrumentorModuleAsyncOptions, InstrumentorModuleOptions } from './InstrumentorModuleOptions';
import { RegistryLifecycle } from './RegistryLifecycle';
import { metricsRouteHandler } from '../metricsRoute';
import { metricsRouteController } from './MetricsRouteController';
import { INSTRUMENTOR_OPTIONS, METRICS_ROUTE } from './tokens';

/**
 * InstrumentorModule provides, to every module of a NestJS application (it
 * is global), the CollectorRegistry (inject it by its class), the
 * HttpMetrics, and the InstrumentorInterceptor. Method decorators such as
 * `@counter.count` and `@histogram.time` work on providers and controllers
 * compiled with `experimentalDecorators`, as Nest needs. A registry the
 * module made from options is closed when the application shuts down.
 * Creating the registry throws (at startup) like `new CollectorRegistry`.
 *
 * @example
 * \@Module({
 *   imports: [InstrumentorModule.forRoot({ registry: { redis: 'redis://127.0.0.1:6379', namespace: 'shop' }, globalInterceptor: true })],
 *   controllers: [CatsController],
 * })
 * export class AppModule {}
 */
export class InstrumentorModule {
  /** forRoot makes the module from options known up front. */
  static forRoot(options: InstrumentorModuleOptions): DynamicModule {
    const metricsPath = options.metrics === undefined ? undefined : (options.metrics.metricsPath ?? '/metrics');
    return InstrumentorModule.build([{ provide: INSTRUMENTOR_OPTIONS, useValue: options }], [], options.globalInterceptor, metricsPath);
  }

  /**
   * forRootAsync makes the module from options that a factory returns, with
   * injected providers (such as a ConfigService).
   */
  static forRootAsync(options: InstrumentorModuleAsyncOptions): DynamicModule {
    return InstrumentorModule.build(
      [{ provide: INSTRUMENTOR_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }],
      options.imports ?? [],
      options.globalInterceptor,
      options.metricsPath,
    );
  }

  private static build(optionsProviders: Provider[], imports: any[], globalInterceptor = false, metricsPath?: string): DynamicModule {
    const providers: Provider[] = [
      ...optionsProviders,
      {
        provide: CollectorRegistry,
        useFactory: (o: InstrumentorModuleOptions) =>
          o.registry instanceof CollectorRegistry ? o.registry : new CollectorRegistry(o.registry),
        inject: [INSTRUMENTOR_OPTIONS],
      },
      {
        provide: HttpMetrics,
        useFactory: (registry: CollectorRegistry, o: InstrumentorModuleOptions) => new HttpMetrics({ ...o.http, registry }),
        inject: [CollectorRegistry, INSTRUMENTOR_OPTIONS],
      },
      {
        provide: RegistryLifecycle,
        useFactory: (registry: CollectorRegistry, o: InstrumentorModuleOptions) =>
          new RegistryLifecycle(registry, !(o.registry instanceof CollectorRegistry)),
        inject: [CollectorRegistry, INSTRUMENTOR_OPTIONS],
      },
      InstrumentorInterceptor,
    ];
    if (globalInterceptor) providers.push({ provide: APP_INTERCEPTOR, useExisting: InstrumentorInterceptor });
    const controllers = [];
    if (metricsPath !== undefined) {
      providers.push({
        provide: METRICS_ROUTE,
        useFactory: (registry: CollectorRegistry, o: InstrumentorModuleOptions) => {
          if (o.metrics === undefined) throw new TypeError('InstrumentorModule: metricsPath needs the metrics option ({ redis })');
          return metricsRouteHandler({ ...o.metrics, registry, metricsPath: '/metrics' });
        },
        inject: [CollectorRegistry, INSTRUMENTOR_OPTIONS],
      });
      controllers.push(metricsRouteController(metricsPath));
    }
    return {
      module: InstrumentorModule,
      global: true,
      imports,
      controllers,
      providers,
      exports: [CollectorRegistry, HttpMetrics, InstrumentorInterceptor, INSTRUMENTOR_OPTIONS],
    };
  }
}

// Decorators applied as calls: this library is compiled with standard decorators, Nest reads legacy metadata.
Global()(InstrumentorModule);
Module({})(InstrumentorModule);
