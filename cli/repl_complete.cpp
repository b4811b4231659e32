#include "repl_complete.h"

#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/code.h"

#include <algorithm>
#include <set>
#include <system_error>

namespace pfun::cli {

namespace {

bool startsWith(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// A name that may stand unquoted before ':' (lower-case start, then word characters).
bool plainAtom(std::string_view s) {
    if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '@';
    });
}

} // namespace

std::vector<std::string> ReplCompleter::moduleNames() const {
    std::set<std::string> names;
    for (vm::Term m : rt_.loadedModules())
        names.insert(rt_.atoms().name(m));
    for (std::string_view m : stdlib::embeddedModuleNames())
        names.insert(std::string(m));
    rt_.bifs().forEach([&](const vm::BifEntry& b) { names.insert(rt_.atoms().name(b.module)); });
    for (const std::filesystem::path& dir : codePath_) {
        std::error_code ec;
        for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end;
             it.increment(ec)) {
            const std::filesystem::path& p = it->path();
            if (p.extension() == ".erl" || p.extension() == ".pfb") names.insert(p.stem().string());
        }
    }
    std::vector<std::string> out;
    for (const std::string& n : names)
        if (plainAtom(n)) out.push_back(n);
    return out;
}

std::vector<std::string> ReplCompleter::exportedFunctions(std::string_view module) {
    std::set<std::string> names;
    auto atom = rt_.atoms().intern(module);
    if (!atom) return {};
    vm::Term m = *atom;
    rt_.bifs().forEach([&](const vm::BifEntry& b) {
        if (b.module == m) names.insert(rt_.atoms().name(b.name));
    });
    if (rt_.ensureLoaded(m)) {
        if (const vm::ModuleCode* code = rt_.findModule(m)) {
            for (uint32_t idx : code->exports)
                if (idx < code->functions.size())
                    names.insert(rt_.atoms().name(code->functions[idx]->name));
        }
    }
    return {names.begin(), names.end()};
}

std::vector<std::string> ReplCompleter::complete(std::string_view word) {
    std::vector<std::string> out;
    size_t colon = word.find(':');
    if (colon == std::string_view::npos) {
        for (const std::string& m : moduleNames())
            if (startsWith(m, word)) out.push_back(m + ":");
        return out;
    }
    std::string_view module = word.substr(0, colon);
    std::string_view prefix = word.substr(colon + 1);
    if (!plainAtom(module) || prefix.find(':') != std::string_view::npos) return out;
    std::vector<std::string> known = moduleNames();
    if (!std::binary_search(known.begin(), known.end(), std::string(module))) return out;
    for (const std::string& f : exportedFunctions(module))
        if (startsWith(f, prefix) && plainAtom(f))
            out.push_back(std::string(module) + ":" + f + "(");
    return out;
}

} // namespace pfun::cli
