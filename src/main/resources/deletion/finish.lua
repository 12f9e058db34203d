-- After a keyed or leased deletion's answer: the record keeps the answer (ARGV[2], JSON) for ARGV[3] ms, or is
-- dropped when ARGV[2] is empty (an answer not to replay), and the lease is released, each only if this request
-- (ARGV[1]) still owns it. KEYS as ARGV[4..5] say: lease, record.
local n = 1
local lease, record
if ARGV[4] == '1' then lease = KEYS[n]; n = n + 1 end
if ARGV[5] == '1' then record = KEYS[n]; n = n + 1 end
if record and redis.call('HGET', record, 'owner') == ARGV[1] then
  if ARGV[2] == '' then
    redis.call('DEL', record)
  else
    redis.call('HSET', record, 'answer', ARGV[2])
    redis.call('PEXPIRE', record, tonumber(ARGV[3]))
  end
end
if lease and redis.call('GET', lease) == ARGV[1] then
  redis.call('DEL', lease)
end
return 1
