#include "pfun/vm/runtime.h"

#include <cstdio>

namespace pfun::vm {

Runtime::Runtime()
    : output_([](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }) {}

Runtime::~Runtime() = default;

} // namespace pfun::vm
