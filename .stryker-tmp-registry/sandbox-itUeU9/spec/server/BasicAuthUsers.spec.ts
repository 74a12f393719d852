// @ts-nocheck
import { expect } from 'chai';
import * as bcrypt from 'bcryptjs';
import { BasicAuthUsers } from '../../lib/server/BasicAuthUsers';

const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

async function timed(f: () => unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

describe('server/BasicAuthUsers', function () {
  this.timeout(30_000);
  const slow = bcrypt.hashSync('alice-pw', 10);
  const fast = bcrypt.hashSync('bob-pw', 4);

  it('should accept the right password of a listed user only, in $2y$ (htpasswd) and $2b$ spellings', async () => {
    const users = new BasicAuthUsers({ alice: slow.replace(/^\$2b/, '$2y'), bob: fast });
    expect(await users.check(basic('alice', 'alice-pw'))).to.equal(true);
    expect(await users.check(basic('bob', 'bob-pw'))).to.equal(true);
    expect(await users.check(basic('alice', 'bob-pw'))).to.equal(false);
    expect(await users.check(basic('carol', 'alice-pw'))).to.equal(false);
    expect(await users.check(undefined)).to.equal(false);
    expect(await users.check(basic('alice', 'alice-pw') + 'x')).to.equal(false);
    expect(await new BasicAuthUsers({}).check(undefined)).to.equal(undefined); // nobody listed: nothing asked
  });

  it('should remember successful checks only, so a scraper pays for bcrypt once', async () => {
    const users = new BasicAuthUsers({ alice: slow });
    const first = await timed(() => users.check(basic('alice', 'alice-pw')));
    const again: number[] = [];
    for (let i = 0; i < 20; i++) again.push(await timed(() => users.check(basic('alice', 'alice-pw'))));
    expect(users.bcryptChecks).to.equal(1);
    expect(Math.max(...again)).to.be.below(first / 10);
    for (let i = 0; i < 2; i++) expect(await users.check(basic('alice', 'wrong'))).to.equal(false);
    expect(users.bcryptChecks).to.equal(3); // failures are checked every time: they cannot fill the cache
  });

  it('should forget a remembered check when the hash of the user changes', async () => {
    const users = new BasicAuthUsers({ bob: fast });
    expect(await users.check(basic('bob', 'bob-pw'))).to.equal(true);
    users.setUsers({ bob: bcrypt.hashSync('new-pw', 4) });
    expect(await users.check(basic('bob', 'bob-pw'))).to.equal(false);
    expect(await users.check(basic('bob', 'new-pw'))).to.equal(true);
  });

  it('should take as long to refuse an unknown user as a user hashed at the highest cost', async () => {
    const users = new BasicAuthUsers({ alice: slow, bob: fast });
    await users.check(basic('nobody', 'x')); // the decoy is made at construction; let it finish
    const median = async (user: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) times.push(await timed(() => users.check(basic(user, 'wrong'))));
      return times.sort((a, b) => a - b)[2];
    };
    const known = await median('alice');
    const unknown = await median('nobody');
    const cheap = await median('bob');
    expect(unknown).to.be.above(known * 0.5);
    expect(unknown).to.be.above(cheap * 5);
  });

  it('should refuse without a check beyond maxWaiting checks, and run checks one at a time', async () => {
    const users = new BasicAuthUsers({ bob: fast }, { maxWaiting: 4 });
    const results = await Promise.all(Array.from({ length: 20 }, () => users.check(basic('bob', 'wrong'))));
    expect(results.every((r) => r === false)).to.equal(true);
    expect(users.bcryptChecks).to.equal(4);
    expect(await users.check(basic('bob', 'bob-pw'))).to.equal(true);
  });

  it('should refuse a hash that is not bcrypt, naming the user', () => {
    expect(() => new BasicAuthUsers({ alice: 'plain-text' })).to.throw(TypeError, /"alice".*bcrypt/);
    expect(() => new BasicAuthUsers({ 'a:b': fast })).to.throw(TypeError, /":"/);
  });
});
