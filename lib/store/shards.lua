-- The shards script of the Instrumentor Redis format (docs/format.md, "Shards").
-- It reads a namespace's number of shards K and, for a writer configured with
-- one, sets it when none is stored: the first writer's K is the namespace's.
--
-- KEYS[1]  the shards key           instrumentor:{ns}:shards
-- KEYS[2]  the namespace hash       instrumentor:{ns}
-- ARGV[1]  the writer's K, or '' for a writer that follows what is stored
--
-- Reply: the namespace's K. Without a stored K it is 1 for a writer that
-- follows, and 1 too when the namespace hash holds data already (a namespace
-- written before any K was stored has one shard); otherwise the writer's K,
-- now stored.
local k = redis.call('GET', KEYS[1])
if k then return tonumber(k) end
if ARGV[1] == '' then return 1 end
local want = tonumber(ARGV[1])
if want > 1 and redis.call('TYPE', KEYS[2])['ok'] ~= 'none' then return 1 end
redis.call('SET', KEYS[1], ARGV[1])
return want
