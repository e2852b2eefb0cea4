-- wrk script for `make bench`: every wrk thread is one customer on one keep-alive connection.
--
--   wrk --threads N --connections N -s bench/customers.lua URL -- MODE CUSTOMERS_FILE
--
-- CUSTOMERS_FILE has one line per customer: cookies, CSRF token, page number, connect token,
-- separated by tabs. MODE:
--   act     change period over htmx, as the browser does (POST /act with HX-Request)
--   mix     look at the dashboard (GET /), change period, look, change...
--   direct  the same period changes sent straight to Connect's stand-in, as the app sends them
-- A period change carries the number of the page last shown; every change the app answers
-- with 200 is the next page (A5), so the number is counted here rather than read from the
-- compressed answer. The run ends with one JSON line of figures on stdout.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  mode = args[1]
  local line = 0
  for text in io.lines(args[2]) do
    line = line + 1
    if line == id then
      cookie, csrf, seq, token = text:match("^([^\t]*)\t([^\t]*)\t(%d+)\t([^\t]*)$")
      seq = tonumber(seq)
    end
  end
  assert(seq, "no customer for thread " .. id)
  origin = "http://" .. wrk.host .. ":" .. wrk.port
  turns, changes, answered = 0, 0, 0
end

local MONTHS = { "2025-01-01", "2025-02-01" }
local ENCODINGS = "gzip, deflate, br"

function request()
  turns = turns + 1
  if mode == "mix" and turns % 2 == 1 then
    changing = false
    return wrk.format("GET", "/", { Cookie = cookie, ["Accept-Encoding"] = ENCODINGS })
  end
  changing = true
  changes = changes + 1
  local month = MONTHS[changes % 2 + 1]
  if mode == "direct" then
    return wrk.format("POST", "/", { ["Content-Type"] = "application/json" }, string.format(
      '{"connect_token":"%s","route":"vpp_summary","action":"CHANGE_PERIOD",'
        .. '"data":{"period_type":"MONTH","period_start":"%s"}}', token, month))
  end
  return wrk.format("POST", "/act", {
    Cookie = cookie,
    Origin = origin,
    ["HX-Request"] = "true",
    ["HX-Target"] = "app",
    ["HX-Current-URL"] = origin .. "/",
    ["Accept-Encoding"] = ENCODINGS,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, string.format(
    "csrfmiddlewaretoken=%s&seq=%d&period_type=MONTH&period_start=%s&action=CHANGE_PERIOD",
    csrf, seq, month))
end

function response(status, headers, body)
  if changing and status == 200 then
    answered = answered + 1
    if mode ~= "direct" then seq = seq + 1 end
  end
end

function done(summary, latency, requests)
  local changes_answered = 0
  for _, thread in ipairs(threads) do changes_answered = changes_answered + thread:get("answered") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p95_ms": %.3f, "p50_ms": %.3f, "changes_answered": %d, '
      .. '"socket_errors": %d, "http_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(95) / 1000,
    latency:percentile(50) / 1000, changes_answered,
    e.connect + e.read + e.write + e.timeout, e.status))
end
