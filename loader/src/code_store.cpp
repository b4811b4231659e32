// The code store (code_store.h): memory, cache directory, eviction.
#include "pfun/loader/code_store.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <system_error>

namespace pfun::loader {

namespace fs = std::filesystem;

namespace {

bool readFile(const fs::path& path, std::vector<uint8_t>& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0 || size_t(size) > kMaxObjectBytes) return false;
    in.seekg(0, std::ios::beg);
    out.resize(size_t(size));
    return bool(in.read(reinterpret_cast<char*>(out.data()), size));
}

bool parseHex(std::string_view s, CodeHash& out) {
    if (s.size() != 32) return false;
    for (size_t i = 0; i < 16; ++i) {
        auto nibble = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            return -1;
        };
        const int hi = nibble(s[2 * i]), lo = nibble(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = uint8_t(hi << 4 | lo);
    }
    return true;
}

} // namespace

size_t CodeStore::HashKey::operator()(const CodeHash& h) const {
    uint64_t v;
    std::memcpy(&v, h.data(), sizeof v);
    return size_t(v);
}

CodeStore::CodeStore(vm::AtomTable& atoms, Config config)
    : atoms_(atoms), config_(std::move(config)) {
    if (config_.cacheDir.empty()) return;
    std::error_code ec;
    fs::create_directories(config_.cacheDir, ec);
    if (ec) {
        logLine("code cache " + config_.cacheDir.string() + ": " + ec.message() +
                "; using memory only");
        config_.cacheDir.clear();
        return;
    }
    // Account for what an earlier run left; leftover temporary files are removed.
    for (const auto& e : fs::directory_iterator(config_.cacheDir, ec)) {
        const std::string name = e.path().filename().string();
        CodeHash h;
        if (!parseHex(name, h)) {
            if (name.find(".tmp") != std::string::npos) fs::remove(e.path(), ec);
            continue;
        }
        const auto links = std::max<uintmax_t>(1, fs::hard_link_count(e.path(), ec));
        counters_.diskBytes += fs::file_size(e.path(), ec) / links;
    }
}

EncodedObject CodeStore::describe(std::span<const uint8_t> bytes, const DecodedObject& object) {
    EncodedObject out;
    for (const DecodedMember& m : object.members)
        out.members.push_back(m.hash);
    out.hash = out.members.empty() ? CodeHash{} : out.members[0];
    out.bytes.assign(bytes.begin(), bytes.end());
    return out;
}

void CodeStore::logLine(const std::string& line) const {
    if (config_.log) config_.log(line);
}

fs::path CodeStore::fileFor(const CodeHash& hash) const {
    return config_.cacheDir / toHex(hash);
}

void CodeStore::put(EncodedObject object) {
    if (object.members.empty()) return;
    auto shared = std::make_shared<const EncodedObject>(std::move(object));
    std::lock_guard lock(mutex_);
    if (!config_.cacheDir.empty() && !fs::exists(fileFor(shared->hash))) writeLocked(*shared);
    insertLocked(std::move(shared));
    evictLocked();
}

bool CodeStore::putBytes(std::span<const uint8_t> bytes, std::string* error) {
    auto decoded = decodeObject(bytes, atoms_, error);
    if (!decoded) return false;
    put(describe(bytes, *decoded));
    return true;
}

void CodeStore::insertLocked(std::shared_ptr<const EncodedObject> object) {
    const CodeHash key = object->hash;
    auto [it, fresh] = objects_.try_emplace(key);
    it->second.lastUse = ++clock_;
    if (!fresh) return;
    counters_.objects += 1;
    counters_.bytes += object->bytes.size();
    for (const CodeHash& m : object->members)
        memberOf_[m] = key;
    it->second.object = std::move(object);
}

void CodeStore::evictLocked() {
    if (config_.maxBytes == 0 || counters_.bytes <= config_.maxBytes) return;
    auto pinned = [&](const EncodedObject& o) {
        for (const CodeHash& m : o.members)
            if (auto p = pins_.find(m); p != pins_.end() && p->second > 0) return true;
        return false;
    };
    std::vector<std::pair<uint64_t, CodeHash>> candidates;
    for (const auto& [key, e] : objects_)
        if (!pinned(*e.object)) candidates.emplace_back(e.lastUse, key);
    std::sort(candidates.begin(), candidates.end());
    for (const auto& [use, key] : candidates) {
        if (counters_.bytes <= config_.maxBytes) break;
        auto it = objects_.find(key);
        counters_.bytes -= it->second.object->bytes.size();
        counters_.objects -= 1;
        counters_.evictions += 1;
        for (const CodeHash& m : it->second.object->members)
            memberOf_.erase(m);
        objects_.erase(it);
    }
}

void CodeStore::writeLocked(const EncodedObject& object) {
    std::error_code ec;
    const fs::path final = fileFor(object.hash);
    const fs::path temp =
        config_.cacheDir / (toHex(object.hash) + ".tmp" + std::to_string(++tempCounter_));
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(object.bytes.data()),
                  std::streamsize(object.bytes.size()));
        out.flush();
        if (!out) {
            logLine("code cache: cannot write " + temp.string());
            fs::remove(temp, ec);
            return;
        }
    }
    fs::rename(temp, final, ec);
    if (ec) {
        logLine("code cache: cannot rename " + temp.string() + ": " + ec.message());
        fs::remove(temp, ec);
        return;
    }
    counters_.diskBytes += object.bytes.size();
    writeSeq_[object.hash] = ++clock_;
    // The other members of a group: hard links to the same file (a copy where the
    // file system has none), each made under a temporary name and renamed.
    for (size_t i = 1; i < object.members.size(); ++i) {
        const fs::path link = fileFor(object.members[i]);
        const fs::path linkTemp =
            config_.cacheDir / (toHex(object.members[i]) + ".tmp" + std::to_string(++tempCounter_));
        fs::create_hard_link(final, linkTemp, ec);
        if (ec) fs::copy_file(final, linkTemp, ec);
        if (!ec) fs::rename(linkTemp, link, ec);
        if (ec) {
            logLine("code cache: cannot link " + link.string() + ": " + ec.message());
            fs::remove(linkTemp, ec);
        }
    }
    collectDiskLocked();
}

void CodeStore::collectDiskLocked() {
    if (config_.cacheDir.empty() || config_.maxDiskBytes == 0 ||
        counters_.diskBytes <= config_.maxDiskBytes)
        return;
    std::error_code ec;
    struct File {
        fs::file_time_type time;
        uint64_t seq; // write order in this run (0: an earlier run), for equal times
        fs::path path;
        uintmax_t size;
        CodeHash hash;
    };
    std::vector<File> files;
    uint64_t total = 0;
    for (const auto& e : fs::directory_iterator(config_.cacheDir, ec)) {
        CodeHash h;
        if (!parseHex(e.path().filename().string(), h)) continue;
        const auto links = std::max<uintmax_t>(1, fs::hard_link_count(e.path(), ec));
        const uintmax_t size = fs::file_size(e.path(), ec) / links;
        total += size;
        auto seq = writeSeq_.find(h);
        files.push_back({fs::last_write_time(e.path(), ec),
                         seq == writeSeq_.end() ? 0 : seq->second, e.path(), size, h});
    }
    counters_.diskBytes = total;
    std::sort(files.begin(), files.end(), [](const File& a, const File& b) {
        return a.time != b.time ? a.time < b.time : a.seq < b.seq;
    });
    for (const File& f : files) {
        if (counters_.diskBytes <= config_.maxDiskBytes) break;
        if (auto p = pins_.find(f.hash); p != pins_.end() && p->second > 0) continue;
        if (fs::remove(f.path, ec))
            counters_.diskBytes -= std::min<uint64_t>(f.size, counters_.diskBytes);
    }
}

std::shared_ptr<const EncodedObject> CodeStore::readLocked(const CodeHash& hash) {
    const fs::path path = fileFor(hash);
    std::error_code ec;
    if (!fs::exists(path, ec)) return nullptr;
    std::vector<uint8_t> bytes;
    std::string reason;
    std::unique_ptr<DecodedObject> decoded;
    if (!readFile(path, bytes)) {
        reason = "unreadable or too large";
    } else {
        decoded = decodeObject(bytes, atoms_, &reason, &hash);
    }
    if (!decoded) {
        // Truncated, corrupt, or other code than its name says: never loaded.
        logLine("code cache: discarded " + path.string() + ": " + reason);
        const auto links = std::max<uintmax_t>(1, fs::hard_link_count(path, ec));
        const uintmax_t size = fs::file_size(path, ec);
        if (fs::remove(path, ec)) {
            counters_.discarded += 1;
            const uint64_t share = ec ? 0 : size / links;
            counters_.diskBytes -= std::min<uint64_t>(share, counters_.diskBytes);
        }
        return nullptr;
    }
    counters_.diskReads += 1;
    auto object = std::make_shared<const EncodedObject>(describe(bytes, *decoded));
    insertLocked(object);
    evictLocked();
    return object;
}

std::shared_ptr<const EncodedObject> CodeStore::get(const CodeHash& hash) {
    std::lock_guard lock(mutex_);
    if (auto m = memberOf_.find(hash); m != memberOf_.end()) {
        Entry& e = objects_.at(m->second);
        e.lastUse = ++clock_;
        counters_.hits += 1;
        return e.object;
    }
    if (!config_.cacheDir.empty()) {
        if (auto object = readLocked(hash)) {
            counters_.hits += 1;
            return object;
        }
    }
    counters_.misses += 1;
    return nullptr;
}

bool CodeStore::contains(const CodeHash& hash) const {
    std::lock_guard lock(mutex_);
    if (memberOf_.count(hash)) return true;
    std::error_code ec;
    return !config_.cacheDir.empty() && fs::exists(fileFor(hash), ec);
}

void CodeStore::pin(const CodeHash& hash) {
    std::lock_guard lock(mutex_);
    pins_[hash] += 1;
}

void CodeStore::unpin(const CodeHash& hash) {
    std::lock_guard lock(mutex_);
    auto it = pins_.find(hash);
    if (it == pins_.end()) return;
    if (--it->second == 0) pins_.erase(it);
    evictLocked();
}

void CodeStore::collect() {
    std::lock_guard lock(mutex_);
    evictLocked();
    collectDiskLocked();
}

bool CodeStore::acceptObjects(vm::Runtime& rt, std::span<const std::vector<uint8_t>> objects,
                              std::string* error) {
    std::vector<std::unique_ptr<DecodedObject>> decoded;
    if (!decodeObjects(objects, rt.atoms(), decoded, error)) return false;
    std::vector<EncodedObject> described;
    for (size_t i = 0; i < objects.size(); ++i)
        described.push_back(describe(objects[i], *decoded[i]));
    if (!loadObjects(rt, std::move(decoded), error)) return false;
    for (EncodedObject& o : described)
        put(std::move(o));
    return true;
}

CodeStore::Counters CodeStore::counters() const {
    std::lock_guard lock(mutex_);
    return counters_;
}

} // namespace pfun::loader
