// compileSource: the whole pipeline from text, front end included.
#include "pfun/compiler/compile.h"
#include "pfun/compiler/frontend.h"

namespace pfun::compiler {

std::unique_ptr<vm::ModuleCode> compileSource(std::string_view source, std::string_view fileName,
                                              vm::Runtime& rt, Diagnostics& diags,
                                              const CompileOptions& options) {
    std::optional<Module> module = parseModule(source, fileName, diags);
    if (!module || diags.hasErrors()) return nullptr;
    lintModule(*module, diags);
    if (diags.hasErrors()) return nullptr;
    return compileModule(*module, source, rt, diags, options);
}

} // namespace pfun::compiler
