// @ts-nocheck
import type { ServerResponse } from 'node:http';

/**
 * SECURITY_HEADERS are sent with every answer of the metrics handler: the
 * body is never to be sniffed as HTML, framed, or run as a page, and never
 * cached by a proxy. `Strict-Transport-Security` is not among them: it binds
 * a whole host name to HTTPS in browsers, so it is sent only when configured.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'deny',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
});

/**
 * applySecurityHeaders sets each of SECURITY_HEADERS on `res` unless it was
 * set before (by the server's configuration or the application); a header
 * set to the empty string is removed instead, which turns a default off.
 */
export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    const set = res.getHeader(name);
    if (set === undefined) res.setHeader(name, value);
    else if (set === '') res.removeHeader(name);
  }
}
