/** redisUrl is the Redis a command uses: `--redis`, then INSTRUMENTOR_REDIS_URL, REDIS_URL, then the local default. */
// @ts-nocheck

export function redisUrl(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option ?? env.INSTRUMENTOR_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}
