-- wrk script of the benchmark (bench/run.mjs). BENCH_MODE=login sends
-- correct-password ImmTrac2 logins of random bulk-seeded users
-- (`iam-api seed-bulk`); otherwise wrk's own request (with its -H headers).
-- At the end it prints one line: BENCH_JSON {…}.
local mode = os.getenv("BENCH_MODE") or "get"
local users = tonumber(os.getenv("BENCH_USERS") or "1000")
local password = os.getenv("BENCH_PASSWORD") or ""

-- The i-th seeded username, as bulk_seed::username.
local function letter(n)
  return string.char(65 + n % 26)
end
local function username(i)
  local high = math.floor(i / 10000)
  return letter(math.floor(high / 17576)) .. letter(math.floor(high / 676))
    .. string.format("%04d", i % 10000) .. letter(math.floor(high / 26)) .. letter(high)
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
  if mode ~= "login" then
    return wrk.format()
  end
  local body = string.format(
    '{"org_code":"BULK","username":"%s","password":"%s","keep_signed_in":false}',
    username(math.random(0, users - 1)), password)
  return wrk.format("POST", "/api/v1/login", { ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,"timeouts":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
