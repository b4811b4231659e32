// CompileCache: the compiled image of each source file `pfun run` compiles, kept
// between runs so that an unchanged script skips the compiler, as Python keeps its
// .pyc files.
//
// One entry per source file, named by a hash of its absolute path, so editing a
// script replaces its entry instead of adding one. An entry records the key it was
// made for (a hash of this executable's GNU build id, the file name the compiler saw,
// its absolute form and the source text) and a hash of the .pfb image that follows.
// It is used only when both match, and it is loaded through the verifying reader like
// any .pfb, so a damaged, foreign or stale entry costs a recompile, never a wrong
// program. Sources that mention -include are not cached: the key would have to cover
// the included files too. An entry is written to a temporary file and renamed into
// place, so a concurrent run never reads half of one; writing is best effort.
//
// Where: $PFUN_CACHE_DIR, else $XDG_CACHE_HOME/pfun, else $HOME/.cache/pfun (made
// with mode 0700). An empty PFUN_CACHE_DIR or `pfun run --no-cache` turns the cache
// off, and so do a directory that another user owns or that group or others may write
// (its entries would be someone else's code) and an executable without a build id
// (nothing would tell two builds apart).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace pfun::cli {

class CompileCache {
  public:
    // The cache the environment asks for; null when it is off.
    static std::unique_ptr<CompileCache> fromEnvironment();

    CompileCache(std::filesystem::path dir, std::string buildId)
        : dir_(std::move(dir)), buildId_(std::move(buildId)) {}

    // Whether a source may be cached at all (see above).
    static bool cacheable(std::string_view source);
    // The .pfb image cached for `source` compiled as `fileName`; empty when there is
    // none for exactly this text, name and executable.
    std::string lookup(std::string_view source, std::string_view fileName) const;
    // Keeps `image` as the entry for `fileName`. Failures (read-only or full disk) are
    // ignored: the next run compiles again.
    void store(std::string_view source, std::string_view fileName,
               std::span<const uint8_t> image) const;

    const std::filesystem::path& directory() const { return dir_; }

  private:
    std::string keyOf(std::string_view source, std::string_view fileName,
                      const std::string& absolute) const;
    std::filesystem::path entryPath(const std::string& absolute) const;

    std::filesystem::path dir_;
    std::string buildId_;
};

// This executable's GNU build id (raw bytes), or empty when it was linked without one.
std::string executableBuildId();

} // namespace pfun::cli
