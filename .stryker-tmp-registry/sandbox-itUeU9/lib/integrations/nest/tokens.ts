/** INSTRUMENTOR_OPTIONS is the injection token of the InstrumentorModule's options. */
// @ts-nocheck

export const INSTRUMENTOR_OPTIONS: unique symbol = Symbol('instrumentor:options');

/** METRICS_ROUTE is the injection token of the metrics handler behind the module's metrics route. */
export const METRICS_ROUTE: unique symbol = Symbol('instrumentor:metricsRoute');
