import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const OUT = path.resolve('node_modules/.cache/spec-workers');

/**
 * bundleWorker compiles a TypeScript worker with the library into one
 * JavaScript file that plain `node` starts in a fraction of the time `tsx`
 * takes (for specs that start hundreds of processes), with the Lua scripts
 * and the protobuf schema next to it, and returns its path. esbuild is the compiler `tsx` runs on.
 */
export function bundleWorker(file: string): string {
  mkdirSync(OUT, { recursive: true });
  const outfile = path.join(OUT, path.basename(file).replace(/\.ts$/, '.js'));
  buildSync({ entryPoints: [path.resolve(file)], bundle: true, platform: 'node', target: 'node20', outfile, external: ['ioredis'], logLevel: 'warning' });
  // the files the library reads next to its modules: the Lua scripts and the protobuf schema
  for (const dir of ['lib/store', 'lib/exposition/render']) {
    for (const f of readdirSync(path.resolve(dir))) if (f.endsWith('.lua') || f.endsWith('.proto')) copyFileSync(path.resolve(dir, f), path.join(OUT, f));
  }
  return outfile;
}
