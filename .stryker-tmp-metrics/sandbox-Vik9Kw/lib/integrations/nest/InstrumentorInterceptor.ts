// @ts-nocheck
import 'reflect-metadata';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { HttpMetrics, routeText } from '../HttpMetrics';

/** The parts of an Express or Fastify request the interceptor reads. */
interface AnyRequest {
  method?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  routeOptions?: { url?: string };
}

/**
 * InstrumentorInterceptor counts and times the HTTP requests of the handlers
 * it applies to, by method, route template (such as `/api/cats/:id`, with the
 * global prefix and controller path) and status code, and flushes the
 * registry once the response is finished, without delaying it. Exceptions
 * pass through unchanged and are counted with the status the exception
 * filter answers with. It works on the Express and the Fastify platform, and
 * leaves other execution contexts (microservices, WebSockets) alone. It sees
 * only requests that reach a handler: 404s and requests refused by guards
 * do not reach interceptors; instrument the platform's app with
 * `expressMetrics` or `fastifyMetrics` to count those too. The duration
 * runs from the interceptor to the end of the response.
 *
 * @example
 * \@Controller('cats')
 * \@UseInterceptors(InstrumentorInterceptor)
 * export class CatsController {}
 */
/** Requests tracked already, by any instance (Nest makes one per module that names the interceptor). */
const tracked = new WeakSet<object>();

export class InstrumentorInterceptor implements NestInterceptor {
  constructor(private readonly metrics: HttpMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      try {
        this.track(context);
      } catch {
        // a request that cannot be tracked is left alone
      }
    }
    return next.handle();
  }

  private track(context: ExecutionContext): void {
    const http = context.switchToHttp();
    const req = http.getRequest<AnyRequest>();
    const reply = http.getResponse<ServerResponse | { raw: ServerResponse }>();
    if (req === null || typeof req !== 'object' || tracked.has(req)) return; // applied twice (globally and on the controller)
    tracked.add(req);
    const res = 'raw' in reply ? reply.raw : reply;
    const start = performance.now();
    const route = req.routeOptions?.url ?? join(req.baseUrl, routeText(req.route?.path));
    let finished = false;
    res.once('finish', () => {
      finished = true;
      this.metrics.record(req.method ?? 'UNKNOWN', route, res.statusCode, (performance.now() - start) / 1000);
    });
    res.once('close', () => {
      if (!finished) this.metrics.flushSoon();
    });
  }
}

function join(base: string | undefined, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  if (!base) return path;
  return path === '/' ? base : base + path;
}

// Decorators applied as calls: this library is compiled with standard decorators, Nest reads legacy metadata.
Injectable()(InstrumentorInterceptor);
Inject(HttpMetrics)(InstrumentorInterceptor, undefined, 0);
