// @ts-nocheck
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const FRAMEWORKS = /[\\/]node_modules[\\/](express|fastify|koa|@koa[\\/]router|@nestjs[\\/][^\\/]+|bullmq|rxjs)[\\/]/;

const REQUESTS = /^(express|fastify|koa|@koa\/router|@nestjs\/[^/]+|bullmq|rxjs)(?:\/|$)/;

/** loadedFrameworks requires `entry` in a fresh Node process and lists the framework packages it asked for or loaded. */
function loadedFrameworks(entry: string, viaTsx: boolean): string[] {
  const script = `
    const Module = require('node:module');
    const found = new Set();
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      const m = ${REQUESTS.toString()}.exec(request);
      if (m) found.add(m[1]);
      return resolve.call(this, request, ...rest);
    };
    require(${JSON.stringify(entry)});
    const re = ${FRAMEWORKS.toString()};
    for (const file of Object.keys(require.cache)) { const m = re.exec(file); if (m) found.add(m[1].replace(/\\\\/g, '/')); }
    process.stdout.write(JSON.stringify([...found].sort()));
  `;
  const args = viaTsx ? ['--require', 'tsx/cjs', '-e', script] : ['-e', script];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' }));
}

describe('integrations are optional', () => {
  it('should load no framework when the core (lib/index.ts) is imported', () => {
    expect(loadedFrameworks('./lib/index.ts', true)).to.deep.equal([]);
  });

  it('should load no framework when the built core (dist/index.js) is imported', function () {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) this.skip(); // `npm test` builds before the specs
    expect(loadedFrameworks('./dist/index.js', false)).to.deep.equal([]);
  });

  it('should export each built integration under its package subpath', function () {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) this.skip();
    const exportsMap = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).exports;
    for (const name of ['express', 'fastify', 'koa', 'nest', 'bullmq']) {
      const entry = exportsMap[`./${name}`];
      expect(entry, name).to.be.an('object');
      expect(existsSync(join(ROOT, entry.default)), entry.default).to.equal(true);
      expect(existsSync(join(ROOT, entry.types)), entry.types).to.equal(true);
    }
    expect(loadedFrameworks('./dist/integrations/express.js', false)).to.deep.equal([]);
  });

  it('should load no framework for the Express, Fastify, Koa and BullMQ integrations, which only need their types', () => {
    for (const name of ['express', 'fastify', 'koa', 'bullmq']) {
      expect(loadedFrameworks(`./lib/integrations/${name}.ts`, true), name).to.deep.equal([]);
    }
  });

  it('should load Nest, which its integration builds on, only from the Nest entry point', () => {
    expect(loadedFrameworks('./lib/integrations/nest/index.ts', true)).to.include('@nestjs/common');
  });
});
