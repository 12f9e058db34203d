-- The token-bucket arithmetic, shared by token_bucket.lua and deletion/admit.lua (prepended to each when loaded).
-- take_token(key, capacity, rate per ms, now ms) -> allowed (1/0), whole tokens left, retry-after ms, ms until full;
-- or nil when the key cannot be read (it holds another type). The state expires once the bucket is full again.
local function take_token(key, capacity, rate, now)
  local state = redis.pcall('HMGET', key, 'tokens', 'ts')
  if state['err'] then
    return nil
  end
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
  local reset = math.ceil((capacity - tokens) / rate)
  if reset < 1 then
    reset = 1
  end
  redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(ts))
  redis.call('PEXPIRE', key, reset)
  return {allowed, math.floor(tokens), retry, reset}
end

