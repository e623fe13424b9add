-- wrk script: POST /api/orders, one new Idempotency-Key per request, customers c-1..c-10 and
-- products SKU-1..SKU-10 in turn, each order with the bearer token of the customer it names (a
-- customer orders only for itself); prints "status <code> <count>" lines at the end.
-- Usage: wrk ... -s orders.lua URL -- <run-id> <token-file>, the token file holding one "c-N TOKEN"
-- line per customer (read once per thread in init; request() only picks from a table).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  run = args[1] or tostring(os.time())
  counter = 0
  statuses = {}
  bearer = {}
  local file = assert(io.open(assert(args[2], "usage: -- <run-id> <token-file>"), "r"))
  for line in file:lines() do
    local n, token = line:match("^c%-(%d+)%s+(%S+)")
    if n then bearer[tonumber(n)] = "Bearer " .. token end
  end
  file:close()
  for customer = 1, 10 do
    assert(bearer[customer], "no token for c-" .. customer)
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      total[code] = (total[code] or 0) + count
    end
  end
  for code, count in pairs(total) do
    io.write(string.format("status %d %d\n", code, count))
  end
end

function request()
  counter = counter + 1
  local sku = (counter % 10) + 1
  local customer = ((counter * 7 + id) % 10) + 1
  local body = string.format('{"customerId":"c-%d","items":[{"sku":"SKU-%d","quantity":1}]}', customer, sku)
  local headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, id, counter),
    ["Authorization"] = bearer[customer],
  }
  return wrk.format("POST", "/api/orders", headers, body)
end
