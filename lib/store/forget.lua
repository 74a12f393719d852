-- The forget script of the Instrumentor Redis format (docs/format.md, "Processes").
-- It deletes one slice of a writer's per-process values, after keeping its `h`
-- (max) and `l` (min) values in the folded hash, and once the writer's process
-- hash is empty, the writer's entry in the processes hash.
--
-- KEYS[1]  the processes hash       instrumentor:{ns}:processes
-- KEYS[2]  the writer's process hash instrumentor:{ns}:process:{writer id}
-- KEYS[3]  the folded hash          instrumentor:{ns}:folded
-- ARGV[1]  writer id
-- ARGV[2]  retention in milliseconds: forget the writer only when its deadline
--          is at least this long past (by Redis TIME) or it has no deadline;
--          empty: forget it whatever its deadline (its own goodbye)
-- ARGV[3]  the HSCAN cursor of the slice ('0' for the first)
-- ARGV[4]  about how many fields the slice handles
--
-- Reply: the cursor of the next slice, '0' when the writer is forgotten, or
-- '-' when the writer is not to be forgotten (it is alive, or within the retention).
if ARGV[2] ~= '' then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local deadline = redis.call('HGET', KEYS[1], ARGV[1])
  if deadline and tonumber(deadline) and tonumber(deadline) + tonumber(ARGV[2]) > now then return '-' end
end
local r = redis.call('HSCAN', KEYS[2], ARGV[3], 'COUNT', ARGV[4])
local fields = r[2]
for i = 1, #fields, 2 do
  local f, v = fields[i], fields[i + 1]
  local ext = string.match(f, '^[^:]*:([^:]*):')
  if ext == 'h' or ext == 'l' then
    local x = tonumber(v)
    if x and x == x then
      local kept = tonumber(redis.call('HGET', KEYS[3], f))
      if not kept or (ext == 'h' and x > kept) or (ext == 'l' and x < kept) then redis.call('HSET', KEYS[3], f, v) end
    end
  end
  redis.call('HDEL', KEYS[2], f)
end
if r[1] ~= '0' then return r[1] end
redis.call('DEL', KEYS[2])
redis.call('HDEL', KEYS[1], ARGV[1])
return '0'
