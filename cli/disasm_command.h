// `pfun disasm FILE [--dump=match]`: the bytecode of every function of FILE.
#pragma once

namespace CLI {
class App;
} // namespace CLI

namespace pfun::cli {

void addDisasmCommand(CLI::App& app);

} // namespace pfun::cli
