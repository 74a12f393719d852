// @ts-nocheck
import { expect } from 'chai';
import { ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort } from '../support/redisServer';
import { killed } from '../support/processes';

/** What the worker reports: memory before and after recording (after a full GC), in bytes, and the registry's status. */
interface Report {
  before: { rss: number; heapUsed: number };
  after: { rss: number; heapUsed: number };
  status: { bufferedSeries: number; droppedUpdates: { buffer_limit: number } };
}

/**
 * documentedBound is the figure docs/security.md gives ("Memory bounds of a
 * recording process"): while Redis is down, a bound of `series` costs at most
 * this much RSS, in bytes, on top of what the process used before. It is read
 * from the page, so that the page and the spec cannot drift apart.
 */
function documentedBound(series: number): number {
  const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'security.md'), 'utf8');
  const m = /a\s+bound\s+of\s+N\s+costs\s+at\s+most\s+(\d+) MB \+ N × (\d+) KB\s+of\s+RSS/.exec(doc);
  if (m === null) throw new Error('docs/security.md no longer says "a bound of N costs at most … MB + N × … KB of RSS"');
  return Number(m[1]) * 2 ** 20 + series * Number(m[2]) * 2 ** 10;
}

const WORKER = path.join(__dirname, 'workers', 'distinctLabels.ts');

describe('reliability: memory of a recording process while Redis is down (real processes)', function () {
  this.timeout(120_000);
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child !== undefined) await killed(child);
    child = undefined;
  });

  /** record runs the worker: `count` distinct label values into a counter and a histogram, Redis at a closed port. */
  async function record(count: number, maxBufferedSeries: number): Promise<Report> {
    const port = await freePort(); // nothing listens there
    const worker = fork(WORKER, [String(count), String(maxBufferedSeries), String(port)], {
      // a bound that does not hold runs out of this heap in seconds, instead of growing for minutes
      execArgv: ['--expose-gc', '--max-old-space-size=256', '--require', 'tsx/cjs'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = worker;
    const reports: Report[] = [];
    worker.on('message', (m) => reports.push(m as Report));
    const code = await new Promise<number | null>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', resolve);
    });
    expect(code, 'the worker exit code').to.equal(0);
    expect(reports).to.have.length(1);
    return reports[0];
  }

  it('should stay within the documented RSS for maxBufferedSeries: 10000, with 1,000,000 distinct label values', async () => {
    const bound = 10_000;
    const count = 1_000_000;
    const report = await record(count, bound);
    expect(report.status.bufferedSeries).to.equal(bound);
    // two updates per label value (counter and histogram), three warm-up series
    expect(report.status.droppedUpdates.buffer_limit).to.equal(2 * count + 3 - bound);
    const growth = report.after.rss - report.before.rss;
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    expect(growth, `RSS grew by ${mb(growth)}, documented: at most ${mb(documentedBound(bound))}`).to.be.at.most(documentedBound(bound));
  });
});
