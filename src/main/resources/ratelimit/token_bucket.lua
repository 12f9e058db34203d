-- Atomic token-bucket decisions for one or more requests, in order. KEYS[i]: request i's bucket (a hash-tagged
-- key; in a cluster every call carries one key, so one slot). ARGV[3i-2..3i]: its capacity, refill tokens and
-- refill period (ms). Time comes from the Redis server, so every gateway instance shares one clock.
-- Returns 4 integers per request: allowed (1, 0, or -1 when its bucket could not be read or written, e.g. the key
-- holds another type), whole tokens left, retry-after ms, ms until full. One request's broken key never fails
-- the others, and nothing is retried, so no request is ever counted twice.
-- A bucket that several requests of the batch share (a busy client's) is read once, decided for each in turn and
-- written once at the end: the same outcome as one take_token per request, with a third of the commands each.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
local buckets = {}   -- key -> {tokens, ts, reset}, or false when it cannot be read
local touched = {}   -- the keys to write back, in first-use order

for i, key in ipairs(KEYS) do
  local capacity = tonumber(ARGV[3 * i - 2])
  local rate = tonumber(ARGV[3 * i - 1]) / tonumber(ARGV[3 * i])
  local b = buckets[key]
  if b == nil then
    local tokens, ts = read_bucket(key, capacity, now)
    b = tokens ~= nil and {tokens, ts, 1} or false
    buckets[key] = b
    if b then
      table.insert(touched, key)
    end
  end
  if b then
    local allowed, retry
    b[1], b[2], allowed, retry, b[3] = decide(b[1], b[2], capacity, rate, now)
    table.insert(out, allowed)
    table.insert(out, math.floor(b[1]))
    table.insert(out, retry)
    table.insert(out, b[3])
  else
    for _, v in ipairs({-1, 0, 0, 0}) do
      table.insert(out, v)
    end
  end
end
for _, key in ipairs(touched) do
  local b = buckets[key]
  write_bucket(key, b[1], b[2], b[3])
end
return out
