// @ts-nocheck
import { expect } from 'chai';
import { decodeField, encodeField, namespaceKey, seenKey, typeFromCode, writersKey } from '../../lib/codec/field';

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
