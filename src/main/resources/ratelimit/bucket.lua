-- The token-bucket arithmetic, shared by token_bucket.lua and deletion/admit.lua (prepended to each when loaded).

-- read_bucket(key, capacity, now) -> tokens, ts (a missing bucket is full, as of now); or nil when the key cannot
-- be read (it holds another type).
local function read_bucket(key, capacity, now)
  local state = redis.pcall('HMGET', key, 'tokens', 'ts')
  if state['err'] then
    return nil
  end
  local tokens = tonumber(state[1])
  local ts = tonumber(state[2])
  if tokens == nil or ts == nil then
    return capacity, now
  end
  return tokens, ts
end

-- decide(tokens, ts, capacity, rate per ms, now) -> tokens, ts after one request, allowed (1/0), retry-after ms,
-- ms until full.
local function decide(tokens, ts, capacity, rate, now)
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
  return tokens, ts, allowed, retry, reset
end

-- write_bucket(key, tokens, ts, reset): the state, expiring once the bucket is full again.
local function write_bucket(key, tokens, ts, reset)
  redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(ts))
  redis.call('PEXPIRE', key, reset)
end

-- take_token(key, capacity, rate per ms, now) -> allowed (1/0), whole tokens left, retry-after ms, ms until full;
-- or nil when the key cannot be read.
local function take_token(key, capacity, rate, now)
  local tokens, ts = read_bucket(key, capacity, now)
  if tokens == nil then
    return nil
  end
  local allowed, retry, reset
  tokens, ts, allowed, retry, reset = decide(tokens, ts, capacity, rate, now)
  write_bucket(key, tokens, ts, reset)
  return {allowed, math.floor(tokens), retry, reset}
end
