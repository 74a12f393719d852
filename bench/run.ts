/**
 * The benchmark harness: `npm run bench` (add BENCH_QUICK=1 for a short
 * smoke run). It measures Instrumentor next to prom-client and next to Redis
 * itself in one run, prints the table, and writes results.json and chart.svg
 * (and, for a full run, the table in docs/benchmarks.md).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { loadConfig } from './config';
import { runFlush } from './flush';
import { runMemory } from './memory';
import { runMicro } from './micro';
import { runMultiprocess } from './multiprocess';
import { runRuntime } from './runtime';
import { chartSvg, environmentText, markdownTable, scaleChartSvg, textTable } from './report';
import type { Environment, Results, Row } from './results';
import { runScrape } from './scrape';
import { runSketchScrape } from './scrapeScale';
import { runShards } from './shards';

const TABLE_START = '<!-- bench:results:start -->';
const TABLE_END = '<!-- bench:results:end -->';

function versionOf(pkg: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

async function environment(redisUrl: string, quick: boolean): Promise<Environment> {
  const redis = new Redis(redisUrl);
  const info = await redis.info('server').finally(() => redis.disconnect());
  const osName = spawnSync('sh', ['-c', '. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"'], { encoding: 'utf8' }).stdout.trim();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    quick,
    node: process.version,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${osName || os.type()} (${os.release()})`,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
    promClient: versionOf('prom-client'),
    mitata: versionOf('mitata'),
    ioredis: versionOf('ioredis'),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const only = process.env.BENCH_ONLY?.split(',');
  const env = await environment(config.redisUrl, config.quick);
  const rows: Row[] = [];
  const details: Record<string, unknown> = { config };
  const sections: Array<[string, (c: typeof config) => Promise<{ rows: Row[]; details: Record<string, unknown> }>]> = [
    ['micro', runMicro],
    ['memory', runMemory],
    ['flush', runFlush],
    ['scrape', runScrape],
    ['multiprocess', runMultiprocess],
    ['runtime', runRuntime],
    ['shards', runShards],
    ['scrape-sketches', runSketchScrape],
    ['shards-flush', (c) => runShards(c, true)],
  ];
  /** Parts of a section run only when BENCH_ONLY names them. */
  const partsOnly = new Set(['scrape-sketches', 'shards-flush']);
  for (const [name, run] of sections) {
    if (only === undefined ? partsOnly.has(name) : !only.includes(name)) continue;
    const t0 = performance.now();
    process.stderr.write(`bench: ${name}…`);
    const r = await run(config);
    process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    rows.push(...r.rows);
    details[name] = r.details;
  }
  const results: Results = { environment: env, rows, details };

  console.log(textTable(rows));
  for (const r of rows) if (r.note !== undefined) console.log(`\n* ${r.title.replace(/`/g, '')}: ${r.note.replace(/`/g, '')}`);

  fs.mkdirSync(config.outDir, { recursive: true });
  fs.writeFileSync(path.join(config.outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(config.outDir, 'chart.svg'), chartSvg(results));
  const scale = (details.scrape as { scale?: { points?: Parameters<typeof scaleChartSvg>[0] } } | undefined)?.scale?.points;
  if (scale !== undefined) fs.writeFileSync(path.join(config.outDir, 'scrape-scale.svg'), scaleChartSvg(scale, results));
  console.log(`\nwrote ${path.join(config.outDir, 'results.json')}, chart.svg${scale === undefined ? '' : ' and scrape-scale.svg'}`);

  if (config.updateDocs && only === undefined) {
    const doc = path.join(__dirname, '..', 'docs', 'benchmarks.md');
    const text = fs.readFileSync(doc, 'utf8');
    const a = text.indexOf(TABLE_START);
    const b = text.indexOf(TABLE_END);
    if (a >= 0 && b > a) {
      const block = `${TABLE_START}\n${environmentText(results)}\n\n${markdownTable(rows)}\n${TABLE_END}`;
      fs.writeFileSync(doc, text.slice(0, a) + block + text.slice(b + TABLE_END.length));
      console.log(`updated ${doc}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
