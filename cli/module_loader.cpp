#include "module_loader.h"

#include "pfun/compiler/compile.h"
#include "pfun/compiler/diagnostics.h"
#include "pfun/loader/pfb.h"
#include "pfun/stdlib/stdlib.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace pfun::cli {

bool readWholeFile(const std::filesystem::path& path, std::string& out) {
    // Straight into the string, sized by fstat: no stream, locale or facet set-up on
    // the path of every `pfun run`, and no staging buffer (start-up time). A pipe or
    // a file still growing is read on until end of file.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    size_t want = ::fstat(fd, &st) == 0 && st.st_size > 0 ? size_t(st.st_size) + 1 : 4096;
    out.clear();
    size_t have = 0;
    for (;;) {
        out.resize(have + want);
        const ssize_t n = ::read(fd, out.data() + have, want);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            out.resize(have);
            ::close(fd);
            return n == 0;
        }
        have += size_t(n);
        want = std::max<size_t>(want, 4096);
    }
}

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
    // Portable funs' hashes are computed on demand over the modules this loader finds.
    stdlib::installCodeHasher(rt);
}

const vm::ModuleCode* ModuleLoader::loadSource(vm::Runtime& rt, std::string_view source,
                                               const std::string& fileName, bool* compileError) {
    if (compileError) *compileError = false;
    const bool cached = cache_ && CompileCache::cacheable(source);
    if (cached) {
        const std::string image = cache_->lookup(source, fileName);
        if (!image.empty()) {
            std::string error;
            const auto bytes =
                std::span(reinterpret_cast<const uint8_t*>(image.data()), image.size());
            // Refused (a damaged entry, say): compiled below and replaced.
            if (const vm::ModuleCode* m = loader::loadModuleBytes(rt, bytes, &error)) return m;
        }
    }
    sources_.emplace_back(source);
    const std::string& text = sources_.back();
    compiler::Diagnostics diags(fileName, text);
    std::unique_ptr<vm::ModuleCode> code = compiler::compileSource(text, fileName, rt, diags);
    if (!code || diags.hasErrors()) {
        report(diags.render());
        if (compileError) *compileError = true;
        return nullptr;
    }
    if (cached) {
        std::vector<uint8_t> image;
        if (loader::writeModule(*code, rt.atoms(), image)) cache_->store(source, fileName, image);
    }
    std::string error;
    const vm::ModuleCode* loaded = rt.loadModule(std::move(code), &error);
    if (!loaded)
        std::fprintf(stderr, "pfun: cannot load %s: %s\n", fileName.c_str(), error.c_str());
    return loaded;
}

const vm::ModuleCode* ModuleLoader::loadPfb(vm::Runtime& rt, std::span<const uint8_t> bytes,
                                            const std::string& fileName) {
    std::string error;
    const vm::ModuleCode* loaded = loader::loadModuleBytes(rt, bytes, &error);
    if (!loaded) report("pfun: cannot load " + fileName + ": " + error + "\n");
    return loaded;
}

const vm::ModuleCode* ModuleLoader::loadFileContents(vm::Runtime& rt, std::string_view contents,
                                                     const std::string& fileName,
                                                     bool* compileError) {
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(contents.data()), contents.size());
    if (!loader::looksLikePfb(bytes)) return loadSource(rt, contents, fileName, compileError);
    const vm::ModuleCode* m = loadPfb(rt, bytes, fileName);
    if (compileError) *compileError = !m;
    return m;
}

bool ModuleLoader::load(vm::Runtime& rt, vm::Term module) {
    if (!module.isAtom()) return false;
    const std::string& name = rt.atoms().name(module);
    if (name.empty() || name.find('/') != std::string::npos || name.find('\0') != std::string::npos)
        return false;
    std::span<const uint8_t> embedded = stdlib::embeddedModuleImage(name);
    if (!embedded.empty()) return loadPfb(rt, embedded, name + " (embedded)") != nullptr;
    for (const std::filesystem::path& dir : codePath_) {
        std::filesystem::path source = dir / (name + ".erl");
        std::filesystem::path image = dir / (name + ".pfb");
        std::error_code ec1, ec2;
        bool haveSource = std::filesystem::is_regular_file(source, ec1);
        bool haveImage = std::filesystem::is_regular_file(image, ec2);
        if (!haveSource && !haveImage) continue;
        if (haveSource && haveImage) {
            std::error_code e1, e2;
            auto sourceTime = std::filesystem::last_write_time(source, e1);
            auto imageTime = std::filesystem::last_write_time(image, e2);
            if (!e1 && !e2 && sourceTime > imageTime) haveImage = false; // stale image
        }
        const std::filesystem::path& file = haveImage ? image : source;
        std::string contents;
        if (!readWholeFile(file, contents)) continue;
        const vm::ModuleCode* m =
            haveImage ? loadPfb(rt,
                                std::span(reinterpret_cast<const uint8_t*>(contents.data()),
                                          contents.size()),
                                file.filename().string())
                      : loadSource(rt, contents, file.filename().string());
        return m && m->name == module;
    }
    return false;
}

} // namespace pfun::cli
