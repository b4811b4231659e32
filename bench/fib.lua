-- Naive doubly recursive fib(30). Timed with os.clock() (CPU time of this
-- single-threaded process, microsecond resolution; Lua has no monotonic clock).
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local t0 = os.clock()
local r = fib(30)
local t1 = os.clock()
print("result=" .. r)
print(string.format("time_us=%d", math.floor((t1 - t0) * 1e6)))
