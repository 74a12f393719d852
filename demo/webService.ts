import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CollectorRegistry, Counter, Gauge, Histogram } from '../lib';

/** A running web service of the demo. */
export interface WebService {
  readonly port: number;
  stop(): Promise<void>;
}

interface Reply {
  status: number;
  body: unknown;
}

/**
 * startWebService starts the demo's small shop API on a free port. Its
 * handlers are instrumented with decorators: a request counter labelled by
 * route and status code, a latency histogram per route, and a gauge of the
 * requests in progress.
 */
export async function startWebService(registry: CollectorRegistry): Promise<WebService> {
  const requests = registry.register(
    new Counter({ name: 'http_requests_total', description: 'HTTP requests answered', allowedLabels: ['route', 'code'] }),
  );
  const latency = registry.register(
    new Histogram({
      name: 'http_request_duration_seconds',
      description: 'Time to answer an HTTP request',
      allowedLabels: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    }),
  );
  const inFlight = registry.register(new Gauge({ name: 'http_requests_in_progress', description: 'HTTP requests being answered', aggregate: 'liveSum' }));
  const status = ({ result, outcome }: { result: unknown; outcome: string }) => ({
    code: outcome === 'success' ? (result as Reply).status : 500,
  });

  class Shop {
    @requests.count({ labels: { route: '/products' }, labelsAtEnd: status })
    @latency.time({ labels: { route: '/products' } })
    @inFlight.track
    async listProducts(): Promise<Reply> {
      await pause(2 + Math.random() * 8);
      return { status: 200, body: ['tea', 'coffee', 'cocoa'] };
    }

    @requests.count({ labels: { route: '/products/:id' }, labelsAtEnd: status })
    @latency.time({ labels: { route: '/products/:id' } })
    @inFlight.track
    async product(id: string): Promise<Reply> {
      await pause(1 + Math.random() * 4);
      return ['tea', 'coffee', 'cocoa'].includes(id) ? { status: 200, body: { id } } : { status: 404, body: 'no such product' };
    }

    @requests.count({ labels: { route: '/checkout' }, labelsAtEnd: status })
    @latency.time({ labels: { route: '/checkout' } })
    @inFlight.track
    async checkout(): Promise<Reply> {
      await pause(10 + Math.random() * 60);
      if (Math.random() < 0.1) throw new Error('payment declined');
      return { status: 201, body: 'ordered' };
    }
  }

  const shop = new Shop();
  const route = async (req: IncomingMessage): Promise<Reply> => {
    const path = new URL(req.url ?? '/', 'http://demo').pathname;
    if (path === '/products') return shop.listProducts();
    if (path.startsWith('/products/')) return shop.product(path.slice('/products/'.length));
    if (path === '/checkout' && req.method === 'POST') return shop.checkout();
    return { status: 404, body: 'not found' };
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    route(req).then(
      (reply) => send(res, reply.status, reply.body),
      (err: Error) => send(res, 500, err.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
