#include "compile_cache.h"

#include "module_loader.h" // readWholeFile

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace pfun::cli {

namespace {

// An entry: the magic, the 16-byte key, an XXH3-64 of the image, then the image
// (8-byte aligned in the file, so the reader can use it in place from a malloc'd
// string). The image's own hash is there because the reader checks structure, not
// integrity: a .pfb with part of it zeroed can still be well formed.
constexpr char kMagic[8] = {'P', 'F', 'U', 'N', 'C', 'C', '1', '\n'};
constexpr size_t kKeySize = 16;
constexpr size_t kHeaderSize = sizeof kMagic + kKeySize + 8;

std::string hex(const void* data, size_t n) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    const auto* p = static_cast<const uint8_t*>(data);
    for (size_t i = 0; i < n; ++i) {
        out += kDigits[p[i] >> 4];
        out += kDigits[p[i] & 15];
    }
    return out;
}

bool writeAll(int fd, const void* data, size_t n) {
    const auto* p = static_cast<const char*>(data);
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= size_t(w);
    }
    return true;
}

int findBuildId(dl_phdr_info* info, size_t, void* out) {
    // The first object dl_iterate_phdr reports is the executable itself.
    auto& id = *static_cast<std::string*>(out);
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_NOTE) continue;
        const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
        const char* end = p + ph.p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            ElfW(Nhdr) note;
            std::memcpy(&note, p, sizeof note);
            const char* name = p + sizeof note;
            const char* desc = name + ((note.n_namesz + 3) & ~3u);
            const char* next = desc + ((note.n_descsz + 3) & ~3u);
            if (next > end) break;
            if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
                std::memcmp(name, "GNU", 4) == 0) {
                id.assign(desc, note.n_descsz);
                return 1;
            }
            p = next;
        }
    }
    return 1; // only the executable is of interest
}

} // namespace

std::string executableBuildId() {
    std::string id;
    dl_iterate_phdr(findBuildId, &id);
    return id;
}

std::unique_ptr<CompileCache> CompileCache::fromEnvironment() {
    std::filesystem::path dir;
    if (const char* explicitDir = std::getenv("PFUN_CACHE_DIR")) {
        if (!*explicitDir) return nullptr;
        dir = explicitDir;
    } else if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg == '/') {
        dir = std::filesystem::path(xdg) / "pfun";
    } else if (const char* home = std::getenv("HOME"); home && *home == '/') {
        dir = std::filesystem::path(home) / ".cache" / "pfun";
    } else {
        return nullptr;
    }
    // Entries are code this user will run: a directory someone else owns or can write
    // into could hand us theirs (as ssh refuses a group-writable ~/.ssh).
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0 &&
        (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 022) != 0))
        return nullptr;
    std::string id = executableBuildId();
    if (id.empty()) return nullptr;
    return std::make_unique<CompileCache>(std::move(dir), std::move(id));
}

bool CompileCache::cacheable(std::string_view source) {
    return source.find("-include") == std::string_view::npos;
}

std::string CompileCache::keyOf(std::string_view source, std::string_view fileName,
                                const std::string& absolute) const {
    XXH3_state_t state;
    XXH3_128bits_reset(&state);
    auto add = [&](std::string_view part) {
        const uint64_t n = part.size();
        XXH3_128bits_update(&state, &n, sizeof n); // lengths keep the parts apart
        XXH3_128bits_update(&state, part.data(), part.size());
    };
    add(buildId_);
    add(fileName);
    add(absolute);
    add(source);
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(&state));
    return std::string(reinterpret_cast<const char*>(canonical.digest), kKeySize);
}

std::filesystem::path CompileCache::entryPath(const std::string& absolute) const {
    const uint64_t h = XXH3_64bits(absolute.data(), absolute.size());
    return dir_ / (hex(&h, sizeof h) + ".pfc");
}

std::string CompileCache::lookup(std::string_view source, std::string_view fileName) const {
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(fileName, ec).string();
    if (ec) return {};
    std::string entry;
    if (!readWholeFile(entryPath(absolute), entry) || entry.size() <= kHeaderSize ||
        std::memcmp(entry.data(), kMagic, sizeof kMagic) != 0 ||
        entry.compare(sizeof kMagic, kKeySize, keyOf(source, fileName, absolute)) != 0)
        return {};
    uint64_t stored;
    std::memcpy(&stored, entry.data() + sizeof kMagic + kKeySize, sizeof stored);
    if (stored != XXH3_64bits(entry.data() + kHeaderSize, entry.size() - kHeaderSize)) return {};
    entry.erase(0, kHeaderSize);
    return entry;
}

void CompileCache::store(std::string_view source, std::string_view fileName,
                         std::span<const uint8_t> image) const {
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(fileName, ec).string();
    if (ec) return;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return;
    ::chmod(dir_.c_str(), 0700); // compiled programs of this user only
    const std::filesystem::path final = entryPath(absolute);
    const std::filesystem::path temp = final.string() + "." + std::to_string(::getpid()) + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return;
    char header[kHeaderSize] = {};
    std::memcpy(header, kMagic, sizeof kMagic);
    const std::string key = keyOf(source, fileName, absolute);
    std::memcpy(header + sizeof kMagic, key.data(), kKeySize);
    const uint64_t imageHash = XXH3_64bits(image.data(), image.size());
    std::memcpy(header + sizeof kMagic + kKeySize, &imageHash, sizeof imageHash);
    const bool ok = writeAll(fd, header, sizeof header) && writeAll(fd, image.data(), image.size());
    if (::close(fd) != 0 || !ok || ::rename(temp.c_str(), final.c_str()) != 0)
        ::unlink(temp.c_str());
}

} // namespace pfun::cli
