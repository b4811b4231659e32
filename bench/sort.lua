-- table.sort of 200,000 integers from the LCG of sort.erl. Only the sort is timed.
local n = 200000
local s = 42
local t = {}
for i = n, 1, -1 do
  s = (s * 1103515245 + 12345) % 2147483648
  t[i] = s
end
local t0 = os.clock()
table.sort(t)
local t1 = os.clock()
print(string.format("result=%d,%d,%d", t[1], t[100000], t[n]))
print(string.format("time_us=%d", math.floor((t1 - t0) * 1e6)))
