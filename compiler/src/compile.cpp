// The back-end pipeline, in one place (see compile.h for what each pass does).
#include "codegen.h"
#include "module_info.h"

namespace pfun::compiler {

void finalizeFunction(FunctionGen& g, const Loc& loc) {
    if (!g.as.finish()) g.error(loc, "internal compiler error: unbound label");
    g.fc.frameSize = std::max({g.maxTop, g.fc.arity, 1u});
    if (g.tooManyRegisters || g.fc.frameSize > vm::kMaxRegisters) {
        g.error(loc, "function " + g.m.rt.atoms().name(g.fc.name) + "/" +
                         std::to_string(g.fc.arity) + " is too large: it needs " +
                         std::to_string(g.maxTop) + " registers, the limit is " +
                         std::to_string(vm::kMaxRegisters));
        g.fc.frameSize = std::min<uint32_t>(g.fc.frameSize, vm::kMaxRegisters);
    }
}

namespace {

// Pass 1: one FunctionCode per source function, so that calls in any order resolve;
// the export table.
void declareFunctions(ModuleGen& g) {
    for (const Function& f : g.ast.functions) {
        if (g.localFunction(f.name, f.arity)) continue; // linter reports duplicates
        vm::FunctionCode* fc = g.newFunctionCode(f.name, f.arity);
        fc->sourceBegin = f.sourceBegin;
        fc->sourceEnd = f.sourceEnd;
        g.addLocal(f.name, f.arity, fc);
        g.queue.push_back({&f, fc, f.name, f.arity});
    }
    std::vector<uint32_t> generatedExports;
    for (auto& fn : moduleInfoFunctions(g.ast, g.mc.source)) {
        if (g.localFunction(fn->name, fn->arity)) continue; // the module defines its own
        vm::FunctionCode* fc = g.newFunctionCode(fn->name, fn->arity);
        g.addLocal(fn->name, fn->arity, fc);
        generatedExports.push_back(static_cast<uint32_t>(g.mc.functions.size() - 1));
        g.queue.push_back({fn.get(), fc, fn->name, fn->arity});
        g.generatedAst.push_back(std::move(fn));
    }
    for (uint32_t i = 0; i < g.mc.functions.size(); ++i) {
        const vm::FunctionCode& fc = *g.mc.functions[i];
        bool exported = g.ast.exportAll || g.ast.isScript;
        for (const NameArity& e : g.ast.exports)
            if (g.atom(e.name) == fc.name && e.arity == fc.arity) exported = true;
        if (std::find(generatedExports.begin(), generatedExports.end(), i) !=
            generatedExports.end())
            exported = true;
        if (exported) g.mc.exports.push_back(i);
    }
}

// Passes 2-5 per function: lower, match, regalloc and emit run interleaved over one
// function at a time (comprehensions lowered on the way queue more functions).
void compileFunctions(ModuleGen& g) {
    while (!g.queue.empty()) {
        PendingFunction p = g.queue.front();
        g.queue.pop_front();
        FunctionGen fg(g, *p.code, p.outerName, p.outerArity);
        fg.listBuilder = g.opts.listBuilders && fg.wantsListBuilder(p.ast->clauses);
        fg.functionBody(p.ast->clauses, p.ast->arity, {});
        finalizeFunction(fg, p.ast->loc);
    }
}

// Pass 6: the emitted-code self check.
void selfCheck(ModuleGen& g) {
    std::string problems = verifyEmitted(g.mc);
    if (!problems.empty())
        g.diags.error({}, "internal compiler error: bad code emitted:\n" + problems);
}

} // namespace

std::unique_ptr<vm::ModuleCode> compileModule(const Module& module, std::string_view source,
                                              vm::Runtime& rt, Diagnostics& diags,
                                              const CompileOptions& options) {
    auto mc = std::make_unique<vm::ModuleCode>();
    mc->fileName = module.fileName;
    mc->source = std::string(source);
    ModuleGen g(module, rt, diags, *mc, options);
    mc->name = g.moduleAtom;
    declareFunctions(g);
    compileFunctions(g);
    if (diags.hasErrors()) return nullptr;
    if (options.selfCheck) selfCheck(g);
    if (diags.hasErrors()) return nullptr;
    return mc;
}

} // namespace pfun::compiler
