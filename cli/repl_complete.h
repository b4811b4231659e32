// Tab completion for `pfun repl`, kept apart from libedit so that it can be tested:
// given the word before the cursor it returns every full replacement.
//
//   "lis"       -> "lists:"                 modules: loaded ones, the embedded
//                                          library, BIF-only modules (erlang, io, ...)
//                                          and NAME.erl / NAME.pfb on the code path
//   "lists:so"  -> "lists:sort(", ...       the functions the module exports (it is
//                                          loaded for the purpose if needed), BIFs
//                                          registered under the module included
//
// Results are sorted and unique. A word that names no module completes to nothing.
#pragma once

#include "pfun/vm/runtime.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::cli {

class ReplCompleter {
  public:
    ReplCompleter(vm::Runtime& rt, std::vector<std::filesystem::path> codePath)
        : rt_(rt), codePath_(std::move(codePath)) {}

    std::vector<std::string> complete(std::string_view word);

    // Every module name the shell can reach, sorted.
    std::vector<std::string> moduleNames() const;
    // Names of the functions `module` exports (each once, whatever its arities), sorted.
    std::vector<std::string> exportedFunctions(std::string_view module);

  private:
    vm::Runtime& rt_;
    std::vector<std::filesystem::path> codePath_;
};

// Characters that end a word for completion: ':' is not one of them, so "lists:so"
// is completed as a whole.
inline constexpr const char* kCompletionWordBreaks = " \t\n\"'`@$><=;|&{([,+-*/}])!#";

} // namespace pfun::cli
