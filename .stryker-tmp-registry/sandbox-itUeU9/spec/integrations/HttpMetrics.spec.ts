// @ts-nocheck
import { expect } from 'chai';
import { AlreadyRegisteredError } from '../../lib/errors/AlreadyRegisteredError';
import { Counter } from '../../lib/metrics/Counter';
import { Histogram } from '../../lib/metrics/Histogram';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { HttpMetrics, routeText } from '../../lib/integrations/HttpMetrics';
import { registerShared } from '../../lib/integrations/registerShared';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('integrations/HttpMetrics', () => {
  function setup() {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'http', flushIntervalMs: 0 });
    return { store, registry };
  }

  describe('#record', () => {
    it('should count and time a request by method, route and status, the unmatched route for none', async () => {
      const { store, registry } = setup();
      const http = new HttpMetrics({ registry, buckets: [0.1, 1], flush: false });
      http.record('GET', '/users/:id', 200, 0.05);
      http.record('GET', '/users/:id', 200, 0.5);
      http.record('GET', undefined, 404, 0.001);
      http.record('GET', '', 404, -1); // a clock that went back counts as 0
      expect(await registry.flush()).to.equal(true);
      const fields = Object.fromEntries(store.fields('http'));
      expect(fields['http_requests_total::method="GET",route="/users/:id",status="200"']).to.equal('2');
      expect(fields['http_requests_total::method="GET",route="<unmatched>",status="404"']).to.equal('2');
      expect(fields['http_request_duration_seconds:b:le="0.1",method="GET",route="/users/:id",status="200"']).to.equal('1');
      expect(fields['http_request_duration_seconds:s:method="GET",route="<unmatched>",status="404"']).to.equal('0.001');
    });

    it('should never throw, whatever it is given', () => {
      const { registry } = setup();
      const http = new HttpMetrics({ registry, flush: false });
      expect(() => http.record(undefined as any, {} as any, NaN, NaN)).not.to.throw();
    });
  });

  describe('constructor', () => {
    it('should reuse the metrics of the same name, type, labels and buckets, and refuse others', () => {
      const { registry } = setup();
      const first = new HttpMetrics({ registry });
      const second = new HttpMetrics({ registry });
      expect(second.requests).to.equal(first.requests);
      expect(second.duration).to.equal(first.duration);
      expect(() => new HttpMetrics({ registry, buckets: [1] })).to.throw(AlreadyRegisteredError);
      const other = new CollectorRegistry({ store: new MemoryStore(), namespace: 'other', flushIntervalMs: 0 });
      other.register(new Counter({ name: 'http_requests_total', description: 'mine', allowedLabels: ['code'] }));
      expect(() => new HttpMetrics({ registry: other })).to.throw(AlreadyRegisteredError, /http_requests_total/);
    });

    it('should refuse a missing registry, a prefix that makes bad names and an empty unmatched route', () => {
      const { registry } = setup();
      expect(() => new HttpMetrics(undefined as any)).to.throw(TypeError, /registry/);
      expect(() => new HttpMetrics({ registry, prefix: 'http-' })).to.throw(TypeError, /http-requests_total/);
      expect(() => new HttpMetrics({ registry, unmatchedRoute: '' })).to.throw(TypeError, /unmatchedRoute/);
    });
  });

  describe('registerShared', () => {
    it('should return the registered metric when it matches, else rethrow', () => {
      const { registry } = setup();
      const a = registerShared(registry, new Histogram({ name: 'h_seconds', description: 'h', buckets: [1, 2] }));
      expect(registerShared(registry, new Histogram({ name: 'h_seconds', description: 'h', buckets: [1, 2] }))).to.equal(a);
      expect(() => registerShared(registry, new Histogram({ name: 'h_seconds', description: 'h', buckets: [1, 3] }))).to.throw(
        AlreadyRegisteredError,
      );
      expect(() => registerShared(registry, new Counter({ name: 'h_seconds', description: 'h' }))).to.throw(AlreadyRegisteredError);
    });
  });

  describe('routeText', () => {
    it('should spell strings, regular expressions and lists of them, and nothing else', () => {
      expect([routeText('/a/:id'), routeText(/^\/x$/), routeText(['/a', /b/]), routeText(42)]).to.deep.equal([
        '/a/:id',
        '/^\\/x$/',
        '/a,/b/',
        undefined,
      ]);
    });
  });
});
