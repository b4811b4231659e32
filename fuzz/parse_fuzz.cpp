// Fuzz entry for the compiler front end: any bytes, as a source file, must come back
// as a Module and/or diagnostics: no crash, no hang, no sanitizer report.
#include "pfun/compiler/frontend.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view src(reinterpret_cast<const char*>(data), size);
    pfun::compiler::Diagnostics diags("fuzz.erl", src);
    auto module = pfun::compiler::parseModule(src, "fuzz.erl", diags);
    if (module) pfun::compiler::lintModule(*module, diags);
    (void)diags.render();
    pfun::compiler::Diagnostics shell("shell", src);
    (void)pfun::compiler::parseExpressions(src, shell);
    return 0;
}
