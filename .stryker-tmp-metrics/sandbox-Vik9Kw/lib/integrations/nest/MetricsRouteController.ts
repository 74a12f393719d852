// @ts-nocheck
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { OnModuleDestroy, Type } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsHandler } from '../../server/createMetricsHandler';
import { METRICS_ROUTE } from './tokens';

/** The request or reply Nest hands a handler: Express' (a node:http object) or Fastify's (with `raw`). */
interface PlatformRequest extends Partial<IncomingMessage> {
  raw?: IncomingMessage;
}
interface PlatformReply extends Partial<ServerResponse> {
  raw?: ServerResponse;
  hijack?: () => void;
}

/**
 * metricsRouteController makes the controller of the in-app metrics route:
 * `GET <path>` and `GET <path>/:namespace` are answered by the metrics
 * handler (negotiation, gzip, 503 at once while Redis is down) on the raw
 * request and response, on the Express and the Fastify platform alike. The
 * handler's connection is closed when the module is destroyed.
 */
export function metricsRouteController(path: string): Type<unknown> {
  const base = path === '/' ? '' : path;
  class InstrumentorMetricsController implements OnModuleDestroy {
    constructor(private readonly handler: MetricsHandler) {}

    async scrape(request: PlatformRequest, reply: PlatformReply): Promise<void> {
      const req = request.raw ?? (request as IncomingMessage);
      const res = reply.raw ?? (reply as ServerResponse);
      reply.hijack?.();
      // the handler serves /metrics and /metrics/<namespace>: the path as routed here, whatever the global prefix
      const original = req.url ?? '/';
      const query = original.includes('?') ? original.slice(original.indexOf('?')) : '';
      const namespace = (request as { params?: { namespace?: string } }).params?.namespace;
      req.url = (namespace === undefined ? '/metrics' : `/metrics/${encodeURIComponent(namespace)}`) + query;
      try {
        await this.handler(req, res);
      } finally {
        req.url = original;
      }
    }

    onModuleDestroy(): Promise<void> {
      return this.handler.close();
    }
  }
  // Decorators applied as calls: this library is compiled with standard decorators, Nest reads legacy metadata.
  Inject(METRICS_ROUTE)(InstrumentorMetricsController, undefined, 0);
  const proto = InstrumentorMetricsController.prototype;
  Req()(proto, 'scrape', 0);
  Res()(proto, 'scrape', 1);
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'scrape')!;
  Get([base === '' ? '/' : base, `${base}/:namespace`])(proto, 'scrape', descriptor);
  Object.defineProperty(proto, 'scrape', descriptor);
  Controller()(InstrumentorMetricsController);
  return InstrumentorMetricsController;
}
