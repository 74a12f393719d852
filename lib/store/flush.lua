-- The flush script of the Instrumentor Redis format (docs/format.md, "The flush script").
-- It applies one batch of writes to a namespace, in order and at most once per writer.
--
-- KEYS[1]  the namespace hash       instrumentor:{ns}
-- KEYS[2]  the writers hash         instrumentor:{ns}:writers
-- KEYS[3]  the seen sorted set      instrumentor:{ns}:seen
-- KEYS[4]  optional: the writer's process hash   instrumentor:{ns}:process:{writer id}
-- ARGV[1]  writer id (any string without a line feed)
-- ARGV[2]  the batch's sequence number: 1, 2, 3, ... per writer, with no gaps
-- ARGV[3]  writer retention in seconds (how long an idle writer is remembered)
-- ARGV[4]  the highest sequence number the writer knows was applied, or ''
-- ARGV[5]  the batch: one record per write, {op}{field}\n{value}\n
--
-- Replies: {1, failedField, ...} applied (the fields listed could not be incremented
-- and were left as they were); {0} applied before, not applied again. Errors, before
-- anything is written: "WRONGTYPE the ... key ... holds a ..., not a ..." and
-- "SEQGAP batch <seq> of writer <id> does not follow <last>".
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
local ph = KEYS[4]
local time = redis.call('TIME')
local now = tonumber(time[1])
local ops = ARGV[5]
local find, sub, byte = string.find, string.sub, string.byte
local pos, n = 1, #ops
while pos <= n do
  local e1 = find(ops, '\n', pos, true)
  local e2 = find(ops, '\n', e1 + 1, true)
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
    if find(v, '\\', 1, true) then
      v = string.gsub(v, '\\(.)', function(c) if c == 'n' then return '\n' end return c end)
    end
    if op == 115 then redis.call('HSET', h, f, v) else redis.call('HSETNX', h, f, v) end
  elseif op == 120 then -- x: delete
    redis.call('HDEL', h, f)
  elseif ph then -- per-process values, in the writer's process hash
    if op == 112 then -- p: set
      redis.call('HSET', ph, f, v)
    elseif op == 114 then -- r: set, stamped with the Redis time in milliseconds
      redis.call('HSET', ph, f, v .. ' ' .. (now * 1000 + math.floor(tonumber(time[2]) / 1000)))
    elseif op == 113 then -- q: delete
      redis.call('HDEL', ph, f)
    end
  end
end
redis.call('HSET', KEYS[2], writer, seq)
redis.call('ZADD', KEYS[3], now, writer)
if seq % 100 == 0 then
  local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[3]))
  for _, w in ipairs(stale) do
    redis.call('HDEL', KEYS[2], w)
    redis.call('ZREM', KEYS[3], w)
  end
end
return failed
