package redisstore

import "github.com/redis/go-redis/v9"

// Every script that touches a world's data takes the world record as KEYS[1] and the Gen the replica
// believes in as ARGV[1], and answers "STALE" without touching anything when the record holds
// another: the version check rides in the round trip the call makes anyway. ARGV[2] is the Gen's key
// base; the scripts derive the Gen's keys from it (one Redis, not a cluster: see README).
const stale = `if redis.call('HGET', KEYS[1], 'gen') ~= ARGV[1] then return 'STALE' end
local b = ARGV[2]
`

// openScript stores a session and its SMS. ARGV: 3 id, 4 iin, 5 doc, 6 api key, 7 code, 8 expiry
// (µs of the simulated clock), 9 expiry (RFC 3339, as given), 10 the session's TTL (ms), 11 session
// cap, 12 SMS JSON ("" none), 13 phone, 14 SMS cap, 15 keep (ms).
var openScript = redis.NewScript(stale + `
local sk = b .. 's:' .. ARGV[3]
redis.call('HSET', sk, 'iin', ARGV[4], 'doc', ARGV[5], 'key', ARGV[6], 'code', ARGV[7], 'expus', ARGV[8], 'exp', ARGV[9], 'st', 'o', 'w', 0)
redis.call('PEXPIRE', sk, ARGV[10])
local idx = b .. 'sidx'
redis.call('ZADD', idx, redis.call('INCR', b .. 'sseq'), ARGV[3])
local over = redis.call('ZCARD', idx) - tonumber(ARGV[11])
if over > 0 then
  local old = redis.call('ZPOPMIN', idx, over)
  for i = 1, #old, 2 do redis.call('DEL', b .. 's:' .. old[i]) end
end
redis.call('PEXPIRE', idx, ARGV[15])
redis.call('PEXPIRE', b .. 'sseq', ARGV[15])
if ARGV[12] ~= '' then
  local seq = redis.call('INCR', b .. 'mseq')
  local m = seq .. '|' .. ARGV[3] .. '|' .. ARGV[12]
  local cap = tonumber(ARGV[14])
  for _, l in ipairs({b .. 'sms', b .. 'sms:' .. ARGV[13]}) do
    redis.call('RPUSH', l, m)
    redis.call('LTRIM', l, -cap, -1)
    redis.call('PEXPIRE', l, ARGV[15])
  end
  redis.call('PEXPIRE', b .. 'mseq', ARGV[15])
end
return 'OK'`)

// beginScript is the approve's check and transition (docs/behaviour.md §2.2 order). ARGV: 3 id,
// 4 code, 5 now (µs, simulated), 6 max attempts, 7 real now (ms), 8 lease end (ms, real), 9 grace
// (µs). An inflight session whose lease ran out (its replica died mid-approve) counts as open.
// Answers {refusal, iin, doc, api key, code, expiry}.
var beginScript = redis.NewScript(stale + `
local sk = b .. 's:' .. ARGV[3]
local s = redis.call('HMGET', sk, 'iin', 'doc', 'key', 'code', 'expus', 'exp', 'st', 'lease')
if not s[1] then return {1} end
local now, exp = tonumber(ARGV[5]), tonumber(s[5])
if now >= exp + tonumber(ARGV[9]) then
  redis.call('DEL', sk)
  return {1}
end
local out = function(r) return {r, s[1], s[2], s[3], s[4], s[6]} end
local st = s[7]
if st == 'd' then return out(2) end
if st == 'l' or (st == 'i' and tonumber(s[8]) > tonumber(ARGV[7])) then return out(3) end
if now >= exp then return out(4) end
if s[4] == '' or s[4] ~= ARGV[4] then
  if redis.call('HINCRBY', sk, 'w', 1) >= tonumber(ARGV[6]) then redis.call('HSET', sk, 'st', 'l') end
  return out(5)
end
redis.call('HSET', sk, 'st', 'i', 'lease', ARGV[8])
return out(0)`)

// finishScript ends an inflight approve. ARGV: 3 id, 4 "d" delivered or "o" open again.
var finishScript = redis.NewScript(stale + `
local sk = b .. 's:' .. ARGV[3]
if redis.call('EXISTS', sk) == 0 then return 'GONE' end
redis.call('HSET', sk, 'st', ARGV[4])
return 'OK'`)

// messagesScript reads the outbox (ARGV 3: a phone, or "" for all) with the newest message's
// sequence number, so the caller drops what the capped main list has already let go.
var messagesScript = redis.NewScript(stale + `
local l = b .. 'sms'
if ARGV[3] ~= '' then l = l .. ':' .. ARGV[3] end
return {tonumber(redis.call('GET', b .. 'mseq') or '0'), redis.call('LRANGE', l, 0, -1)}`)

// addPaymentScript stores a payment. ARGV: 3 id, 4 JSON, 5 cap, 6 the payment's TTL (ms), 7 keep
// (ms).
var addPaymentScript = redis.NewScript(stale + `
redis.call('SET', b .. 'p:' .. ARGV[3], ARGV[4], 'PX', ARGV[6])
local o = b .. 'po'
redis.call('RPUSH', o, ARGV[3])
local over = redis.call('LLEN', o) - tonumber(ARGV[5])
if over > 0 then
  for _, id in ipairs(redis.call('LPOP', o, over)) do redis.call('DEL', b .. 'p:' .. id) end
end
redis.call('PEXPIRE', o, ARGV[7])
return 'OK'`)

// paymentScript reads one payment (ARGV 3: id); false when there is none.
var paymentScript = redis.NewScript(stale + `
return redis.call('GET', b .. 'p:' .. ARGV[3])`)

// paymentsScript reads the newest ARGV[3] payments (0: all), oldest first.
var paymentsScript = redis.NewScript(stale + `
local n = tonumber(ARGV[3])
local from = 0
if n > 0 then from = -n end
local ids = redis.call('LRANGE', b .. 'po', from, -1)
if #ids == 0 then return {} end
local ks = {}
for i, id in ipairs(ids) do ks[i] = b .. 'p:' .. id end
local vs = redis.call('MGET', unpack(ks))
local out = {}
for i = 1, #ids do if vs[i] then out[#out + 1] = vs[i] end end
return out`)

// ticketScript takes one of fault ARGV[3]'s ARGV[4] tickets: 1 taken, 0 none left. ARGV 5: keep.
var ticketScript = redis.NewScript(stale + `
local k = b .. 'tk'
if tonumber(redis.call('HGET', k, ARGV[3]) or '0') >= tonumber(ARGV[4]) then return 0 end
redis.call('HINCRBY', k, ARGV[3], 1)
redis.call('PEXPIRE', k, ARGV[5])
return 1`)

// The world record: a hash of epoch, seq, gen, off (clock offset, ns) and src (the scenario YAML).

// loadScript reads the record (false when missing), refreshing its TTL (ARGV 2, ms); the YAML comes
// along only when the record's gen is not ARGV[1].
var loadScript = redis.NewScript(`
local r = redis.call('HMGET', KEYS[1], 'epoch', 'seq', 'gen', 'off')
if not r[1] then return false end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if r[3] ~= ARGV[1] then r[5] = redis.call('HGET', KEYS[1], 'src') end
return r`)

// createScript makes the record when it is missing (ARGV: epoch, gen, src, TTL) and reads it.
var createScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'seq', 1, 'gen', ARGV[2], 'off', 0, 'src', ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return redis.call('HMGET', KEYS[1], 'epoch', 'seq', 'gen', 'off', 'src')`)

// oldGen unlinks the fixed keys of the gen a new one replaces (ARGV[3]: the tenant's key base);
// sessions, payments and per-phone outboxes go with their own TTLs.
const oldGen = `
local old = redis.call('HGET', KEYS[1], 'gen')
if old then
  local ob = ARGV[3] .. old .. ':'
  redis.call('UNLINK', ob .. 'sidx', ob .. 'sseq', ob .. 'sms', ob .. 'mseq', ob .. 'po', ob .. 'tk', ob .. 'j', ob .. 'cov')
end
`

// activateScript starts gen ARGV[1] of scenario ARGV[2]. ARGV: 3 tenant key base, 4 TTL, 5 epoch
// for a record that did not exist.
var activateScript = redis.NewScript(oldGen + `
if not old then redis.call('HSET', KEYS[1], 'epoch', ARGV[5], 'seq', 0) end
redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'gen', ARGV[1], 'off', 0, 'src', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return redis.call('HMGET', KEYS[1], 'epoch', 'seq', 'gen', 'off')`)

// resetScript starts gen ARGV[1] of the same scenario; false when the record is missing. ARGV: 3
// tenant key base, 4 TTL.
var resetScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
` + oldGen + `
redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[1], 'gen', ARGV[1], 'off', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return redis.call('HMGET', KEYS[1], 'epoch', 'seq', 'gen', 'off')`)

// advanceScript moves the clock by ARGV[1] ns unless that passes ARGV[2] ns ("FAR"); false when the
// record is missing. The offset is added as an exact 64-bit integer (HINCRBY); only the bound check
// is in floating point, exact to a microsecond at 100 years.
var advanceScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local d, max = tonumber(ARGV[1]), tonumber(ARGV[2])
if d > max or tonumber(redis.call('HGET', KEYS[1], 'off')) > max - d then return 'FAR' end
redis.call('HINCRBY', KEYS[1], 'off', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'seq', 1)
return redis.call('HMGET', KEYS[1], 'epoch', 'seq', 'gen', 'off')`)
