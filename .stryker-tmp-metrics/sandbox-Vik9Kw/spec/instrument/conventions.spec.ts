// @ts-nocheck
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import * as sinon from 'sinon';
import * as ts from 'typescript';
import * as lib from '../../lib/index';
import { useNamespace } from '../support/redis';
import type { defineOrders } from './fixtures/orders';
import { newRegistry, scrape } from './support';

const FIXTURE = join(__dirname, 'fixtures', 'orders.ts');

/** The compiler settings of the two conventions; everything else as in tsconfig.json. */
const CONVENTIONS = {
  standard: {},
  experimentalDecorators: { experimentalDecorators: true, emitDecoratorMetadata: true },
} as const;

type Convention = keyof typeof CONVENTIONS;

function compilerOptions(convention: Convention): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'],
    types: ['node'],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    ...CONVENTIONS[convention],
  };
}

/** compile transpiles the fixture under one convention and runs the output as a plain CommonJS module. */
function compile(convention: Convention): { code: string; defineOrders: typeof defineOrders } {
  const { outputText } = ts.transpileModule(readFileSync(FIXTURE, 'utf8'), {
    compilerOptions: compilerOptions(convention),
    fileName: FIXTURE,
  });
  const module = { exports: {} as { defineOrders: typeof defineOrders } };
  const load = runInThisContext(`(function (exports, module) {${outputText}\n})`, { filename: `orders.${convention}.js` }) as (
    exports: object,
    module: object,
  ) => void;
  load(module.exports, module);
  return { code: outputText, defineOrders: module.exports.defineOrders };
}

describe('instrument: both decorator conventions', () => {
  const ctx = useNamespace('conventions');

  it('should type-check the fixture under experimentalDecorators too (tsconfig.json checks it as standard)', function () {
    this.timeout(60_000);
    const program = ts.createProgram([FIXTURE], { ...compilerOptions('experimentalDecorators'), noEmit: true });
    // Only the fixture's own diagnostics: it must compile as written under this convention.
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(FIXTURE)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).to.deep.equal([]);
  });

  const results: Partial<Record<Convention, Map<string, number>>> = {};

  for (const convention of Object.keys(CONVENTIONS) as Convention[]) {
    it(`should record every form exactly when compiled with ${convention}`, async () => {
      const { code, defineOrders } = compile(convention);
      // the output really uses the convention under test
      if (convention === 'standard') expect(code).to.contain('__esDecorate(').and.not.contain('__decorate(');
      else expect(code).to.contain('__decorate(').and.not.contain('__esDecorate(');

      const clock = sinon.useFakeTimers({ toFake: ['performance'] });
      const { OrderService, fetchQuote, refusedGetter, metrics } = defineOrders(lib, (ms) => clock.tick(ms));
      const registry = newRegistry(ctx.redis, ctx.namespace);
      expect(registry.registerInstrumented(OrderService)).to.have.members([
        metrics.ordersPlaced,
        metrics.placeLatency,
        metrics.quoteLatency,
        metrics.inFlight,
      ]);
      expect(
        registry.listInstrumented().map((m) => `${m.static ? 'static ' : ''}${String(m.method)} @${m.decorator} ${m.metric.name}`),
      ).to.have.members([
        'place @count orders_placed_total',
        'place @time order_place_seconds',
        'place @track orders_in_flight',
        'charge @count orders_placed_total',
        'charge @time order_place_seconds',
        'static quote @time quote_milliseconds',
      ]);

      const service = new OrderService();
      expect(await service.place('a')).to.equal('placed a');
      expect(await service.place('b')).to.equal('placed b');
      expect(service.saved).to.deep.equal(['a', 'b']);
      expect(service.charge(10)).to.equal(10);
      expect(() => service.charge(-1)).to.throw(RangeError, 'negative amount');
      expect(OrderService.quote('abc')).to.equal(3);
      expect(await fetchQuote('q1')).to.equal('quote q1');
      expect(refusedGetter()).to.match(
        /^@count for metric "orders_placed_total" cannot instrument (Refused\.)?total: it is a getter; only methods and functions can be instrumented$/,
      );
      clock.restore();

      const samples = await scrape(registry, ctx.redis);
      results[convention] = samples;
      expect(Object.fromEntries(samples)).to.deep.equal({
        orders_in_flight: 0,
        'orders_placed_total': 2,
        'orders_placed_total{channel="api",outcome="error"}': 1,
        'orders_placed_total{channel="api",outcome="success"}': 1,
        // place: 200 ms + 30 ms in save, twice
        'order_place_seconds_bucket{le="0.1"}': 0,
        'order_place_seconds_bucket{le="0.5"}': 2,
        'order_place_seconds_bucket{le="1"}': 2,
        'order_place_seconds_bucket{le="+Inf"}': 2,
        order_place_seconds_sum: 0.46,
        order_place_seconds_count: 2,
        // charge: 50 ms, twice (one threw)
        'order_place_seconds_bucket{step="charge",le="0.1"}': 2,
        'order_place_seconds_bucket{step="charge",le="0.5"}': 2,
        'order_place_seconds_bucket{step="charge",le="1"}': 2,
        'order_place_seconds_bucket{step="charge",le="+Inf"}': 2,
        'order_place_seconds_sum{step="charge"}': 0.1,
        'order_place_seconds_count{step="charge"}': 2,
        // save's timer: 30 ms, twice
        'order_place_seconds_bucket{step="db",le="0.1"}': 2,
        'order_place_seconds_bucket{step="db",le="0.5"}': 2,
        'order_place_seconds_bucket{step="db",le="1"}': 2,
        'order_place_seconds_bucket{step="db",le="+Inf"}': 2,
        'order_place_seconds_sum{step="db"}': 0.06,
        'order_place_seconds_count{step="db"}': 2,
        // timed fetchQuote: 400 ms
        'order_place_seconds_bucket{step="fetch",le="0.1"}': 0,
        'order_place_seconds_bucket{step="fetch",le="0.5"}': 1,
        'order_place_seconds_bucket{step="fetch",le="1"}': 1,
        'order_place_seconds_bucket{step="fetch",le="+Inf"}': 1,
        'order_place_seconds_sum{step="fetch"}': 0.4,
        'order_place_seconds_count{step="fetch"}': 1,
        // static quote: 7 ms, in milliseconds
        'quote_milliseconds_bucket{le="5"}': 0,
        'quote_milliseconds_bucket{le="10"}': 1,
        'quote_milliseconds_bucket{le="+Inf"}': 1,
        quote_milliseconds_sum: 7,
        quote_milliseconds_count: 1,
      });
    });
  }

  it('should give the same exposition under both conventions', function () {
    if (results.standard === undefined || results.experimentalDecorators === undefined) this.skip();
    expect([...results.standard!]).to.deep.equal([...results.experimentalDecorators!]);
  });
});
