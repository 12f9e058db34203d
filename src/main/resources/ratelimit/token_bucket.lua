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
  local state = redis.pcall('HMGET', key, 'tokens', 'ts')
  if state['err'] then
    table.insert(out, -1); table.insert(out, 0); table.insert(out, 0); table.insert(out, 0)
  else
    local tokens = tonumber(state[1])
    local ts = tonumber(state[2])
    if tokens == nil or ts == nil then
      tokens = capacity
      ts = now
    end
    if now > ts then
      tokens = tokens + (now - ts) * rate
      ts = now
    end
    tokens = math.min(capacity, tokens)  -- a lowered capacity clamps the level

    local allowed = 0
    local retry = 0
    if tokens >= 1 then
      tokens = tokens - 1
      allowed = 1
    else
      retry = math.ceil((1 - tokens) / rate)
    end

    -- The state matters only until the bucket is full again: expire it then (never an immortal key).
    local reset = math.ceil((capacity - tokens) / rate)
    if reset < 1 then
      reset = 1
    end
    redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(ts))
    redis.call('PEXPIRE', key, reset)
    table.insert(out, allowed); table.insert(out, math.floor(tokens)); table.insert(out, retry); table.insert(out, reset)
  end
end
return out
