import { expect } from 'chai';
import { namespaceKey, seenKey, writersKey } from '../../lib/codec/field';
import { IncrementError } from '../../lib/errors/IncrementError';
import { InvalidFieldError } from '../../lib/errors/InvalidFieldError';
import { NamespaceTypeError } from '../../lib/errors/NamespaceTypeError';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { Counter } from '../../lib/metrics/Counter';
import { Gauge } from '../../lib/metrics/Gauge';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry, CollectorRegistryOptions } from '../../lib/registry/CollectorRegistry';
import { promtoolCheck } from '../support/promtool';
import { readHash, useNamespace } from '../support/redis';

// One test per kind of bad input: each gets a clear error or is skipped and
// reported, and nothing already stored is lost.
describe('reliability: bad input', () => {
  describe('programmer errors throw at once, naming the metric and the value', () => {
    it('invalid metric names', () => {
      for (const name of ['', '1abc', 'a:b', 'a-b', 'a b', 'größe', 'x{y}']) {
        expect(() => new Counter({ name, description: 'x' }), name).to.throw(TypeError, JSON.stringify(name));
      }
      for (const name of [undefined, null, 42, {}]) {
        expect(() => new Counter({ name: name as any, description: 'x' }), String(name)).to.throw(TypeError, 'not a valid metric name');
      }
    });

    it('invalid label names', () => {
      for (const label of ['__name', '1a', 'a-b', 'a:b', '', 'ü']) {
        expect(() => new Counter({ name: 'c_total', description: 'x', allowedLabels: [label] }), label).to.throw(
          TypeError,
          `metric "c_total": ${JSON.stringify(label)} is not a valid label name`,
        );
      }
      expect(() => new Counter({ name: 'c_total', description: 'x', allowedLabels: ['a', 'a'] })).to.throw(TypeError, 'declared twice');
    });

    it('reserved labels', () => {
      for (const label of ['le', 'quantile']) {
        expect(() => new Histogram({ name: 'h_seconds', description: 'x', allowedLabels: [label] })).to.throw(
          TypeError,
          `metric "h_seconds": label name "${label}" is reserved`,
        );
        expect(() => new Counter({ name: 'c_total', description: 'x', allowedLabels: [label] })).to.throw(TypeError, 'reserved');
      }
    });

    it('unknown labels when recording, and nothing is recorded', () => {
      const c = new Counter({ name: 'req_total', description: 'x', allowedLabels: ['method'] });
      expect(() => c.inc({ method: 'GET', code: 200 } as any)).to.throw(TypeError, 'metric "req_total": unknown label "code" (allowed: "method")');
      const plain = new Counter({ name: 'plain_total', description: 'x' });
      expect(() => plain.inc({ a: 1 } as any)).to.throw(TypeError, 'unknown label "a" (allowed: none)');
      expect(c._dirty).to.have.length(0);
    });

    it('wrong types: strings as values, objects as label values, non-objects as labels', () => {
      const c = new Counter({ name: 'typed_total', description: 'x', allowedLabels: ['k'] });
      const g = new Gauge({ name: 'typed_gauge', description: 'x', allowedLabels: ['k'] });
      const h = new Histogram({ name: 'typed_seconds', description: 'x', allowedLabels: ['k'] });
      expect(() => c.inc('5' as any)).to.throw(TypeError, 'counter "typed_total": increment must be a finite number >= 0, got "5"');
      expect(() => g.set('1' as any)).to.throw(TypeError, 'gauge "typed_gauge"');
      expect(() => g.set(null as any)).to.throw(TypeError, 'got null');
      expect(() => h.observe('0.1' as any)).to.throw(TypeError, 'histogram "typed_seconds"');
      for (const v of [{}, [], null, () => 1, Symbol('s')]) {
        expect(() => c.inc({ k: v as any }), String(typeof v)).to.throw(TypeError, 'the value of label "k" must be a string, number or boolean');
      }
      expect(() => c.inc(1, 'k=v' as any)).to.throw(TypeError, 'labels must be an object, got "k=v"');
      expect(() => c.inc(null as any)).to.throw(TypeError, 'counter "typed_total": increment must be a finite number >= 0, got null');
    });

    it('NaN and ±Infinity, and negative counter increments', () => {
      const c = new Counter({ name: 'n_total', description: 'x' });
      const g = new Gauge({ name: 'n_gauge', description: 'x' });
      const h = new Histogram({ name: 'n_seconds', description: 'x' });
      for (const v of [NaN, Infinity, -Infinity]) {
        expect(() => c.inc(v), String(v)).to.throw(RangeError, `got ${v}`);
        // a gauge may be set to ±Infinity (Prometheus gauges can be), never to NaN
        if (Number.isNaN(v)) expect(() => g.set(v), String(v)).to.throw(RangeError, 'gauge "n_gauge"');
        else expect(() => g.set(v), String(v)).not.to.throw();
        expect(() => g.inc(v), String(v)).to.throw(RangeError);
        expect(() => g.dec(v), String(v)).to.throw(RangeError);
        expect(() => h.observe(v), String(v)).to.throw(RangeError, 'histogram "n_seconds"');
        expect(() => c.labels({}).inc(v)).to.throw(RangeError);
      }
      expect(() => c.inc(-1)).to.throw(RangeError, 'counter "n_total": increment must be a finite number >= 0, got -1');
      expect(() => new Gauge({ name: 'g', description: 'x', startValue: NaN })).to.throw(RangeError, 'startValue');
    });

    it('label values that are not well-formed Unicode (a lone surrogate cannot be stored as UTF-8)', () => {
      const c = new Counter({ name: 'u_total', description: 'x', allowedLabels: ['name'] });
      expect(() => c.inc({ name: 'ab\uD800' })).to.throw(TypeError, 'metric "u_total": the value of label "name" is not well-formed Unicode');
      expect(() => c.inc({ name: '\uDC00' })).to.throw(TypeError, 'lone surrogate');
      expect(() => c.inc({ name: 'ok 😀' })).not.to.throw();
    });
  });

  describe('hard label values round-trip exactly and render valid text (real Redis, promtool)', () => {
    const ctx = useNamespace('badinput');
    const values = [
      'say "hi"',
      'back\\slash',
      'ends with a backslash\\',
      '\\"',
      'line\nfeed',
      'a,b',
      'k=v',
      'x:y:z',
      '{braces}',
      '日本語',
      '😀 emoji',
      'e\u0301 combining',
      'עברית rtl',
      'tab\there',
      ' leading and trailing ',
      '"',
      '\\n is not a line feed',
      'x'.repeat(100_000),
    ];

    it('should read back every label value exactly as recorded, one series each', async function () {
      // a label value of 100,000 characters is past the default maxFieldBytes (16384) of writers and readers: both are told
      const registry = new CollectorRegistry({ redis: ctx.redis, namespace: ctx.namespace, flushIntervalMs: 0, maxFieldBytes: 200_000 });
      const c = registry.register(new Counter({ name: 'odd_total', description: 'Odd "labels"\\', allowedLabels: ['v', 'w'] }));
      const h = registry.register(new Histogram({ name: 'odd_seconds', description: 'x', allowedLabels: ['v'], buckets: [1] }));
      values.forEach((v, i) => {
        c.inc(i + 1, { v, w: v.length > 1000 ? 'long' : `${v}|2` });
        h.observe(0.5, { v });
      });
      expect(await registry.close()).to.equal(true);
      const client = new ExpositionClient({
        redis: ctx.redis, namespace: ctx.namespace, limits: { maxFieldBytes: 200_000 }, onInvalidField: (e) => expect.fail(e.message),
      });
      const { families, skipped } = await client.collect();
      expect(skipped).to.deep.equal([]);
      const byDefault = await new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace, onInvalidField: () => undefined }).collect();
      expect(byDefault.skipped.map((s) => s.reason)).to.deep.equal(Array(5).fill('field-too-long')); // the counter, two buckets, sum, count

      const counter = families.find((f) => f.name === 'odd_total')!;
      const got = new Map(counter.series.map((s: any) => [Object.fromEntries(s.labels).v, s.value]));
      expect(got.size).to.equal(values.length);
      values.forEach((v, i) => expect(got.get(v), JSON.stringify(v.slice(0, 40))).to.equal(i + 1));
      const histogram = families.find((f) => f.name === 'odd_seconds')!;
      expect(histogram.series.map((s: any) => s.labels[0][1]).sort()).to.deep.equal([...values].sort());
      const text = await client.expose();
      expect(text).to.contain('odd_total{v="say \\"hi\\"",w="say \\"hi\\"|2"} 1\n');
      expect(text).to.contain('odd_total{v="line\\nfeed",w="line\\nfeed|2"} 5\n');
      expect(text).to.contain('odd_total{v="ends with a backslash\\\\",w="ends with a backslash\\\\|2"} 3\n');
      const check = promtoolCheck(this, text);
      expect(check.status, check.output).to.equal(0);
    });
  });

  describe('what Redis holds can be wrong too (real Redis)', () => {
    const ctx = useNamespace('badredis');
    let errors: Error[];
    const registry = (options: Partial<CollectorRegistryOptions> = {}) =>
      new CollectorRegistry({
        redis: ctx.redis,
        namespace: ctx.namespace,
        flushIntervalMs: 0,
        retryDelayMs: 60_000,
        onError: (e) => errors.push(e),
        ...options,
      });
    beforeEach(() => {
      errors = [];
    });

    it('a namespace key that is not a hash (WRONGTYPE): reported, nothing written, delivered once the key is fixed', async () => {
      const key = namespaceKey(ctx.namespace);
      await ctx.redis.set(key, 'someone else');
      const reg = registry();
      const c = reg.register(new Counter({ name: 'wt_total', description: 'x' }));
      c.inc(3);
      expect(await reg.flush()).to.equal(false);
      expect(errors[0]).to.be.instanceOf(NamespaceTypeError);
      expect((errors[0] as NamespaceTypeError).key).to.equal(key);
      expect(await ctx.redis.get(key)).to.equal('someone else'); // not touched
      c.inc(4);
      expect(await reg.flush()).to.equal(false);
      await ctx.redis.del(key);
      expect(await reg.flush()).to.equal(true);
      expect(await ctx.redis.hget(key, 'wt_total::')).to.equal('7');
      await reg.close();
    });

    it('a writers or seen key of the wrong type: reported with that key, not the namespace key; delivered once it is removed', async () => {
      for (const [key, expected] of [
        [writersKey(ctx.namespace), 'hash'],
        [seenKey(ctx.namespace), 'sorted set'],
      ] as const) {
        errors = [];
        await ctx.redis.set(key, 'someone else');
        const reg = registry();
        const c = reg.register(new Counter({ name: 'wk_total', description: 'x' }));
        c.inc(2);
        expect(await reg.flush()).to.equal(false);
        const error = errors[0] as NamespaceTypeError;
        expect(error).to.be.instanceOf(NamespaceTypeError);
        expect(error.key).to.equal(key);
        expect(error.expected).to.equal(expected);
        expect(error.message).to.contain(`the key ${key} is not a ${expected}`);
        expect(await ctx.redis.exists(namespaceKey(ctx.namespace))).to.equal(0); // nothing written
        await ctx.redis.del(key);
        expect(await reg.flush()).to.equal(true);
        expect(await ctx.redis.hget(namespaceKey(ctx.namespace), 'wk_total::')).to.equal('2');
        await reg.close();
        await ctx.redis.del(namespaceKey(ctx.namespace), writersKey(ctx.namespace), seenKey(ctx.namespace));
      }
    });

    it('corrupt or foreign fields in the hash: writes go on, the reader skips and reports them, nothing stored is lost', async () => {
      const key = namespaceKey(ctx.namespace);
      await ctx.redis.hset(key, {
        'no separators': '1',
        'jobs_total::broken="': '2',
        'jobs_total:t:': 'c',
        'jobs_total::q="a"': '10',
        'foreign:z:': 'x',
        'jobs_total::q="b"': 'not a number',
      });
      const reg = registry();
      const c = reg.register(new Counter({ name: 'jobs_total', description: 'Jobs', allowedLabels: ['q'] }));
      c.inc(5, { q: 'a' });
      c.inc(1, { q: 'b' });
      expect(await reg.flush()).to.equal(true); // applied, except the one increment Redis refused: reported, not retried
      const inc = errors.find((e) => e instanceof IncrementError) as IncrementError;
      expect(inc.failedFields).to.deep.equal(['jobs_total::q="b"']);
      expect(reg.status().droppedUpdates.not_a_number).to.equal(1);
      expect(reg.status().pendingBatches).to.equal(0);
      const hash = await readHash(ctx.redis, ctx.namespace);
      expect(hash['jobs_total::q="a"']).to.equal('15');
      expect(hash['jobs_total::q="b"']).to.equal('not a number');
      expect(hash['no separators']).to.equal('1');
      const skipped: InvalidFieldError[] = [];
      const text = await new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace, onInvalidField: (e) => skipped.push(e) }).expose();
      expect(text).to.equal('# HELP jobs_total Jobs\n# TYPE jobs_total counter\njobs_total{q="a"} 15\n');
      expect(skipped.map((s) => s.field).sort()).to.deep.equal(
        ['foreign:z:', 'jobs_total::broken="', 'jobs_total::q="b"', 'no separators'].sort(),
      );
      await reg.close();
    });

    it('numbers Redis cannot increment: refused and reported, the fields kept, the rest applied', async () => {
      const key = namespaceKey(ctx.namespace);
      await ctx.redis.hset(key, 'huge_total::', 'inf', 'huge_total::k="nan"', 'nan', 'huge_total::k="fine"', '1');
      const reg = registry();
      const c = reg.register(new Counter({ name: 'huge_total', description: 'x', allowedLabels: ['k'] }));
      c.inc(1); // inf + 1 would not be finite
      c.inc(1, { k: 'nan' }); // "nan" is not a float to Redis
      c.inc(1, { k: 'fine' });
      expect(await reg.flush()).to.equal(true);
      c.inc(1e308, { k: 'inf' });
      c.inc(1e308, { k: 'inf' }); // the sum in memory is Infinity: Redis refuses to add it
      expect(await reg.flush()).to.equal(true);
      const failed = errors.filter((e) => e instanceof IncrementError).map((e) => (e as IncrementError).failedFields);
      expect(failed).to.deep.equal([['huge_total::', 'huge_total::k="nan"'], ['huge_total::k="inf"']]);
      const hash = await readHash(ctx.redis, ctx.namespace);
      expect(hash['huge_total::']).to.equal('inf');
      expect(hash['huge_total::k="nan"']).to.equal('nan');
      expect(hash['huge_total::k="fine"']).to.equal('2');
      expect(hash).not.to.have.property('huge_total::k="inf"');
      expect(reg.status().droppedUpdates.not_a_number).to.equal(3);
      await reg.close();
    });
  });
});
