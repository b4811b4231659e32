#include "module_loader.h"

#include "pfun/compiler/compile.h"
#include "pfun/compiler/diagnostics.h"
#include "pfun/stdlib/stdlib.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace pfun::cli {

namespace {

bool readFile(const std::filesystem::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

} // namespace

std::vector<std::filesystem::path> pathFromEnvironment() {
    std::vector<std::filesystem::path> dirs;
    const char* env = std::getenv("PFUN_PATH");
    if (!env) return dirs;
    std::string_view rest(env);
    while (!rest.empty()) {
        size_t colon = rest.find(':');
        std::string_view dir = rest.substr(0, colon);
        if (!dir.empty()) dirs.emplace_back(std::string(dir));
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return dirs;
}

void ModuleLoader::report(std::string_view text) {
    if (errors_)
        errors_(text);
    else
        std::fwrite(text.data(), 1, text.size(), stderr);
}

void ModuleLoader::install(vm::Runtime& rt) {
    rt.setModuleLoader([this](vm::Runtime& r, vm::Term module) { return load(r, module); });
}

const vm::ModuleCode* ModuleLoader::loadSource(vm::Runtime& rt, std::string_view source,
                                               const std::string& fileName, bool* compileError) {
    if (compileError) *compileError = false;
    sources_.emplace_back(source);
    const std::string& text = sources_.back();
    compiler::Diagnostics diags(fileName, text);
    std::unique_ptr<vm::ModuleCode> code = compiler::compileSource(text, fileName, rt, diags);
    if (!code || diags.hasErrors()) {
        report(diags.render());
        if (compileError) *compileError = true;
        return nullptr;
    }
    std::string error;
    const vm::ModuleCode* loaded = rt.loadModule(std::move(code), &error);
    if (!loaded)
        std::fprintf(stderr, "pfun: cannot load %s: %s\n", fileName.c_str(), error.c_str());
    return loaded;
}

bool ModuleLoader::load(vm::Runtime& rt, vm::Term module) {
    if (!module.isAtom()) return false;
    const std::string& name = rt.atoms().name(module);
    if (name.empty() || name.find('/') != std::string::npos || name.find('\0') != std::string::npos)
        return false;
    std::string_view embedded = stdlib::embeddedModuleSource(name);
    if (!embedded.empty()) return loadSource(rt, embedded, name + ".erl") != nullptr;
    for (const std::filesystem::path& dir : codePath_) {
        std::filesystem::path file = dir / (name + ".erl");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) continue;
        std::string source;
        if (!readFile(file, source)) continue;
        const vm::ModuleCode* m = loadSource(rt, source, file.filename().string());
        return m && m->name == module;
    }
    return false;
}

} // namespace pfun::cli
