// Helpers for back-end tests: compile source text and look at the result.
#pragma once

#include "pfun/compiler/compile.h"
#include "pfun/vm/runtime.h"

#include <memory>
#include <string>
#include <string_view>

namespace pfun::compiler::testing {

struct Compiled {
    std::unique_ptr<vm::Runtime> rt = std::make_unique<vm::Runtime>();
    std::unique_ptr<vm::ModuleCode> code;
    std::string diagnostics;

    const vm::FunctionCode* fn(std::string_view name, uint32_t arity) const {
        if (!code) return nullptr;
        for (const auto& f : code->functions)
            if (rt->atoms().name(f->name) == name && f->arity == arity) return f.get();
        return nullptr;
    }
    std::string disasm(std::string_view name, uint32_t arity) const {
        const vm::FunctionCode* f = fn(name, arity);
        return f ? disassembleFunction(*f, rt->atoms()) : "<no such function>";
    }
};

inline Compiled compileText(std::string_view source, std::string_view file = "t.erl",
                            const CompileOptions& options = {}) {
    Compiled c;
    Diagnostics diags{std::string(file), source};
    c.code = compileSource(source, file, *c.rt, diags, options);
    c.diagnostics = diags.render();
    return c;
}

} // namespace pfun::compiler::testing
