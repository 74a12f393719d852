import { expect } from 'chai';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetricsHandler } from '../../lib/server/createMetricsHandler';
import { MemoryStore } from '../../lib/store/MemoryStore';

describe('server: the format query parameter', () => {
  let server: Server | undefined;
  afterEach(async () => {
    if (server !== undefined) await new Promise((resolve) => server!.close(resolve));
    server = undefined;
  });

  async function base(): Promise<string> {
    server = createServer(createMetricsHandler({ store: new MemoryStore(), namespaces: ['app'] }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers an unknown ?format= with 406 naming the formats it knows', async () => {
    const url = await base();
    const bogus = await fetch(`${url}/metrics?format=bogus`);
    expect(bogus.status).to.equal(406);
    expect(await bogus.text()).to.equal('unknown format "bogus": use ?format=text or ?format=openmetrics or ?format=protobuf, or an Accept header\n');
    expect((await fetch(`${url}/metrics/app?format=`)).status).to.equal(406);
  });

  it('still serves ?format=text, ?format=openmetrics and ?format=protobuf', async () => {
    const url = await base();
    expect((await fetch(`${url}/metrics?format=protobuf`)).headers.get('content-type')).to.contain('application/vnd.google.protobuf');
    expect((await fetch(`${url}/metrics?format=text`)).headers.get('content-type')).to.contain('text/plain');
    expect((await fetch(`${url}/metrics?format=openmetrics`)).headers.get('content-type')).to.contain('application/openmetrics-text');
  });
});
