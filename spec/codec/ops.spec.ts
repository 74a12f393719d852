import { expect } from 'chai';
import { BatchOps, decodeOps, encodeOps, escapeOpValue, unescapeOpValue } from '../../lib/codec/ops';
import { BatchBuilder as Ops } from '../../lib/codec/BatchBuilder';

describe('codec/ops', () => {
  it('should write one record per write: op, field, line feed, value, line feed', () => {
    const ops = new Ops();
    ops.incr('c::', 3);
    ops.incr('h:s:', 0.25);
    ops.incr('big::', 2 ** 60);
    ops.set('g::', -1.5);
    ops.set('m:d:', 'Two\nlines \\ "quoted"');
    ops.setIfAbsent('g::', 20);
    ops.remove('s:q:k="1"');
    ops.setProcess('g:p:', 4);
    ops.setProcessStamped('g:p:', 5);
    ops.removeProcess('g:p:');
    expect(ops.batches()).to.deep.equal([
      'ic::\n3\n' +
        'fh:s:\n0.25\n' +
        'fbig::\n1152921504606847000\n' +
        'sg::\n-1.5\n' +
        'sm:d:\nTwo\\nlines \\\\ "quoted"\n' +
        'ng::\n20\n' +
        'xs:q:k="1"\n\n' +
        'pg:p:\n4\n' +
        'rg:p:\n5\n' +
        'qg:p:\n\n',
    ]);
    expect(decodeOps(ops.batches()[0])).to.deep.equal([
      ['i', 'c::', '3'],
      ['f', 'h:s:', '0.25'],
      ['f', 'big::', '1152921504606847000'],
      ['s', 'g::', '-1.5'],
      ['s', 'm:d:', 'Two\nlines \\ "quoted"'],
      ['n', 'g::', '20'],
      ['x', 's:q:k="1"', ''],
      ['p', 'g:p:', '4'],
      ['r', 'g:p:', '5'],
      ['q', 'g:p:', ''],
    ]);
  });

  it('should seal a batch every perBatch writes and hand each to onSeal at once', () => {
    const sealed: BatchOps[] = [];
    const ops = new Ops((b) => sealed.push(b), 2);
    for (let i = 0; i < 5; i++) ops.incr(`c::i="${i}"`, 1);
    expect(sealed).to.have.length(2);
    expect(ops.batches()).to.have.length(3);
    expect(sealed).to.have.length(3);
    expect(ops.length).to.equal(5);
    expect(decodeOps(sealed[2])).to.deep.equal([['i', 'c::i="4"', '1']]);
  });

  it('should round-trip text values and refuse a malformed batch', () => {
    for (const v of ['plain', 'a\nb', 'back\\slash', '\\n literal', '']) {
      expect(unescapeOpValue(escapeOpValue(v))).to.equal(v);
      expect(decodeOps(encodeOps([['s', 'f::', v]]))).to.deep.equal([['s', 'f::', v]]);
    }
    expect(() => decodeOps('ic::\n3')).to.throw(TypeError, 'not terminated');
  });
});
