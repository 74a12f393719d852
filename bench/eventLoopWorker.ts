/**
 * The serving side of the event-loop benchmark, in a process of its own:
 * BENCH_SIDE=ours serves the namespace BENCH_NAMESPACE with
 * createMetricsHandler, BENCH_SIDE=prom serves BENCH_SERIES counter series
 * from a prom-client registry. It watches its event loop with
 * `monitorEventLoopDelay` while the parent scrapes it over HTTP, and counts
 * the CPU time the process uses between two turns of a 1 ms timer (which
 * other processes on a busy machine do not inflate): the parent sends
 * `reset` before its scrapes and `report` after them.
 */
import { createServer, RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as prom from 'prom-client';
import { createMetricsHandler } from '../lib';
import { SCALE_FAMILIES, seriesLabels, seriesOf } from './scrapeSeries';

async function main(): Promise<void> {
  let listener: RequestListener;
  let close = async () => undefined as unknown;
  if (process.env.BENCH_SIDE === 'ours') {
    const handler = createMetricsHandler({ redis: process.env.BENCH_REDIS_URL!, namespaces: [process.env.BENCH_NAMESPACE!], readTimeoutMs: 120_000 });
    listener = (req, res) => void handler(req, res);
    close = () => handler.close();
  } else {
    const registry = new prom.Registry();
    const labelNames = ['method', 'route', 'status'];
    const counters = Array.from({ length: SCALE_FAMILIES }, (_, f) => new prom.Counter({ name: seriesOf('counter', f).name, help: `Family ${f}`, labelNames, registers: [registry] }));
    const series = Number(process.env.BENCH_SERIES);
    for (let n = 0; n < series; n++) counters[n % SCALE_FAMILIES].inc(seriesLabels(n), n + 1);
    listener = (_req, res) => {
      registry.metrics().then((text) => {
        res.setHeader('Content-Type', registry.contentType);
        res.end(text);
      }, () => res.writeHead(500).end());
    };
  }
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let last = process.cpuUsage();
  let cpuBlockMs = 0;
  const tick = () => {
    const used = process.cpuUsage(last);
    last = process.cpuUsage();
    cpuBlockMs = Math.max(cpuBlockMs, (used.user + used.system) / 1e3);
    setTimeout(tick, 1).unref();
  };
  setTimeout(tick, 1).unref();
  process.on('message', (m: string) => {
    if (m === 'reset') {
      delay.reset();
      cpuBlockMs = 0;
      process.send!('reset');
    } else if (m === 'report') {
      const report = { maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, meanMs: delay.mean / 1e6, cpuBlockMs };
      server.close();
      void close().finally(() => process.send!(report, () => process.exit(0)));
    }
  });
  process.send!({ port: (server.address() as AddressInfo).port });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
