// Where `pfun run` (and the shell) find modules: the embedded standard library first,
// then NAME.erl or NAME.pfb in each directory of the code path, in order (the
// program's own directory, then -pa directories, then PFUN_PATH). The first directory
// that has either file wins; when it has both, the .pfb is used unless the .erl is
// newer (a .pfb older than its source is stale, as erl treats a .beam).
//
// The loader is installed as the runtime's module-loader hook, so a call to a module
// that is not loaded compiles it on first use. A module that fails to compile prints
// its diagnostics to stderr and stays unloaded (the call then raises undef).
#pragma once

#include "compile_cache.h"

#include "pfun/vm/runtime.h"

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::cli {

class ModuleLoader {
  public:
    using ErrorSink = std::function<void(std::string_view)>;
    // Diagnostics go to `errors` (stderr when empty).
    explicit ModuleLoader(std::vector<std::filesystem::path> codePath, ErrorSink errors = {})
        : codePath_(std::move(codePath)), errors_(std::move(errors)) {}

    // Installs this loader as rt's module-loader hook (the loader must outlive rt's use),
    // and the standard code hasher (stdlib::installCodeHasher).
    void install(vm::Runtime& rt);

    // Compiles and loads source text; prints diagnostics to stderr on failure.
    // Returns the loaded module or nullptr; *compileError is set when the source had
    // errors (as opposed to a link failure).
    const vm::ModuleCode* loadSource(vm::Runtime& rt, std::string_view source,
                                     const std::string& fileName, bool* compileError = nullptr);

    // Loads a compiled module image (.pfb bytes) through the verifying reader; prints
    // the reason on failure.
    const vm::ModuleCode* loadPfb(vm::Runtime& rt, std::span<const uint8_t> bytes,
                                  const std::string& fileName);

    // Loads FILE's contents: a .pfb image when they start with the .pfb magic bytes
    // (whatever the file is called), else source text. *compileError is set when the
    // source had errors or the image was refused.
    const vm::ModuleCode* loadFileContents(vm::Runtime& rt, std::string_view contents,
                                           const std::string& fileName,
                                           bool* compileError = nullptr);

    // Finds and loads `module` (an atom) from the embedded library or the code path.
    bool load(vm::Runtime& rt, vm::Term module);

    // Compiled sources are looked up in and added to `cache` (compile_cache.h); none
    // by default.
    void setCompileCache(std::unique_ptr<CompileCache> cache) { cache_ = std::move(cache); }

    const std::vector<std::filesystem::path>& codePath() const { return codePath_; }
    void addPath(std::filesystem::path dir) { codePath_.push_back(std::move(dir)); }

  private:
    void report(std::string_view text);

    std::vector<std::filesystem::path> codePath_;
    ErrorSink errors_;
    std::vector<std::string> sources_; // compiled sources, kept for the modules' lifetime
    std::unique_ptr<CompileCache> cache_;
};

// Reads a whole file (source text or a .pfb image) into `out`; false if unreadable.
bool readWholeFile(const std::filesystem::path& path, std::string& out);

// The directories of PFUN_PATH (colon-separated), in order.
std::vector<std::filesystem::path> pathFromEnvironment();

} // namespace pfun::cli
