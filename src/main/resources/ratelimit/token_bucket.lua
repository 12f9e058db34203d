-- One atomic token-bucket decision. KEYS[1]: the bucket (one hash-tagged key, so one cluster slot).
-- ARGV: capacity, refill tokens, refill period (ms). Time comes from the Redis server, so every gateway
-- instance shares one clock. Returns {allowed (0/1), whole tokens left, retry-after ms, ms until full}.
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
  ts = now
end

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
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(ts))
redis.call('PEXPIRE', KEYS[1], reset)
return {allowed, math.floor(tokens), retry, reset}
