// @ts-nocheck
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const LIB = path.join(ROOT, 'lib');
const ARCHITECTURE = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');

/** area names the part of lib/ a file belongs to, as the table of docs/architecture.md does; undefined for the entries. */
function area(file: string): string | undefined {
  const parts = path.relative(LIB, file).split(path.sep);
  if (parts.length === 1) return undefined;
  if (parts[0] === 'exposition') {
    if (parts.length > 2) return `exposition/${parts[1]}`;
    return parts[1] === 'families.ts' ? 'exposition/families' : 'exposition';
  }
  return parts[0];
}

/** rules reads the table "folder | may import" of docs/architecture.md. */
function rules(): Map<string, { any: Set<string>; types: Set<string> }> {
  const out = new Map<string, { any: Set<string>; types: Set<string> }>();
  const table = ARCHITECTURE.slice(ARCHITECTURE.indexOf('| folder | may import |'));
  for (const line of table.split('\n').slice(2)) {
    const m = /^\| `([^`]+)` \|(.*)\|$/.exec(line);
    if (m === null) break;
    const rule = { any: new Set<string>(), types: new Set<string>() };
    for (const item of m[2].split(',')) {
      const t = /`([^`]+)`( \(types\))?/.exec(item);
      if (t !== null) (t[2] === undefined ? rule.any : rule.types).add(t[1]);
    }
    out.set(m[1], rule);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the house rules (docs/architecture.md)', () => {
  it('should name only files that exist', () => {
    const named = [...ARCHITECTURE.matchAll(/`(lib\/[\w/.]+\.ts)`/g)].map((m) => m[1]);
    expect(named.length).to.be.greaterThan(20);
    expect(named.filter((f) => !existsSync(path.join(ROOT, f)))).to.deep.equal([]);
  });

  it('should have every import of lib/ follow the table of what may import what', () => {
    const table = rules();
    const broken: string[] = [];
    for (const file of sources(LIB)) {
      const from = area(file);
      if (from === undefined) continue;
      const rule = table.get(from);
      if (rule === undefined) {
        broken.push(`${from} has no row in the table`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import (type )?[^;]*? from '(\.[^']+)';/gm)) {
        const target = path.resolve(path.dirname(file), m[2]);
        const to = area(existsSync(target + '.ts') ? target + '.ts' : path.join(target, 'index.ts'));
        if (to === undefined || to === from || rule.any.has(to) || (m[1] !== undefined && rule.types.has(to))) continue;
        broken.push(`${path.relative(ROOT, file)} imports ${m[1] ?? ''}${m[2]} (${to})`);
      }
    }
    expect(broken).to.deep.equal([]);
  });
});
