-- The heartbeat script of the Instrumentor Redis format (docs/format.md, "Processes").
-- It writes a writer's deadline, by the Redis clock, into the processes hash.
--
-- KEYS[1]  the processes hash       instrumentor:{ns}:processes
-- ARGV[1]  writer id
-- ARGV[2]  how long the writer stays alive without another heartbeat, in milliseconds
--
-- Reply: 1 when the writer was alive before this heartbeat (its deadline had
-- not passed), 0 when it was unknown or dead: it then writes every per-process
-- value again, since they may have been deleted.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local before = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
redis.call('HSET', KEYS[1], ARGV[1], now + tonumber(ARGV[2]))
if before and before > now then return 1 end
return 0
