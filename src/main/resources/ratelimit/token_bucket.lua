-- Atomic token-bucket decisions for one or more requests, in order. KEYS[i]: request i's bucket (a hash-tagged
-- key; in a cluster every call carries one key, so one slot). ARGV[3i-2..3i]: its capacity, refill tokens and
-- refill period (ms). Time comes from the Redis server, so every gateway instance shares one clock.
-- Returns 4 integers per request: allowed (1, 0, or -1 when its bucket could not be read or written, e.g. the key
-- holds another type), whole tokens left, retry-after ms, ms until full. One request's broken key never fails
-- the others, and nothing is retried, so no request is ever counted twice.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}

for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[3 * i - 2])
  local rate = tonumber(ARGV[3 * i - 1]) / tonumber(ARGV[3 * i])
  local taken = take_token(key, capacity, rate, now)
  if taken == nil then
    taken = {-1, 0, 0, 0}
  end
  for _, v in ipairs(taken) do
    table.insert(out, v)
  end
end
return out
