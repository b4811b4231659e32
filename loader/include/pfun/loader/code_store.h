// CodeStore: code objects (code_object.h) by hash, in memory and optionally in a cache
// directory, so that a node can serve what it has to peers and a restarted node does
// not fetch again.
//
// Invariants:
//  - only verified objects enter: put() takes objects encoded on this node or decoded
//    (and so verified) by the caller; putBytes() decodes and verifies itself. An
//    object is addressed by every member hash of its group (code_object.h).
//  - the cache directory holds one file per object, named by the hex of its first
//    member's hash, plus a hard link per other member named by that member's hash.
//    Files are written to a temporary name and renamed, so a reader never sees half a
//    file. A file read back is decoded, verified and re-hashed; a file that is
//    truncated, corrupt, or holds other code than its name says is deleted, reported
//    to the log sink, and never returned.
//  - memory is bounded by Config::maxBytes: objects are evicted least recently used
//    first, except pinned ones. Pins are reference counts that the holder of loaded
//    code (the node, for the hash space: loaded code is kept for the runtime's life)
//    takes and releases; an evicted object stays in the cache directory when there is
//    one. The directory is bounded by Config::maxDiskBytes the same way (oldest files
//    first, pinned objects kept), checked when an object is written and by collect().
//  - thread safe: one mutex guards everything (disk reads included; objects are small).
#pragma once

#include "pfun/loader/code_object.h"
#include "pfun/loader/hash.h"
#include "pfun/vm/atom.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pfun::loader {

class CodeStore {
  public:
    struct Config {
        std::filesystem::path cacheDir; // empty: memory only (created when missing)
        size_t maxBytes = 0;            // object bytes kept in memory; 0: no limit
        size_t maxDiskBytes = 0;        // object bytes in the cache directory; 0: no limit
        std::function<void(std::string_view)> log; // one line per discarded file or failure
    };
    struct Counters {
        uint64_t objects = 0;   // in memory now
        uint64_t bytes = 0;     // in memory now
        uint64_t diskBytes = 0; // in the cache directory now (as far as this store knows)
        uint64_t hits = 0;      // get() found it (memory or disk)
        uint64_t misses = 0;    // get() did not
        uint64_t diskReads = 0; // objects read back from the directory
        uint64_t evictions = 0; // objects dropped from memory
        uint64_t discarded = 0; // corrupt files deleted
    };

    // `atoms` interns the names of objects read back from the directory.
    CodeStore(vm::AtomTable& atoms, Config config);
    CodeStore(const CodeStore&) = delete;
    CodeStore& operator=(const CodeStore&) = delete;

    // Adds a verified object (encoded here, or built with describe() from a decoded
    // one). Writes it to the cache directory when there is one.
    void put(EncodedObject object);
    // Decodes and verifies `bytes` first; false with a reason if they do not pass.
    bool putBytes(std::span<const uint8_t> bytes, std::string* error = nullptr);

    // The object holding `hash`, from memory or the cache directory; nullptr if absent.
    std::shared_ptr<const EncodedObject> get(const CodeHash& hash);
    // True when the object is in memory or (unverified until read) in the directory.
    bool contains(const CodeHash& hash) const;

    // Reference counts that keep an object in memory (see the header comment).
    void pin(const CodeHash& hash);
    void unpin(const CodeHash& hash);

    // Evicts to the limits now.
    void collect();
    Counters counters() const;

    // An EncodedObject for bytes that decoded into `object`.
    static EncodedObject describe(std::span<const uint8_t> bytes, const DecodedObject& object);

    // What a node does with objects received from a peer: decodes (verifies) each,
    // then loads them all into rt's hash space in one transaction (loadObjects) and,
    // only if that succeeded, keeps them here. False with a reason naming the object.
    bool acceptObjects(vm::Runtime& rt, std::span<const std::vector<uint8_t>> objects,
                       std::string* error = nullptr);

  private:
    struct Entry {
        std::shared_ptr<const EncodedObject> object;
        uint64_t lastUse = 0;
    };
    struct HashKey {
        size_t operator()(const CodeHash& h) const;
    };

    void insertLocked(std::shared_ptr<const EncodedObject> object);
    void evictLocked();
    void writeLocked(const EncodedObject& object);
    void collectDiskLocked();
    std::shared_ptr<const EncodedObject> readLocked(const CodeHash& hash);
    void logLine(const std::string& line) const;
    std::filesystem::path fileFor(const CodeHash& hash) const;

    vm::AtomTable& atoms_;
    Config config_;
    mutable std::mutex mutex_;
    std::map<CodeHash, Entry> objects_;                        // by first member
    std::unordered_map<CodeHash, CodeHash, HashKey> memberOf_; // member -> first member
    std::unordered_map<CodeHash, uint32_t, HashKey> pins_;     // pins, by the hash pinned
    std::unordered_map<CodeHash, uint64_t, HashKey> writeSeq_; // files written by this store
    uint64_t clock_ = 0;
    uint64_t tempCounter_ = 0;
    Counters counters_;
};

} // namespace pfun::loader
