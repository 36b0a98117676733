-- wrk script for bench.py: one request shape per run, set through environment variables.
--   BENCH_PATH     the path to request
--   BENCH_COOKIE   Cookie header (a logged-in session), may be empty
--   BENCH_BODY     for a POST: the form body, in which "@TOKEN@" and "@SERVED@" are replaced per
--                  request by a submission token and its signed served-quiz record, one line of
--                  BENCH_FORMS each (so each POST stores a new attempt)
--   BENCH_FORMS    file of "token served" lines, never reused; BENCH_THREADS threads share it
--   BENCH_EXPECT   the status every response must have (200, or 302 for a stored submission)
--   BENCH_LOCATION for a POST: the start every redirect Location must have
--   BENCH_USER_AGENT the User-Agent the session was logged in with (a browser keeps one)
-- Responses with another status or Location are counted as "bad" and make the run invalid.

local path = os.getenv("BENCH_PATH") or "/"
local cookie = os.getenv("BENCH_COOKIE") or ""
local body = os.getenv("BENCH_BODY")
local expect = tonumber(os.getenv("BENCH_EXPECT") or "200")
local location = os.getenv("BENCH_LOCATION")

local threads = {}

function setup(thread)
   thread:set("thread_number", #threads + 1)
   table.insert(threads, thread)
end

local forms = {}
local next_form = 1
bad = 0
checked = 0
bad_status = 0

function init(args)
   local file = os.getenv("BENCH_FORMS")
   if file then
      local threads = tonumber(os.getenv("BENCH_THREADS"))
      local index = 0
      for line in io.lines(file) do
         if index % threads == thread_number - 1 then
            table.insert(forms, line)
         end
         index = index + 1
      end
   end
end

local headers = { Cookie = cookie, ["User-Agent"] = os.getenv("BENCH_USER_AGENT") }
if body then
   headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
   if body then
      -- Past the last form the token is invalid: the 400 counts as bad, never a replay.
      local token, served = "exhausted", "exhausted"
      if next_form <= #forms then
         token, served = forms[next_form]:match("^(%S+) (%S+)$")
      end
      next_form = next_form + 1
      local filled = body:gsub("@TOKEN@", token):gsub("@SERVED@", served)
      return wrk.format("POST", path, headers, filled)
   end
   return wrk.format("GET", path, headers)
end

function response(status, response_headers, response_body)
   checked = checked + 1
   if status ~= expect then
      bad = bad + 1
      bad_status = status
   elseif location and string.sub(response_headers["Location"] or "", 1, #location) ~= location then
      bad = bad + 1
   end
end

function done(summary, latency, requests)
   local total_bad, total_checked, bad_status = 0, 0, 0
   for _, thread in ipairs(threads) do
      total_bad = total_bad + thread:get("bad")
      total_checked = total_checked + thread:get("checked")
      if thread:get("bad_status") ~= 0 then
         bad_status = thread:get("bad_status")
      end
   end
   io.write(string.format(
      "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d bad=%d bad_status=%d checked=%d socket_errors=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      total_bad, bad_status, total_checked,
      summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
   ))
end
