import { expect } from 'chai';
import { decodeNamespace } from '../../lib/exposition/decode/decodeNamespace';
import { ExpositionClient } from '../../lib/exposition/ExpositionClient';
import { renderText } from '../../lib/exposition/render/text';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('exposition: a family whose only field is skipped', () => {
  it('is left out: no "# HELP name " line, and the field is reported', async () => {
    const fields = new Map([
      ['lonely:c:', '1'],
      ['kept_total::', '2'],
    ]);
    const decoded = decodeNamespace(fields);
    expect(renderText(decoded.families)).to.equal('# HELP kept_total \n# TYPE kept_total untyped\nkept_total 2\n');
    expect(decoded.skipped.map((s) => s.field)).to.deep.equal(['lonely:c:']);

    const store = new MemoryStore();
    (store as unknown as { hashes: Map<string, Map<string, string>> }).hashes.set('skipped', new Map([['lonely:c:', '1']]));
    const client = new ExpositionClient({ store, namespace: 'skipped', onInvalidField: () => undefined });
    expect(await client.expose()).to.equal('');
  });

  it('keeps a family with a help text or a type even when it has no valid sample', () => {
    const decoded = decodeNamespace(new Map([['foo:d:', 'Foo'], ['foo:t:', 'c'], ['foo::', 'notanumber']]));
    expect(renderText(decoded.families)).to.equal('# HELP foo Foo\n# TYPE foo counter\n');
  });
});
