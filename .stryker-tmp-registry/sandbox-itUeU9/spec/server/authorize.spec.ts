// @ts-nocheck
import { expect } from 'chai';
import { authorize, challenge, checkAuth } from '../../lib/server/authorize';

const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

describe('server/authorize', () => {
  describe('authorize', () => {
    it('should accept the right basic credentials only', () => {
      const auth = { username: 'prom', password: 's3cret' };
      expect(authorize(auth, basic('prom', 's3cret'))).to.equal(true);
      expect(authorize(auth, 'basic ' + Buffer.from('prom:s3cret').toString('base64'))).to.equal(true);
      expect(authorize(auth, basic('prom', 'wrong'))).to.equal(false);
      expect(authorize(auth, basic('other', 's3cret'))).to.equal(false);
      expect(authorize(auth, undefined)).to.equal(false);
      expect(authorize(auth, 'Bearer s3cret')).to.equal(false);
      expect(authorize(auth, 'Basic')).to.equal(false);
    });
    it('should refuse basic credentials with junk around or inside their base64', () => {
      const auth = { username: 'prom', password: 's3cret' };
      const good = Buffer.from('prom:s3cret').toString('base64'); // cHJvbTpzM2NyZXQ=
      expect(authorize(auth, `Basic ${good}`)).to.equal(true);
      for (const bad of [
        `Basic ${good}junk`,
        `Basic junk${good}`,
        `Basic ${good} `,
        `Basic  ${good}`,
        `Basic ${good.slice(0, 4)} ${good.slice(4)}`,
        `Basic ${good.replace(/=+$/, '')}`, // padding left out
        `Basic ${good}==`,
        `Basic ${good.slice(0, -2)}R=`, // same bytes, other trailing bits
        'Basic cHJv-TpzM2NyZXQ=', // URL-safe alphabet
      ]) {
        expect(authorize(auth, bad), bad).to.equal(false);
      }
    });

    it('should accept the right bearer token only', () => {
      const auth = { bearerToken: 'tok-123' };
      expect(authorize(auth, 'Bearer tok-123')).to.equal(true);
      expect(authorize(auth, 'Bearer tok-1234')).to.equal(false);
      expect(authorize(auth, basic('tok-123', ''))).to.equal(false);
    });
  });

  describe('challenge', () => {
    it('should name the scheme asked for', () => {
      expect(challenge({ bearerToken: 'x' })).to.match(/^Bearer /);
      expect(challenge({ username: 'a', password: 'b' })).to.match(/^Basic /);
    });
  });

  describe('checkAuth', () => {
    it('should refuse unusable credentials', () => {
      expect(() => checkAuth({})).to.throw(TypeError, /username/);
      expect(() => checkAuth({ username: 'a:b', password: 'x' })).to.throw(TypeError, /":"/);
      expect(() => checkAuth({ username: 'a', password: '' })).to.throw(TypeError, /password/);
      expect(() => checkAuth({ bearerToken: 'x', username: 'a' })).to.throw(TypeError, /not both/);
      expect(() => checkAuth({ bearerToken: '' })).to.throw(TypeError, /bearerToken/);
      expect(() => checkAuth({ bearerToken: 't' })).not.to.throw();
    });
  });
});
