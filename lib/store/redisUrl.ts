/** The URL schemes a `redis` string may use. */
export const REDIS_URL_SCHEMES = ['redis:', 'rediss:', 'unix:'] as const;

/**
 * checkRedisUrl returns the form of a Redis URL that ioredis reads, or throws
 * a TypeError naming the value (its password hidden). Accepted:
 * `redis://[user:password@]host[:port][/db]`, `rediss://…` (TLS),
 * `unix:///path/to/redis.sock[?db=N]` and a bare socket path
 * `/path/to/redis.sock`. Sentinel has no URL form here (there is no standard
 * one): give ioredis options `{ sentinels, name }` instead.
 *
 * @example
 * checkRedisUrl('unix:///run/redis.sock'); // '/run/redis.sock'
 */
export function checkRedisUrl(url: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const scheme = parsed?.protocol.toLowerCase();
  if (parsed !== undefined && scheme === 'unix:') {
    const path = decodeURIComponent(parsed.pathname);
    if (path === '' || path === '/') throw new TypeError(`redis: a unix: URL needs a socket path (unix:///path/to/redis.sock), got ${JSON.stringify(redactRedisUrl(url))}`);
    return path + parsed.search;
  }
  if (parsed !== undefined && (scheme === 'redis:' || scheme === 'rediss:') && /^rediss?:\/\//i.test(url)) return url;
  const hint = scheme?.startsWith('redis+sentinel') || scheme?.startsWith('sentinel')
    ? ' (for Sentinel give ioredis options: { sentinels: [{ host, port }], name }, or --sentinels with --sentinel-master)'
    : '';
  throw new TypeError(
    `redis must be a redis://, rediss:// or unix:// URL, a socket path, ioredis options or a client, got ${JSON.stringify(redactRedisUrl(url))}${hint}`,
  );
}

/** redactRedisUrl hides the password of a URL, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password === '') return url;
    u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
