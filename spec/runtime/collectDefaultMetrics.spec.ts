import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import { expect } from 'chai';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { collectDefaultMetrics } from '../../lib/runtime/collectDefaultMetrics';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { killed } from '../support/processes';
import { promtoolCheck } from '../support/promtool';
import { REDIS_URL, useNamespace } from '../support/redis';

const NAMES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_eventloop_lag_max_seconds',
  'nodejs_eventloop_lag_mean_seconds',
  'nodejs_eventloop_lag_min_seconds',
  'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p90_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_stddev_seconds',
  'nodejs_external_memory_bytes',
  'nodejs_gc_duration_seconds',
  'nodejs_heap_size_total_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_heap_space_size_available_bytes',
  'nodejs_heap_space_size_total_bytes',
  'nodejs_heap_space_size_used_bytes',
  'nodejs_version_info',
  'process_cpu_seconds_total',
  'process_cpu_system_seconds_total',
  'process_cpu_user_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  ...(process.platform === 'linux' ? ['process_heap_bytes', 'process_max_fds', 'process_open_fds', 'process_virtual_memory_bytes'] : []),
].sort();

function start(namespace: string, name: string): Promise<ChildProcess> {
  const child = fork(path.resolve('spec/fixtures/runtimeWorker.ts'), [namespace, name], {
    execArgv: ['--require', 'tsx/cjs'],
    env: { ...process.env, REDIS_URL },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`runtime worker ${name} exited with ${code}`)));
  });
}

/** familyNames lists the families of a text exposition. */
function familyNames(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]).sort();
}

describe('collectDefaultMetrics', function () {
  this.timeout(60_000);

  it('should register prom-client\'s default metrics with the prefix and labels given, and refuse bad options', async function () {
    const store = new MemoryStore();
    const registry = new CollectorRegistry({ store, namespace: 'rt', flushIntervalMs: 0, processLabel: { value: 'p1' } });
    const runtime = collectDefaultMetrics(registry, { prefix: 'my_', labels: { app: 'shop' }, gcDurationBuckets: [0.5] });
    try {
      expect([...runtime.metrics.keys()].sort()).to.deep.equal(NAMES.map((n) => 'my_' + n));
      await registry.flush();
      const text = await new ExpositionClient({ store, namespace: 'rt' }).expose();
      expect(familyNames(text)).to.deep.equal(NAMES.map((n) => 'my_' + n));
      expect(text).to.match(/^# TYPE my_process_cpu_seconds_total counter\nmy_process_cpu_seconds_total\{app="shop",process="p1"\} \d/m);
      expect(text).to.contain(`my_nodejs_version_info{app="shop",major="${process.versions.node.split('.')[0]}"`);
      expect(text).to.match(/my_nodejs_heap_space_size_used_bytes\{app="shop",process="p1",space="new"\} \d+/);
      // prom-client's names: promtool's lint objects to the two gauges named _total, and to nothing else
      const check = promtoolCheck(this, text);
      expect(check.output.trim().split('\n').sort()).to.deep.equal([
        'my_nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
        'my_nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
      ]);
    } finally {
      runtime.stop();
      await registry.close();
    }
    expect(() => collectDefaultMetrics(registry, { eventLoopMonitoringPrecision: 0 })).to.throw(RangeError, 'eventLoopMonitoringPrecision');
  });

  describe('across processes (real Redis, real processes)', () => {
    const ctx = useNamespace('runtime');
    const children: ChildProcess[] = [];
    afterEach(async () => {
      for (const c of children.splice(0)) await killed(c);
    });

    it('should show each live process\'s runtime metrics, and none of a process once it is dead or closed', async () => {
      children.push(await start(ctx.namespace, 'r1'), await start(ctx.namespace, 'r2'), await start(ctx.namespace, 'r3'));
      const client = new ExpositionClient({ redis: REDIS_URL, namespace: ctx.namespace });
      const processes = async () => [...(await client.expose()).matchAll(/^process_cpu_seconds_total\{app="demo",process="(r\d)"\}/gm)].map((m) => m[1]);
      try {
        expect(await processes()).to.deep.equal(['r1', 'r2', 'r3']);
        expect(familyNames(await client.expose())).to.deep.equal(NAMES);
        await killed(children[2]);
        children[1].send('close');
        await new Promise((resolve) => children[1].once('disconnect', resolve));
        expect(await processes()).to.deep.equal(['r1', 'r3']); // closed: gone at once; killed: until its deadline
        const until = Date.now() + 3 * 50 + 5000 + 2000;
        while (Date.now() < until && (await processes()).length > 1) await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await processes()).to.deep.equal(['r1']);
        const text = await client.expose();
        expect(text).not.to.contain('process="r2"');
        expect(text).not.to.contain('process="r3"');
      } finally {
        await client.close();
      }
    });
  });
});
