#include "compile_command.h"

#include "module_loader.h"

#include "code_hashes.h"

#include "pfun/compiler/compile.h"
#include "pfun/loader/pfb.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/runtime.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace pfun::cli {

int compileToPfb(const CompileOptions& options) {
    auto errors = [&](std::string_view text) {
        if (options.errors)
            options.errors(text);
        else
            std::fwrite(text.data(), 1, text.size(), stderr);
    };
    std::string source;
    if (!readWholeFile(options.file, source)) {
        errors("pfun compile: cannot read " + options.file + "\n");
        return 2;
    }

    vm::Runtime rt;
    stdlib::registerBifs(rt); // calls to native BIFs compile to BIF instructions, as in run
    compiler::Diagnostics diags(options.file, source);
    auto code = compiler::compileSource(source, options.file, rt, diags);
    std::string rendered = diags.render();
    if (!rendered.empty()) errors(rendered);
    if (!code || diags.hasErrors()) return 3;
    // Stack traces name the file as the source gave it, not by its directory.
    code->fileName = std::filesystem::path(options.file).filename().string();

    std::vector<uint8_t> bytes;
    std::string error;
    // Hashes of the module alone: calls to other non-ambient modules stay by name.
    loader::HashSet hashes;
    if (!hashModule(*code, rt.atoms(), hashes, &error)) {
        errors("pfun compile: " + options.file + ": cannot hash: " + error + "\n");
        return 3;
    }
    if (!loader::writeModule(*code, rt.atoms(), bytes, &error, &hashes)) {
        errors("pfun compile: " + options.file + ": " + error + "\n");
        return 3;
    }
    std::filesystem::path out = options.output;
    if (out.empty()) out = std::filesystem::path(options.file).replace_extension(".pfb");
    // Write beside the target and rename, so that a reader never sees half a file.
    std::filesystem::path tmp = out;
    tmp += ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
        if (!f) {
            errors("pfun compile: cannot write " + out.string() + "\n");
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            return 2;
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    if (ec) {
        errors("pfun compile: cannot write " + out.string() + ": " + ec.message() + "\n");
        std::filesystem::remove(tmp, ec);
        return 2;
    }
    return 0;
}

} // namespace pfun::cli
