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
    for (let i = 0; i < 5000; i++) fields.push(`big_total::i="${i}"`, String(i));
    await ctx.redis.hset(key, ...fields);
    const client = new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace, scanCount: 500 });
    const hscan = sinon.spy((client.backend as RedisStore).redis, 'hscan');
    const hgetall = sinon.spy((client.backend as RedisStore).redis, 'hgetall');
    const { families } = await client.collect();
    expect(hscan.callCount).to.be.greaterThan(5);
    expect(hgetall.callCount).to.equal(0);
    expect(families[0].series).to.have.length(5000);
    expect(families[0].series.reduce((sum, s) => sum + (s as { value: number }).value, 0)).to.equal((4999 * 5000) / 2);
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
      ['InvalidFieldError', 'someone_elses_field', 'hello', 'no ":" separator'],
      ['InvalidFieldError', 'good_total::x="1"', 'NaNny', 'the value is not a number'],
    ]);
  });

  it('should turn skipped fields into one process warning when no handler is given', async () => {
    await ctx.redis.hset(namespaceKey(ctx.namespace), 'junk', '1', 'more junk', '2');
    const warn = sinon.stub(process, 'emitWarning');
    const text = await new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace }).expose();
    expect(text).to.equal('');
    expect(warn.callCount).to.equal(1);
    expect(String(warn.firstCall.args[0])).to.contain(`2 field(s) of namespace "${ctx.namespace}" skipped`);
  });

  it('should render an empty namespace as empty text', async () => {
    expect(await new ExpositionClient({ redis: ctx.redis, namespace: ctx.namespace }).expose()).to.equal('');
  });
});
