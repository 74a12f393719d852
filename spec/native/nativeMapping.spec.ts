import { expect } from 'chai';
import { NATIVE_BOUNDS } from '../../lib/sketch/nativeBounds';
import { MAX_SCHEMA, MIN_SCHEMA, nativeIndex, reduceIndex, schemaForFactor, upperBound } from '../../lib/sketch/nativeMapping';

/** A seeded stream of values spread over many powers of two (xorshift, so runs repeat). */
function values(n: number, seed = 42): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out.push(Math.exp((((x >>> 0) / 2 ** 32) - 0.5) * 100));
  }
  return out;
}

describe('sketch/nativeMapping', () => {
  describe('schemaForFactor', () => {
    it('should pick the schemas client_golang picks', () => {
      expect(schemaForFactor(1.1)).to.equal(3);
      expect(schemaForFactor(1.2)).to.equal(2);
      expect(schemaForFactor(2)).to.equal(0);
      expect(Object.is(schemaForFactor(2), -0)).to.equal(false);
      expect(schemaForFactor(4)).to.equal(-1);
      expect(schemaForFactor(1.0001)).to.equal(MAX_SCHEMA);
      expect(schemaForFactor(1e100)).to.equal(MIN_SCHEMA);
    });
  });

  describe('nativeIndex', () => {
    it('should put each value in the bucket whose bounds hold it, at every schema', () => {
      for (let schema = MIN_SCHEMA; schema <= MAX_SCHEMA; schema++) {
        for (const v of values(2000, schema + 100)) {
          const i = nativeIndex(schema, v);
          expect(v <= upperBound(schema, i) && v > upperBound(schema, i - 1), `schema ${schema}, value ${v}, index ${i}`).to.equal(true);
        }
      }
    });

    it('should put a bound in the bucket it ends (upper bounds are inclusive)', () => {
      for (const schema of [-4, -1, 0, 1, 3, 8]) {
        const limit = Math.min(300, Math.floor(1000 * 2 ** schema)); // bounds within the doubles' range
        for (let i = -limit; i <= limit; i++) expect(nativeIndex(schema, upperBound(schema, i)), `schema ${schema}, index ${i}`).to.equal(i);
      }
    });

    it('should give the indexes of client_golang for its own examples', () => {
      // client_golang's "factor 1.1 results in schema 3": 1, 2 and 3 land in buckets 0, 8 and 13
      expect([1, 2, 3].map((v) => nativeIndex(3, v))).to.deep.equal([0, 8, 13]);
      // "factor 1.2 results in schema 2": 1, 1.2, 1.4, 1.8 and 2 land in 0, 2, 2, 4, 4
      expect([1, 1.2, 1.4, 1.8, 2].map((v) => nativeIndex(2, v))).to.deep.equal([0, 2, 2, 4, 4]);
      // negative schemas: powers of two end their bucket
      expect([1, 2, 3, 4, 5, 16, 17].map((v) => nativeIndex(-1, v))).to.deep.equal([0, 1, 1, 1, 2, 2, 3]);
      // a bound whose double is not the nearest to 2^(j/2^s): client_golang's table decides
      expect(NATIVE_BOUNDS[1][1]).to.equal(0.7071067811865475);
      expect(nativeIndex(1, 0.7071067811865475)).to.equal(-1);
      expect(nativeIndex(1, Math.SQRT1_2)).to.equal(0);
    });

    it('should read the exponent of subnormal numbers and of the largest double exactly', () => {
      expect(nativeIndex(0, Number.MIN_VALUE)).to.equal(-1074);
      expect(nativeIndex(0, 2 ** -1022)).to.equal(-1022);
      expect(nativeIndex(0, 3 * 2 ** -1070)).to.equal(-1068);
      expect(nativeIndex(0, Number.MAX_VALUE)).to.equal(1024);
      expect(nativeIndex(8, Number.MAX_VALUE)).to.equal(1024 * 256);
      expect(nativeIndex(8, Number.MIN_VALUE)).to.equal(-1074 * 256);
    });
  });

  describe('reduceIndex', () => {
    it('should merge buckets two by two per step: ceil(index / 2^by)', () => {
      expect([-3, -2, -1, 0, 1, 2, 3, 4].map((i) => reduceIndex(i, 1))).to.deep.equal([-1, -1, 0, 0, 1, 1, 2, 2]);
      expect(reduceIndex(17, 4)).to.equal(2);
      expect(reduceIndex(-17, 4)).to.equal(-1);
    });

    it('should agree with mapping the value at the lower schema', () => {
      for (const v of values(3000, 7)) {
        for (let by = 1; by <= 6; by++) expect(reduceIndex(nativeIndex(3, v), by), `value ${v}`).to.equal(nativeIndex(3 - by, v));
      }
    });
  });
});
