// `pfun disasm FILE [--dump=match]`: the bytecode of every function of FILE.
#pragma once

#include <CLI/CLI.hpp>

namespace pfun::cli {

void addDisasmCommand(CLI::App& app);

} // namespace pfun::cli
