// The code store: objects by hash in memory and in a cache directory (persistence
// across instances, corrupt files discarded and logged), eviction under limits, pins.
#include "code_support.h"

#include "pfun/loader/code_store.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

using namespace pfun;
using namespace pfun::loader::testing;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system's temporary directory, removed afterwards.
struct TempDir {
    fs::path path;
    TempDir() {
        std::random_device rd;
        path = fs::temp_directory_path() /
               ("pfun_store_" + std::to_string(rd()) + "_" + std::to_string(rd()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    size_t files() const {
        size_t n = 0;
        for (const auto& e : fs::directory_iterator(path)) {
            (void)e;
            ++n;
        }
        return n;
    }
};

loader::CodeStore::Config config(fs::path dir, size_t maxBytes = 0, size_t maxDiskBytes = 0,
                                 std::function<void(std::string_view)> log = {}) {
    loader::CodeStore::Config c;
    c.cacheDir = std::move(dir);
    c.maxBytes = maxBytes;
    c.maxDiskBytes = maxDiskBytes;
    c.log = std::move(log);
    return c;
}

} // namespace

TEST_SUITE("code_store") {
    TEST_CASE("memory: put, get by any member hash, counters") {
        Origin o({std::string(kMath)});
        Host r;
        loader::CodeStore store(r.rt->atoms(), config({}));
        auto objs = o.closure("cpx_math:use_adder/2");
        for (const auto& x : o.closure("cpx_math:even/1"))
            objs.push_back(x);
        size_t bytes = 0;
        for (const auto& x : objs) {
            store.put(x);
            bytes += x.bytes.size();
        }
        auto c = store.counters();
        CHECK(c.objects == objs.size());
        CHECK(c.bytes == bytes);
        auto odd = store.get(o.hashOf("cpx_math:odd/1"));
        REQUIRE(odd);
        CHECK(odd->members.size() == 2);
        CHECK(store.get(o.hashOf("cpx_math:even/1")) == odd);
        CHECK(store.get(o.hashOf("cpx_math:fib/1")) == nullptr);
        c = store.counters();
        CHECK(c.hits == 2);
        CHECK(c.misses == 1);
        // putBytes verifies.
        std::vector<uint8_t> bad = objs[0].bytes;
        bad[bad.size() / 2] ^= 0xff;
        std::string error;
        loader::CodeStore other(r.rt->atoms(), config({}));
        if (!other.putBytes(bad, &error)) CHECK(!error.empty());
        CHECK(other.putBytes(objs[0].bytes, &error));
        CHECK(other.contains(objs[0].hash));
    }

    TEST_CASE("cache directory: a second store finds what the first wrote, and loads it") {
        TempDir dir;
        Origin o({std::string(kMath)});
        auto objs = o.closure("cpx_math:use_adder/2");
        for (const auto& x : o.closure("cpx_math:even/1"))
            objs.push_back(x);
        {
            Host w;
            loader::CodeStore store(w.rt->atoms(), config(dir.path));
            for (const auto& x : objs)
                store.put(x);
        }
        // One file per object plus a link per other group member; no temporary files.
        CHECK(dir.files() == objs.size() + 1);
        for (const auto& e : fs::directory_iterator(dir.path))
            CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
        Host r;
        loader::CodeStore store(r.rt->atoms(), config(dir.path));
        CHECK(store.counters().objects == 0);
        CHECK(store.counters().diskBytes > 0);
        std::vector<std::unique_ptr<loader::DecodedObject>> batch;
        for (const auto& x : objs) {
            auto got = store.get(x.hash);
            REQUIRE(got);
            CHECK(got->bytes == x.bytes);
            std::string error;
            batch.push_back(loader::decodeObject(got->bytes, r.rt->atoms(), &error));
            REQUIRE_MESSAGE(batch.back(), error);
        }
        // A group member found by its own name (the link).
        CHECK(store.get(o.hashOf("cpx_math:odd/1")));
        CHECK(store.counters().diskReads == objs.size());
        std::string error;
        REQUIRE_MESSAGE(loader::loadObjects(*r.rt, std::move(batch), &error), error);
        CHECK(runByHash(r, o.hashOf("cpx_math:use_adder/2"), {2, 3}) == "11");
        CHECK(runByHash(r, o.hashOf("cpx_math:odd/1"), {7}) == "true");
    }

    TEST_CASE("a corrupt, truncated or misnamed file is discarded and logged, never loaded") {
        TempDir dir;
        Origin o({std::string(kMath)});
        const loader::EncodedObject fac = o.object("cpx_math:fac/1");
        const loader::EncodedObject fib = o.object("cpx_math:fib/1");
        const loader::EncodedObject adder = o.object("cpx_math:adder/1");
        {
            Host w;
            loader::CodeStore store(w.rt->atoms(), config(dir.path));
            store.put(fac);
            store.put(fib);
            store.put(adder);
        }
        auto file = [&](const loader::CodeHash& h) { return dir.path / loader::toHex(h); };
        {
            // fac: one byte flipped; fib: truncated; adder: holds fac's (valid) bytes.
            std::vector<uint8_t> b = fac.bytes;
            b[b.size() - 40] ^= 0x5a;
            std::ofstream(file(fac.hash), std::ios::binary | std::ios::trunc)
                .write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
            fs::resize_file(file(fib.hash), fib.bytes.size() / 2);
            std::ofstream(file(adder.hash), std::ios::binary | std::ios::trunc)
                .write(reinterpret_cast<const char*>(fac.bytes.data()),
                       std::streamsize(fac.bytes.size()));
        }
        Host r;
        std::vector<std::string> log;
        loader::CodeStore store(r.rt->atoms(), config(dir.path, 0, 0, [&](std::string_view l) {
                                    log.emplace_back(l);
                                }));
        CHECK(store.get(fac.hash) == nullptr);
        CHECK(store.get(fib.hash) == nullptr);
        CHECK(store.get(adder.hash) == nullptr);
        CHECK(store.counters().discarded == 3);
        CHECK(store.counters().misses == 3);
        REQUIRE(log.size() == 3);
        CHECK(log[0].find("discarded") != std::string::npos);
        CHECK(log[1].find("truncated code object") != std::string::npos);
        CHECK(log[2].find("does not hold " + loader::toHex(adder.hash)) != std::string::npos);
        CHECK_FALSE(fs::exists(file(fac.hash)));
        CHECK_FALSE(fs::exists(file(fib.hash)));
        CHECK_FALSE(fs::exists(file(adder.hash)));
        CHECK(r.rt->hashSpace().size() == 0);
        // Put back, it is written again and read fine.
        store.put(fac);
        loader::CodeStore again(r.rt->atoms(), config(dir.path));
        CHECK(again.get(fac.hash));
    }

    TEST_CASE("eviction: least recently used first, pinned objects stay, disk keeps them") {
        TempDir dir;
        Origin o({std::string(kMath)});
        std::vector<loader::EncodedObject> objs = {
            o.object("cpx_math:fac/1"), o.object("cpx_math:fib/1"), o.object("cpx_math:even/1"),
            o.object("cpx_math:adder/1")};
        size_t limit = 0;
        for (const auto& x : objs)
            limit = std::max(limit, x.bytes.size());
        limit = limit * 2; // room for two objects at most
        Host r;
        loader::CodeStore store(r.rt->atoms(), config(dir.path, limit));
        store.pin(objs[0].hash);
        for (const auto& x : objs)
            store.put(x);
        auto c = store.counters();
        CHECK(c.bytes <= limit);
        CHECK(c.evictions >= 2);
        CHECK(c.objects + c.evictions == objs.size());
        // The pinned object was never evicted: found without reading the disk.
        const uint64_t reads = c.diskReads;
        CHECK(store.get(objs[0].hash));
        CHECK(store.counters().diskReads == reads);
        // An evicted one comes back from the directory.
        CHECK(store.get(objs[1].hash));
        CHECK(store.counters().diskReads == reads + 1);
        // Memory only: an evicted object is gone.
        loader::CodeStore mem(r.rt->atoms(), config({}, limit));
        for (const auto& x : objs)
            mem.put(x);
        CHECK(mem.counters().bytes <= limit);
        CHECK(mem.get(objs[0].hash) == nullptr);
        CHECK(mem.get(objs[3].hash));
        // Unpinning lets the limit apply to it too.
        store.unpin(objs[0].hash);
        store.collect();
        CHECK(store.counters().bytes <= limit);
    }

    TEST_CASE("accepting objects from a peer: verified, loaded, then kept") {
        Origin o({std::string(kMath)});
        auto objs = bytesOf(o.closure("cpx_math:use_adder/2"));
        Host r;
        loader::CodeStore store(r.rt->atoms(), config({}));
        // A damaged batch (one object truncated): nothing loaded, nothing kept.
        auto bad = objs;
        bad[1].pop_back();
        std::string error;
        CHECK_FALSE(store.acceptObjects(*r.rt, bad, &error));
        CHECK(error.find("object #1: truncated code object") == 0);
        CHECK(store.counters().objects == 0);
        CHECK(r.rt->hashSpace().size() == 0);
        loader::CodeStore fresh(r.rt->atoms(), config({}));
        Host r2;
        REQUIRE_MESSAGE(fresh.acceptObjects(*r2.rt, objs, &error), error);
        CHECK(fresh.counters().objects == objs.size());
        CHECK(runByHash(r2, o.hashOf("cpx_math:use_adder/2"), {2, 3}) == "11");
        CHECK(fresh.get(o.hashOf("cpx_math:fac/1")));
    }

    TEST_CASE("the cache directory is bounded too: oldest files go first") {
        TempDir dir;
        Origin o({std::string(kMath)});
        std::vector<loader::EncodedObject> objs = {
            o.object("cpx_math:fac/1"), o.object("cpx_math:fib/1"), o.object("cpx_math:adder/1"),
            o.object("cpx_math:sum_sq/1")};
        size_t total = 0;
        for (const auto& x : objs)
            total += x.bytes.size();
        Host r;
        loader::CodeStore store(r.rt->atoms(), config(dir.path, 0, total / 2));
        for (const auto& x : objs)
            store.put(x);
        CHECK(store.counters().diskBytes <= total / 2);
        CHECK(dir.files() < objs.size());
        CHECK(fs::exists(dir.path / loader::toHex(objs.back().hash)));
    }
}
