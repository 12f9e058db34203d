-- Atomic token-bucket decisions for one or more requests, in order. KEYS[i]: a bucket (a hash-tagged key; in a
-- cluster every call carries one key, so one slot). ARGV[4i-3..4i]: its capacity, refill tokens, refill period (ms)
-- and how many requests of the call take a token from it (the caller sends a bucket once however many of its
-- requests gathered). Time comes from the Redis server, so every gateway instance shares one clock.
-- Returns 4 integers per request, the requests of KEYS[1] first: allowed (1, 0, or -1 when its bucket could not be
-- read or written, e.g. the key holds another type), whole tokens left, retry-after ms, ms until full. One broken
-- key never fails the others, and nothing is retried, so no request is ever counted twice.
-- A bucket is read once, decided for each of its requests in turn and written once at the end: the same outcome
-- as one take_token per request, with a third of the commands.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
local n = 0
local buckets = {}   -- key -> {tokens, ts, reset}, or false when it cannot be read
local touched = {}   -- the keys to write back, in first-use order

for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[4 * i - 3])
  local rate = tonumber(ARGV[4 * i - 2]) / tonumber(ARGV[4 * i - 1])
  local b = buckets[key]
  if b == nil then
    local tokens, ts = read_bucket(key, capacity, now)
    b = tokens ~= nil and {tokens, ts, 1} or false
    buckets[key] = b
    if b then
      touched[#touched + 1] = key
    end
  end
  for _ = 1, tonumber(ARGV[4 * i]) do
    if b then
      local allowed, retry
      b[1], b[2], allowed, retry, b[3] = decide(b[1], b[2], capacity, rate, now)
      out[n + 1], out[n + 2], out[n + 3], out[n + 4] = allowed, math.floor(b[1]), retry, b[3]
    else
      out[n + 1], out[n + 2], out[n + 3], out[n + 4] = -1, 0, 0, 0
    end
    n = n + 4
  end
end
for _, key in ipairs(touched) do
  local b = buckets[key]
  write_bucket(key, b[1], b[2], b[3])
end
return out
