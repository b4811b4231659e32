// .pfb round trips: compile -> write -> read -> run gives what the compiled module
// gives, the listing of a read module is the original's, and files that are not
// .pfb modules of this version are refused with a reason.
#include "isa_field.h"
#include "pfb_support.h"

#include "pfun/vm/isa.h"

#include <doctest/doctest.h>

using namespace pfun;
using namespace pfun::loader::testing;

TEST_SUITE("pfb") {
    TEST_CASE("a file records the oldest ISA version its code needs, and is held to it") {
        Host h;
        // No instruction newer than ISA 1: version 1, readable by a version-1 VM.
        auto plain = h.compile("-module(p1).\n-export([main/0]).\nmain() -> {ok, 1}.\n", "p1.erl");
        REQUIRE(plain);
        std::vector<uint8_t> v1 = toBytes(*plain, h.rt->atoms());
        CHECK(isaVersionOf(v1) == 1);
        // A list builder (ISA 2).
        auto built = h.compile("-module(p2).\n-export([main/0]).\nmain() -> d([1, 2]).\n"
                               "d([H | T]) -> [H * 2 | d(T)];\nd([]) -> [].\n",
                               "p2.erl");
        REQUIRE(built);
        std::vector<uint8_t> v2 = toBytes(*built, h.rt->atoms());
        CHECK(isaVersionOf(v2) == 2);
        std::string error;
        REQUIRE(loader::loadModuleBytes(*h.rt, v2, &error));
        CHECK(h.runMain("p2") == "=> [2,4]");
        // Claiming less than the code needs, or a version this VM does not run.
        std::vector<uint8_t> under = v2;
        setIsaVersion(under, 1);
        CHECK_FALSE(loader::readModule(under, h.rt->atoms(), &error));
        CHECK(error.find("uses instructions newer than the file's instruction set version 1") !=
              std::string::npos);
        for (uint32_t bad : {0u, vm::kIsaVersion + 1}) {
            std::vector<uint8_t> other = v1;
            setIsaVersion(other, bad);
            CHECK_FALSE(loader::readModule(other, h.rt->atoms(), &error));
            CHECK(error.find("compiled for instruction set version " + std::to_string(bad)) !=
                  std::string::npos);
        }
        // An ISA-1 file reads on this VM (a newer version runs older code).
        CHECK(loader::readModule(v1, h.rt->atoms(), &error));
    }

    TEST_CASE("round trip: a read module runs exactly as the compiled one") {
        Host direct;
        auto code = direct.compile(kRichModule, "rich.erl");
        REQUIRE_MESSAGE(code, direct.diagnostics);
        std::vector<uint8_t> bytes = toBytes(*code, direct.rt->atoms());
        REQUIRE(bytes.size() > loader::kPfbPrefixSize);
        REQUIRE(direct.rt->loadModule(std::move(code)));
        std::string expected = direct.runMain("rich");
        CHECK(expected.find("[1,2,3,4,tuple2,tuple3,cons,big,float,bin,{map,v},cons,other]") !=
              std::string::npos);
        CHECK(expected.find("=> 265252859812191058636308480000000") != std::string::npos);
        // M:f() naming the module itself goes through the export slot: undef when
        // f is not exported, also after the round trip.
        CHECK(expected.find("secret undef\n") != std::string::npos);

        // Another runtime, with different atom numbers: the file is symbolic.
        Host other;
        for (int i = 0; i < 100; ++i)
            other.rt->atom("shift_" + std::to_string(i));
        std::string error;
        const vm::ModuleCode* m = loader::loadModuleBytes(*other.rt, bytes, &error);
        REQUIRE_MESSAGE(m, error);
        CHECK(other.runMain("rich") == expected);
    }

    TEST_CASE("round trip: the listing of a read module is the original's") {
        Host h;
        auto code = h.compile(kRichModule, "rich.erl");
        REQUIRE(code);
        std::string before = compiler::disassemble(*code, h.rt->atoms());
        std::vector<uint8_t> bytes = toBytes(*code, h.rt->atoms());
        std::string error;
        auto read = loader::readModule(bytes, h.rt->atoms(), &error);
        REQUIRE_MESSAGE(read, error);
        CHECK(compiler::disassemble(*read, h.rt->atoms()) == before);
        CHECK(read->source == std::string(kRichModule));
        CHECK(read->fileName == "rich.erl");
        CHECK(read->lambdas.size() == code->lambdas.size());
        CHECK(read->exports == code->exports);
        for (size_t i = 0; i < read->functions.size(); ++i) {
            const vm::FunctionCode& a = *code->functions[i];
            const vm::FunctionCode& b = *read->functions[i];
            CHECK(a.lines.size() == b.lines.size());
            CHECK(a.sourceBegin == b.sourceBegin);
            CHECK(a.sourceEnd == b.sourceEnd);
            CHECK(a.lambdaIndex == b.lambdaIndex);
        }
        // Writing the read module again gives the same bytes.
        CHECK(toBytes(*read, h.rt->atoms()) == bytes);
    }

    TEST_CASE("wrong magic, unknown version and garbage are refused with a reason") {
        Host h;
        auto code = h.compile("-module(v).\n-export([main/0]).\nmain() -> ok.\n", "v.erl");
        REQUIRE(code);
        std::vector<uint8_t> bytes = toBytes(*code, h.rt->atoms());
        REQUIRE(loader::looksLikePfb(bytes));
        std::string error;

        std::vector<uint8_t> newer = bytes;
        newer[4] = uint8_t(loader::kPfbFormatVersion + 1);
        CHECK_FALSE(loader::readModule(newer, h.rt->atoms(), &error));
        CHECK(error.find("unsupported .pfb format version 2") != std::string::npos);

        std::vector<uint8_t> source = {'-', 'm', 'o', 'd', 'u', 'l', 'e', '(', 'x', ')', '.'};
        CHECK_FALSE(loader::readModule(source, h.rt->atoms(), &error));
        CHECK(error.find("bad magic") != std::string::npos);

        std::vector<uint8_t> empty;
        CHECK_FALSE(loader::readModule(empty, h.rt->atoms(), &error));

        std::vector<uint8_t> cut(bytes.begin(), bytes.end() - 1);
        CHECK_FALSE(loader::readModule(cut, h.rt->atoms(), &error));
        CHECK(error.find("truncated .pfb file") != std::string::npos);
        std::vector<uint8_t> longer = bytes;
        longer.push_back(0);
        CHECK_FALSE(loader::readModule(longer, h.rt->atoms(), &error));
        CHECK(error.find("1 unexpected bytes after the module") != std::string::npos);

        std::vector<uint8_t> junk(bytes.begin(), bytes.begin() + 16);
        junk[8] = 184; // the declared length matches, the content is garbage
        junk[9] = junk[10] = junk[11] = 0;
        junk.resize(200, 0xAB);
        CHECK_FALSE(loader::readModule(junk, h.rt->atoms(), &error));
        CHECK(error.find("FlatBuffers") != std::string::npos);

        // A valid image at an odd address still reads (it is copied to alignment).
        std::vector<uint8_t> shifted(bytes.size() + 1);
        std::copy(bytes.begin(), bytes.end(), shifted.begin() + 1);
        auto m =
            loader::readModule(std::span<const uint8_t>(shifted).subspan(1), h.rt->atoms(), &error);
        CHECK_MESSAGE(m, error);
    }

    TEST_CASE("a module that fails the verifier is refused before it can run") {
        Host h;
        auto code = h.compile("-module(w).\n-export([main/0]).\nmain() -> {ok, 1}.\n", "w.erl");
        REQUIRE(code);
        // Point the first register operand outside the frame.
        vm::FunctionCode& f = *code->functions[0];
        f.code[0] = (f.code[0] & ~0xff00u) | (uint32_t(f.frameSize) << 8);
        std::vector<uint8_t> bytes = toBytes(*code, h.rt->atoms());
        REQUIRE(!bytes.empty());
        std::string error;
        CHECK_FALSE(loader::loadModuleBytes(*h.rt, bytes, &error));
        CHECK(error.find("invalid code") != std::string::npos);
        CHECK(error.find("outside the frame") != std::string::npos);
        CHECK_FALSE(h.rt->findModule(h.rt->atom("w")));
    }

    TEST_CASE("one image per module: the bytes do not depend on the compiling runtime") {
        Host a, b;
        // Different atom numbers, in a different order, in b.
        for (const char* name : {"delta", "gamma", "beta", "alpha"})
            b.rt->atom(name);
        const std::string src = std::string(kRichModule) +
                                "sel(X) -> case X of alpha -> 1; beta -> 2; gamma -> 3; "
                                "delta -> 4; _ -> 0 end.\n";
        auto ca = a.compile(src, "rich.erl");
        auto cb = b.compile(src, "rich.erl");
        REQUIRE_MESSAGE(ca, a.diagnostics);
        REQUIRE(ca);
        REQUIRE(cb);
        std::vector<uint8_t> ia = toBytes(*ca, a.rt->atoms());
        CHECK(!ia.empty());
        CHECK(ia == toBytes(*cb, b.rt->atoms()));
        // Reading into a third runtime and writing again gives the same image.
        Host c;
        for (const char* name : {"delta", "beta", "gamma", "alpha"})
            c.rt->atom(name);
        std::string error;
        auto read = loader::readModule(ia, c.rt->atoms(), &error);
        REQUIRE_MESSAGE(read, error);
        CHECK(toBytes(*read, c.rt->atoms()) == ia);
    }
}
