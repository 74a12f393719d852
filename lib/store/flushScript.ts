/**
 * The Lua script that applies one batch of writes to a namespace, all or
 * nothing, at most once.
 *
 * KEYS: the namespace hash, the writers hash, the writers' last-seen sorted set.
 * ARGV: writer id, batch sequence number, writer retention in seconds, then
 * `(op, field, value)` triples (see Ops).
 *
 * A batch is applied when the writer is unknown or its sequence number follows
 * the last one applied; a sequence number already applied is acknowledged
 * without being applied again (a retry after a lost reply); one that skips
 * ahead is refused with SEQGAP so that batches apply in order. A field Redis
 * cannot increment (it holds something that is not a number) is left as it is
 * and its name returned. Writers not seen for the retention time are forgotten.
 *
 * Replies: `{1, failedField…}` applied, `{0}` applied before.
 */
export const FLUSH_SCRIPT = `
local kt = redis.call('TYPE', KEYS[1])['ok']
if kt ~= 'hash' and kt ~= 'none' then
  return redis.error_reply('WRONGTYPE the namespace key ' .. KEYS[1] .. ' holds a ' .. kt .. ', not a hash')
end
local writer = ARGV[1]
local seq = tonumber(ARGV[2])
local last = redis.call('HGET', KEYS[2], writer)
if last then
  last = tonumber(last)
  if seq <= last then return {0} end
  if seq ~= last + 1 then
    return redis.error_reply('SEQGAP batch ' .. seq .. ' of writer ' .. writer .. ' does not follow ' .. last)
  end
end
local failed = {1}
local h = KEYS[1]
for i = 4, #ARGV, 3 do
  local op, f, v = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if op == 'i' then
    if not pcall(redis.call, 'HINCRBYFLOAT', h, f, v) then failed[#failed + 1] = f end
  elseif op == 's' then
    redis.call('HSET', h, f, v)
  elseif op == 'n' then
    redis.call('HSETNX', h, f, v)
  elseif op == 'x' then
    redis.call('HDEL', h, f)
  end
end
redis.call('HSET', KEYS[2], writer, seq)
local now = tonumber(redis.call('TIME')[1])
redis.call('ZADD', KEYS[3], now, writer)
if seq % 100 == 0 then
  local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[3]))
  for _, w in ipairs(stale) do
    redis.call('HDEL', KEYS[2], w)
    redis.call('ZREM', KEYS[3], w)
  end
end
return failed
`;
