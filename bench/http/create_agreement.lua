-- create_agreement.lua: each request creates a new agreement with a
-- unique key (thread number and counter), as an officer would.  The
-- headers given with -H (the bearer token) are kept.
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function request()
  counter = counter + 1
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/json"
  local body = string.format(
    '{"key":"bench-%d-%d","kind":"mou","title":{"en":"Bench MOU"},"signed_on":"2024-01",' ..
    '"home_role":"facilitator","status":"signed","value_minor":150000,"currency":"USD"}',
    thread_no or 0, counter)
  return wrk.format("POST", nil, headers, body)
end
