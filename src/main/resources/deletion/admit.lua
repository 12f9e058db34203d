-- One destructive request's guard, atomically: its idempotency record, its rate-limit bucket, its target's lease.
-- ARGV[1..3] say which of bucket, lease, record are asked ('1'/'0'); their keys come in that order in KEYS.
-- ARGV[4..6]: bucket capacity, refill tokens, refill period ms; ARGV[7]: lease ttl ms; ARGV[8]: this request's
-- token (owner of its lease and in-flight record); ARGV[9]: the request's fingerprint; ARGV[10]: in-flight ttl ms.
-- Returns {verdict, retry-after ms, recorded answer (JSON) or '', tokens left, ms until full}.
-- A replay, a reused key and a key in flight take nothing; past them the bucket counts the attempt (a deletion
-- refused for its target's lease takes a token: retry storms are limited too), then the lease and record are taken.
local n = 1
local bucket, lease, record
if ARGV[1] == '1' then bucket = KEYS[n]; n = n + 1 end
if ARGV[2] == '1' then lease = KEYS[n]; n = n + 1 end
if ARGV[3] == '1' then record = KEYS[n]; n = n + 1 end
local token = ARGV[8]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

if record then
  local held = redis.call('HMGET', record, 'fp', 'answer')
  if held[1] then
    if held[1] ~= ARGV[9] then return {'REUSED', 0, '', -1, 0} end
    if held[2] then return {'REPLAY', 0, held[2], -1, 0} end
    return {'IN_FLIGHT', redis.call('PTTL', record), '', -1, 0}
  end
end
local left, full = -1, 0
if bucket then
  local taken = take_token(bucket, tonumber(ARGV[4]), tonumber(ARGV[5]) / tonumber(ARGV[6]), now)
  if taken == nil then return redis.error_reply('bucket key holds another type') end
  if taken[1] == 0 then return {'RATE_LIMITED', taken[3], '', taken[2], taken[4]} end
  left, full = taken[2], taken[4]
end
if lease then
  local holder = redis.call('GET', lease)
  if holder and holder ~= token then return {'LEASED', redis.call('PTTL', lease), '', left, full} end
end
if lease then redis.call('SET', lease, token, 'PX', tonumber(ARGV[7])) end
if record then
  redis.call('HSET', record, 'fp', ARGV[9], 'owner', token)
  redis.call('PEXPIRE', record, tonumber(ARGV[10]))
end
return {'ALLOWED', 0, '', left, full}
