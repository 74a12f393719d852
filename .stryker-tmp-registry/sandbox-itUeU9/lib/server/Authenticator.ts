/**
 * Authenticator decides whether the Authorization header of a request
 * carries valid credentials. The metrics paths need them; `/healthz` shows
 * connection details only to a request that has them.
 */
// @ts-nocheck

export interface Authenticator {
  /**
   * check resolves to true when `header` carries valid credentials, false
   * when it does not, and undefined when no credentials are asked for at the
   * moment (an empty user list). It never rejects.
   */
  check(header: string | undefined): Promise<boolean | undefined> | boolean | undefined;
  /** The `WWW-Authenticate` header of a 401 answer. */
  readonly challenge: string;
}

/** isAuthenticator tells an Authenticator from AuthOptions. */
export function isAuthenticator(value: unknown): value is Authenticator {
  return value !== null && typeof value === 'object' && typeof (value as Authenticator).check === 'function';
}
