import { expect } from 'chai';
import * as sinon from 'sinon';
import { namespaceKey } from '../../lib/codec/field';
import { InvalidFieldError } from '../../lib/errors/InvalidFieldError';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { RedisStore } from '../../lib/store/RedisStore';
import { useNamespace } from '../support/redis';

describe('ExpositionClient (real Redis)', () => {
  const ctx = useNamespace('expo');

  it('should read a large namespace in HSCAN chunks, never in one reply', async () => {
    const key = namespaceKey(ctx.namespace);
    const fields: string[] = ['big_total:t:', 'c'];
    for (let i = 0; i < 25_000; i++) fields.push(`big_total::i="${i}"`, String(i));
    await ctx.redis.hset(key, ...fields);
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace, scanCount: 500 });
    const redis = (client.backend as RedisStore).redis;
    const hscan = sinon.spy(redis, 'hscan');
    const hgetall = sinon.spy(redis, 'hgetall');
    const call = sinon.spy(redis, 'call');
    const { families } = await client.collect();
    expect(hscan.callCount).to.be.greaterThan(25);
    // the per-process hashes (docs/format.md, "Processes") are read with HGETALL; the namespace hash never is
    expect(hgetall.getCalls().filter((c) => c.args[0] === key)).to.have.length(0);
    expect(call.getCalls().filter((c) => c.args[1] === key)).to.have.length(0);
    expect(families[0].series).to.have.length(25_000);
    expect(families[0].series.reduce((sum, s) => sum + (s as { value: number }).value, 0)).to.equal((24_999 * 25_000) / 2);
  });

  it('should read a namespace of at most wholeReadFields fields with one HGETALL, and render it as the chunked read does', async () => {
    const key = namespaceKey(ctx.namespace);
    const fields: string[] = ['m_total:t:', 'c', 'm_total:d:', 'Help', 'g:t:', 'g', 'junk', 'x'];
    for (let i = 0; i < 300; i++) fields.push(`m_total::i="${i}"`, String(i), `g::i="${i}"`, String(i / 7));
    await ctx.redis.hset(key, ...fields);
    const whole = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace, wholeReadFields: 604, onInvalidField: () => undefined });
    const chunked = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace, wholeReadFields: 603, scanCount: 50, onInvalidField: () => undefined });
    const wholeRedis = (whole.backend as RedisStore).redis;
    const hscan = sinon.spy(wholeRedis, 'hscan');
    const sent = sinon.spy(wholeRedis, 'sendCommand');
    const text = await whole.expose();
    expect(hscan.callCount).to.equal(0); // chunked shares the client: its calls come after these checks
    const hgetalls = sent.getCalls().map((c) => c.args[0]).filter((c) => c.name.toLowerCase() === 'hgetall' && String(c.args[0]) === key);
    expect(hgetalls.map((c) => [c.name, ...c.args.map(String)])).to.deep.equal([['HGETALL', key]]);
    expect(hgetalls[0].isReadOnly, 'a Cluster reading replicas sends it to one').to.equal(true);
    expect(await whole.expose()).to.equal(text);
    expect(text).to.equal(await chunked.expose());
    expect(hscan.callCount).to.be.greaterThan(10);
    expect(text.split('\n')).to.have.length(2 * 300 + 4 + 1);
    expect(await whole.readFields()).to.deep.equal(await chunked.readFields());
  });

  it('should refuse a wholeReadFields that is not a whole number >= 0', () => {
    for (const wholeReadFields of [-1, 1.5, NaN]) {
      expect(() => new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace, wholeReadFields })).to.throw(RangeError, /wholeReadFields/);
    }
  });

  it('should skip and report foreign and corrupt fields, and still render the rest', async () => {
    await ctx.redis.hset(
      namespaceKey(ctx.namespace),
      'good_total:t:', 'c',
      'good_total::', '3',
      'someone_elses_field', 'hello',
      'good_total::x="1"', 'NaNny',
    );
    const reported: InvalidFieldError[] = [];
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace, onInvalidField: (e) => reported.push(e) });
    expect(await client.expose()).to.equal('# HELP good_total \n# TYPE good_total counter\ngood_total 3\n');
    expect(reported.map((e) => [e.name, e.field, e.value, e.reason])).to.deep.equal([
      ['InvalidFieldError', 'someone_elses_field', 'hello', 'invalid-field'],
      ['InvalidFieldError', 'good_total::x="1"', 'NaNny', 'invalid-value'],
    ]);
  });

  it('should turn skipped fields into one process warning, counted by reason, at most once a minute per reason, when no handler is given', async () => {
    await ctx.redis.hset(namespaceKey(ctx.namespace), 'junk', '1', 'more junk', '2', 'x::__name__="y"', '3');
    const warn = sinon.stub(process, 'emitWarning');
    const clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace });
    const text = await client.expose();
    await client.expose();
    expect(text).to.equal('');
    expect(warn.callCount).to.equal(1);
    clock.tick(60_000);
    await client.expose();
    expect(warn.callCount).to.equal(2);
    expect(String(warn.firstCall.args[0])).to.contain(`3 field(s) of namespace "${ctx.namespace}" skipped (`);
    expect(String(warn.firstCall.args[0])).to.contain('invalid-field: 2');
    expect(String(warn.firstCall.args[0])).to.contain('reserved-label-name: 1');
  });

  it('should render an empty namespace as empty text', async () => {
    expect(await new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace }).expose()).to.equal('');
  });
});
