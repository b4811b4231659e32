// `pfun disasm FILE`: compile FILE (or read it, when it is a .pfb image) and print
// every function's bytecode, then every function's hash and references.
#include "disasm_command.h"

#include "module_loader.h"

#include "code_hashes.h"

#include "pfun/compiler/compile.h"
#include "pfun/loader/pfb.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/runtime.h"

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace pfun::cli {

namespace {

int printHashes(const vm::ModuleCode& module, const vm::AtomTable& atoms) {
    loader::HashSet hashes;
    std::string error;
    if (!hashModule(module, atoms, hashes, &error)) {
        std::fprintf(stderr, "pfun: cannot hash: %s\n", error.c_str());
        return 3;
    }
    std::fputs(("\n" + describeHashes(hashes, module, atoms)).c_str(), stdout);
    return 0;
}

} // namespace

int runDisasm(const std::string& file, const std::string& dump) {
    std::string source;
    if (!readWholeFile(file, source)) {
        std::fprintf(stderr, "pfun: cannot read %s\n", file.c_str());
        return 2;
    }
    vm::Runtime rt;
    stdlib::registerBifs(rt); // so that calls to native BIFs show as BIF instructions
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(source.data()), source.size());
    if (loader::looksLikePfb(bytes)) {
        std::string error;
        auto image = loader::readModule(bytes, rt.atoms(), &error);
        if (!image) {
            std::fprintf(stderr, "pfun: cannot load %s: %s\n", file.c_str(), error.c_str());
            return 3;
        }
        std::fputs(compiler::disassemble(*image, rt.atoms()).c_str(), stdout);
        return printHashes(*image, rt.atoms());
    }
    compiler::Diagnostics diags(file, source);
    compiler::CompileOptions opts;
    std::string dumpText;
    if (!dump.empty()) {
        opts.dumpPass = dump;
        opts.dumpOut = &dumpText;
    }
    auto code = compiler::compileSource(source, file, rt, diags, opts);
    std::string rendered = diags.render();
    if (!rendered.empty()) std::fputs(rendered.c_str(), stderr);
    if (!code) return 3;
    if (!dumpText.empty()) std::fputs(dumpText.c_str(), stdout);
    std::fputs(compiler::disassemble(*code, rt.atoms()).c_str(), stdout);
    return printHashes(*code, rt.atoms());
}

} // namespace pfun::cli
