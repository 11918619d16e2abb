-- POST bodies for scripts/load.sh. Every mode goes through request(), so wrk does the same work per
-- request against each server and only the server differs.
--
--   wrk -s scripts/wrk/post.lua http://HOST/api/v1/backend/e-document/online-access/request/identity_card/ -- edoc [PER_THREAD_LIMIT]
--   wrk -s scripts/wrk/post.lua http://HOST/api/egov/gbdflUniversalServiceSync -- egov IINS_FILE
--
-- edoc (also sent to the bare handler): the catalogue's happy citizen with the active key; a
-- PER_THREAD_LIMIT > 0 stops each thread after that many requests (the 1 000 000-session run).
-- egov: a GBDFL lookup by IIN, cycling through the IINs in IINS_FILE (loadkit iins).
-- done() prints one RESULT line that load.sh parses.

local requests, n, i, limit, sent = {}, 0, 0, 0, 0

function init(args)
  local mode = args[1]
  if mode == "egov" then
    local headers = {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer egov_test_api_key",
      ["X-Egov-Sender-Id"] = "test-sender",
      ["X-Egov-Password"] = "test-password",
    }
    for iin in io.lines(args[2]) do
      n = n + 1
      requests[n] = wrk.format("POST", nil, headers, '{"senderCode":"TEST_SENDER","iin":"' .. iin .. '"}')
    end
    -- threads start at different places in the list
    i = math.random(n) - 1
  elseif mode == "edoc" then
    n = 1
    requests[1] = wrk.format("POST", nil, { ["Content-Type"] = "application/json" },
      '{"api_key":"edoc_test_active_0000000000000000000000000000000","iin":"900101300017","phone":"+77010000001"}')
    limit = tonumber(args[2] or "0") or 0
  else
    error("post.lua: mode must be edoc or egov, got " .. tostring(mode))
  end
  if n == 0 then
    error("post.lua: no requests (empty IIN file?)")
  end
end

function request()
  if limit > 0 then
    sent = sent + 1
    if sent > limit then
      wrk.thread:stop()
    end
  end
  i = i % n + 1
  return requests[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
