import { expect } from 'chai';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../bench/config';

describe('bench/config', () => {
  const docs = path.resolve(__dirname, '../../docs/bench');
  const temp = path.join(os.tmpdir(), 'instrumentor-bench');

  it('should write into the docs only for a full run without BENCH_OUT', () => {
    expect(loadConfig({})).to.include({ outDir: docs, updateDocs: true });
    expect(loadConfig({ BENCH_ONLY: 'micro' })).to.include({ outDir: temp, updateDocs: false });
    expect(loadConfig({ BENCH_QUICK: '1' })).to.include({ outDir: temp, updateDocs: false });
    expect(loadConfig({ BENCH_OUT: '/tmp/x' })).to.include({ outDir: '/tmp/x', updateDocs: false });
    expect(loadConfig({ BENCH_ONLY: 'scrape', BENCH_OUT: '/tmp/y' })).to.include({ outDir: '/tmp/y', updateDocs: false });
  });
});
