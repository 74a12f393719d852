// @ts-nocheck
import { expect } from 'chai';
import * as sinon from 'sinon';
import { Backoff } from '../../lib/registry/backoff';

describe('Backoff', () => {
  describe('#next', () => {
    it('should double the delay after every failure, up to the maximum', () => {
      const b = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
      expect(Array.from({ length: 7 }, () => b.next())).to.deep.equal([100, 200, 400, 800, 1000, 1000, 1000]);
      expect(b.failures).to.equal(7);
    });

    it('should shorten each delay at random by at most the jitter', () => {
      const random = sinon.stub(Math, 'random');
      const b = new Backoff({ initialMs: 1000, maxMs: 1000, jitter: 0.2 });
      random.returns(0);
      expect(b.next()).to.equal(1000);
      random.returns(0.999999);
      expect(b.next()).to.equal(800);
      random.returns(0.5);
      expect(b.next()).to.equal(900);
    });

    it('should not overflow after very many failures', () => {
      const b = new Backoff({ initialMs: 1, maxMs: 5000, jitter: 0 });
      for (let i = 0; i < 10_000; i++) b.next();
      expect(b.next()).to.equal(5000);
    });
  });

  describe('#reset', () => {
    it('should start again from the first delay', () => {
      const b = new Backoff({ initialMs: 50, maxMs: 1000, jitter: 0 });
      b.next();
      b.next();
      b.reset();
      expect(b.next()).to.equal(50);
    });
  });
});
