// `pfun compile FILE [-o OUT]`: compile FILE (a module or a script) to a .pfb module
// image (loader/pfb.h). OUT defaults to FILE with its extension replaced by .pfb.
//
// Exit codes: 0 written, 2 usage (FILE unreadable, OUT unwritable), 3 compile errors
// (diagnostics on stderr, nothing written), as `pfun run` uses them.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace pfun::cli {

struct CompileOptions {
    std::string file;
    std::string output; // empty: FILE with the extension .pfb
    // Diagnostics and messages; stderr when empty.
    std::function<void(std::string_view)> errors;
};

int compileToPfb(const CompileOptions& options);

} // namespace pfun::cli
