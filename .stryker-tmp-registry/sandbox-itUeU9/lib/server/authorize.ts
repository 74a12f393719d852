// @ts-nocheck
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Authenticator } from './Authenticator';
import { parseBasicCredentials } from './basicCredentials';

/**
 * AuthOptions protect the metrics endpoints: HTTP basic authentication with
 * one username and password, or a bearer token (as Prometheus sends with
 * `authorization: { credentials: … }` or `bearer_token`). Give one of them.
 */
export type AuthOptions =
  | { readonly username: string; readonly password: string; readonly bearerToken?: undefined }
  | { readonly bearerToken: string; readonly username?: undefined; readonly password?: undefined };

/** checkAuth throws a TypeError unless `auth` is usable AuthOptions. */
export function checkAuth(auth: unknown): asserts auth is AuthOptions {
  if (auth === null || typeof auth !== 'object') throw new TypeError('auth must be { username, password } or { bearerToken }');
  const a = auth as Record<string, unknown>;
  if (a.bearerToken !== undefined) {
    if (a.username !== undefined || a.password !== undefined) {
      throw new TypeError('auth: give either bearerToken or username and password, not both');
    }
    if (typeof a.bearerToken !== 'string' || a.bearerToken === '') throw new TypeError('auth.bearerToken must be a non-empty string');
    return;
  }
  if (typeof a.username !== 'string' || a.username === '' || a.username.includes(':')) {
    throw new TypeError('auth.username must be a non-empty string without ":"');
  }
  if (typeof a.password !== 'string' || a.password === '') throw new TypeError('auth.password must be a non-empty string');
}

/**
 * authorize tells whether an Authorization header carries the credentials
 * `auth` asks for. Basic credentials must be canonical base64 with nothing
 * around it (see parseBasicCredentials). The comparison takes the same time
 * whatever the credentials.
 */
export function authorize(auth: AuthOptions, header: string | undefined): boolean {
  if (header === undefined) return false;
  if (auth.bearerToken !== undefined) {
    const space = header.indexOf(' ');
    if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return false;
    return same(header.slice(space + 1).trim(), auth.bearerToken);
  }
  const given = parseBasicCredentials(header);
  if (given === undefined) return false;
  // both compared, always: the time taken does not tell which one was wrong
  const user = same(given.username, auth.username);
  const password = same(given.password, auth.password);
  return user && password;
}

/** challenge is the WWW-Authenticate header of a 401 answer for `auth`. */
export function challenge(auth: AuthOptions): string {
  return auth.bearerToken !== undefined ? 'Bearer realm="instrumentor"' : 'Basic realm="instrumentor", charset="UTF-8"';
}

function same(a: string, b: string): boolean {
  // hash both sides so that the comparison does not reveal the length
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** authenticatorFor checks `auth` (a TypeError when unusable) and returns the Authenticator that asks for it. */
export function authenticatorFor(auth: AuthOptions): Authenticator {
  checkAuth(auth);
  return { check: (header) => authorize(auth, header), challenge: challenge(auth) };
}
