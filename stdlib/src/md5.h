// MD5 (RFC 1321), for erlang:md5/1. Written here rather than taken from libcrypto:
// linking libcrypto cost every `pfun run` about 0.6 ms of dynamic loading and
// relocation at start-up, for one digest function. MD5 is not used for anything
// that needs to resist attacks; it only has to match erl's md5/1 bit for bit.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace pfun::stdlib::detail {

std::array<uint8_t, 16> md5Digest(std::string_view bytes);

} // namespace pfun::stdlib::detail
