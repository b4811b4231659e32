// `pfun disasm FILE [--dump=match]`: the bytecode of every function of FILE.
#pragma once

#include <string>

namespace pfun::cli {

int runDisasm(const std::string& file, const std::string& dump);

} // namespace pfun::cli
