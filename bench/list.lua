-- Build, map, filter and sum over a 1,000,000-element array.
local t0 = os.clock()
local l = {}
for i = 1, 1000000 do l[i] = i end
local m = {}
for i = 1, #l do m[i] = l[i] * 3 end
local f = {}
for i = 1, #m do
  local x = m[i]
  if x % 2 == 0 then f[#f + 1] = x end
end
local r = 0
for i = 1, #f do r = r + f[i] end
local t1 = os.clock()
print("result=" .. r)
print(string.format("time_us=%d", math.floor((t1 - t0) * 1e6)))
