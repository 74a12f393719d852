/**
 * The Lua script that applies one batch of writes to a namespace, all or
 * nothing, at most once.
 *
 * KEYS: the namespace hash, the writers hash, the writers' last-seen sorted set.
 * ARGV: writer id, batch sequence number, writer retention in seconds, the
 * highest sequence number the writer knows was applied (or an empty string),
 * then the writes, one `{op}{field}\n{value}\n` record each (see codec/ops).
 *
 * The last sequence number applied for the writer is what the writers hash
 * holds, raised to what the writer says was applied (Redis may have lost it,
 * or forgotten the writer). Without either, the batch is applied. A batch is
 * applied when its sequence number follows the last one; a sequence number
 * already applied is acknowledged without being applied again (a retry after
 * a lost reply); one that skips ahead is refused with SEQGAP so that batches
 * apply in order. Every check comes before the first write, and no write can
 * fail halfway: a field Redis cannot increment (it holds something that is not
 * a number, or the sum would not be finite) is left as it is and its name
 * returned. Integral increments use HINCRBY, which is about twice as fast as
 * HINCRBYFLOAT, and fall back to HINCRBYFLOAT when the field holds a float or
 * the sum would overflow 64 bits. Writers not seen for the retention time are forgotten.
 *
 * Replies: `{1, failedField…}` applied, `{0}` applied before.
 */
export const FLUSH_SCRIPT = `
local kt = redis.call('TYPE', KEYS[1])['ok']
if kt ~= 'hash' and kt ~= 'none' then
  return redis.error_reply('WRONGTYPE the namespace key ' .. KEYS[1] .. ' holds a ' .. kt .. ', not a hash')
end
local wt = redis.call('TYPE', KEYS[2])['ok']
if wt ~= 'hash' and wt ~= 'none' then
  return redis.error_reply('WRONGTYPE the writers key ' .. KEYS[2] .. ' holds a ' .. wt .. ', not a hash')
end
local st = redis.call('TYPE', KEYS[3])['ok']
if st ~= 'zset' and st ~= 'none' then
  return redis.error_reply('WRONGTYPE the seen key ' .. KEYS[3] .. ' holds a ' .. st .. ', not a sorted set')
end
local writer = ARGV[1]
local seq = tonumber(ARGV[2])
local after = tonumber(ARGV[4])
local last = tonumber(redis.call('HGET', KEYS[2], writer))
if after and (not last or last < after) then last = after end
if last then
  if seq <= last then return {0} end
  if seq ~= last + 1 then
    return redis.error_reply('SEQGAP batch ' .. seq .. ' of writer ' .. writer .. ' does not follow ' .. last)
  end
end
local failed = {1}
local h = KEYS[1]
local ops = ARGV[5]
local find, sub, byte = string.find, string.sub, string.byte
local pos, n = 1, #ops
while pos <= n do
  local e1 = find(ops, '\\n', pos, true)
  local e2 = find(ops, '\\n', e1 + 1, true)
  local op = byte(ops, pos)
  local f = sub(ops, pos + 1, e1 - 1)
  local v = sub(ops, e1 + 1, e2 - 1)
  pos = e2 + 1
  if op == 105 then -- i: integral increment, as a float when the field holds one or the sum overflows
    if type(redis.pcall('HINCRBY', h, f, v)) == 'table' and type(redis.pcall('HINCRBYFLOAT', h, f, v)) == 'table' then
      failed[#failed + 1] = f
    end
  elseif op == 102 then -- f: float increment
    if type(redis.pcall('HINCRBYFLOAT', h, f, v)) == 'table' then failed[#failed + 1] = f end
  elseif op == 115 or op == 110 then -- s, n: set, set if absent; text values are escaped
    if find(v, '\\\\', 1, true) then
      v = string.gsub(v, '\\\\(.)', function(c) if c == 'n' then return '\\n' end return c end)
    end
    if op == 115 then redis.call('HSET', h, f, v) else redis.call('HSETNX', h, f, v) end
  elseif op == 120 then -- x: delete
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
