/** INSTRUMENTOR_OPTIONS is the injection token of the InstrumentorModule's options. */
export const INSTRUMENTOR_OPTIONS: unique symbol = Symbol('instrumentor:options');
