// Helper for front-end tests: lint a module body and read back its diagnostics.
#pragma once

#include "pfun/compiler/frontend.h"

#include <string>

namespace pfun::compiler::testing {

// Lints `body` (after a -module line) and returns its diagnostics, one per line,
// as "line:col: message" with "warning: " before warnings. Without an -export in
// `body`, everything is exported so that no function is reported unused.
inline std::string lint(const std::string& body) {
    std::string src = body.find("-export") == std::string::npos
                          ? "-module(m).\n-compile(export_all).\n" + body
                          : "-module(m).\n" + body;
    Diagnostics d("m.erl", src);
    auto m = parseModule(src, "m.erl", d);
    if (m) lintModule(*m, d);
    std::string out;
    for (const auto& it : d.items())
        out += std::to_string(it.loc.line) + ":" + std::to_string(it.loc.col) + ": " +
               (it.severity == Severity::Warning ? "warning: " : "") + it.message + "\n";
    return out;
}

} // namespace pfun::compiler::testing
