// @ts-nocheck
export { InstrumentorModule } from './InstrumentorModule';
export type { InstrumentorModuleOptions, InstrumentorModuleAsyncOptions } from './InstrumentorModuleOptions';
export { InstrumentorInterceptor } from './InstrumentorInterceptor';
export { INSTRUMENTOR_OPTIONS } from './tokens';
export { HttpMetrics, UNMATCHED_ROUTE } from '../HttpMetrics';
export type { HttpLabel, HttpMetricsOptions } from '../HttpMetrics';
export type { FlushOptions } from '../FlushScheduler';
