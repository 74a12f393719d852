import { expect } from 'chai';
import { checkNamespace, decodeField, encodeField, namespaceKey, seenKey, typeFromCode, writersKey } from '../../lib/codec/field';
import { CollectorRegistry } from '../../lib/registry/CollectorRegistry';
import { MemoryStore } from '../../lib/store/MemoryStore';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';

describe('codec/field', () => {
  it('should join name, extension and labels with ":"', () => {
    expect(encodeField('http_requests_total', '', 'code="200"')).to.equal('http_requests_total::code="200"');
    expect(encodeField('rpc_seconds', 'b', 'le="+Inf"')).to.equal('rpc_seconds:b:le="+Inf"');
    expect(encodeField('rpc_seconds', 'd', '')).to.equal('rpc_seconds:d:');
  });

  it('should split a field whose label values contain ":" at the first two separators only', () => {
    expect(decodeField('x:s:path="/a:b",q="c:d"')).to.deep.equal({
      name: 'x',
      extension: 's',
      labels: [['path', '/a:b'], ['q', 'c:d']],
      labelsText: 'path="/a:b",q="c:d"',
    });
  });

  it('should say what is wrong with a field that does not follow the format', () => {
    expect(decodeField('no_separator')).to.equal('no ":" separator');
    expect(decodeField('one:sep')).to.equal('only one ":" separator');
    expect(decodeField('9bad::')).to.equal('"9bad" is not a valid metric name');
    expect(decodeField('ok::a=')).to.equal(`expected '="' after label "a"`);
  });

  it('should refuse a namespace named like a shard of another (`<namespace>#<n>`), naming that namespace, and take other names with "#"', () => {
    for (const bad of ['shop#3', 'shop#0', 'a#b#12']) {
      expect(() => checkNamespace(bad), bad).to.throw(TypeError, /is the name of shard \d+ of the namespace "/);
    }
    expect(() => checkNamespace('shop#3')).to.throw('shard 3 of the namespace "shop"');
    expect(() => new CollectorRegistry({ store: new MemoryStore(), namespace: 'jobs#12', flushIntervalMs: 0 })).to.throw(TypeError, 'shard 12 of the namespace "jobs"');
    expect(() => new ExpositionClient({ store: new MemoryStore(), namespace: 'jobs#1' })).to.throw(TypeError, 'shard 1');
    for (const good of ['shop', 'shop#', 'shop#a', '#3x', 'c#-1', 'team#3.5']) expect(() => checkNamespace(good), good).not.to.throw();
  });

  it('should map type codes both ways', () => {
    expect(['c', 'g', 'h', 's', 'x'].map(typeFromCode)).to.deep.equal(['counter', 'gauge', 'histogram', 'summary', undefined]);
  });

  it('should name every key of a namespace under one hash tag', () => {
    expect([namespaceKey('shop'), writersKey('shop'), seenKey('shop')]).to.deep.equal([
      'instrumentor:{shop}',
      'instrumentor:{shop}:writers',
      'instrumentor:{shop}:seen',
    ]);
  });
});
