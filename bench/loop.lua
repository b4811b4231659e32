-- A tail-recursive numeric loop of 10 million steps (Lua has proper tail calls).
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + n % 7)
end

local t0 = os.clock()
local r = loop(10000000, 0)
local t1 = os.clock()
print("result=" .. r)
print(string.format("time_us=%d", math.floor((t1 - t0) * 1e6)))
