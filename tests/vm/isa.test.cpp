#include "pfun/vm/isa.h"
#include "pfun/vm/code.h"

#include <doctest/doctest.h>

#include <iterator>
#include <string_view>
#include <vector>

using namespace pfun::vm;

TEST_SUITE("instruction set") {
    TEST_CASE("encoding round-trips every field") {
        uint32_t w = encode(Opcode::ADD, 3, 200, 255);
        CHECK(decodeOp(w) == Opcode::ADD);
        CHECK(decodeA(w) == 3);
        CHECK(decodeB(w) == 200);
        CHECK(decodeC(w) == 255);
        CHECK(decodeSC(encode(Opcode::ADDI, 0, 0, uint32_t(-1) & 0xff)) == -1);
    }

    TEST_CASE("operand table matches the declared formats") {
        CHECK(opcodeInfo(Opcode::MOVE).name == "MOVE");
        CHECK(instructionLength(Opcode::MOVE) == 1);
        CHECK(instructionLength(Opcode::LOADK) == 2);
        CHECK(instructionLength(Opcode::TEST_ARITY) == 3);
        CHECK(opcodeInfo(Opcode::CALL).words[0] == Operand::F);
    }
    TEST_CASE("opcode numbers are pinned: code hashes depend on them") {
        // Append new opcodes at the end; never reorder or remove. A failure here means an
        // opcode changed its number, which changes the hash of every function using it.
        static constexpr std::string_view kPinned[] = {
            "MOVE",
            "LOADK",
            "LOADI",
            "LOADNIL",
            "SWAP",
            "CONS",
            "TUPLE",
            "MAKE_FUN",
            "MAP_NEW",
            "MAP_PUT",
            "MAP_UPDATE",
            "GET_ELEM",
            "GET_HD",
            "GET_TL",
            "GET_LIST",
            "MAP_GET",
            "TEST_TYPE",
            "TEST_ARITY",
            "TEST_CMP",
            "TEST_EQ_K",
            "TEST_NE_K",
            "SELECT_VAL",
            "SELECT_ARITY",
            "JUMP",
            "ADD",
            "SUB",
            "MUL",
            "FDIV",
            "IDIV",
            "REM",
            "BAND",
            "BOR",
            "BXOR",
            "BSL",
            "BSR",
            "ADDI",
            "NEG",
            "BNOT",
            "NOT",
            "CMP",
            "CALL",
            "TAILCALL",
            "CALL_FUN",
            "TAILCALL_FUN",
            "APPLY",
            "TAILAPPLY",
            "APPLY_LIST",
            "APPLY_FUN_LIST",
            "BIF",
            "RETURN",
            "TRY",
            "TRY_END",
            "CATCH",
            "RAISE",
            "ERROR",
            "BS_BUILD",
            "BS_START",
            "BS_GET",
            "BS_TEST_TAIL",
            "BS_REST",
            "TAILAPPLY_LIST",
            "TAILAPPLY_FUN_LIST",
            "RECV_PEEK",
            "RECV_NEXT",
            "RECV_ACCEPT",
            "RECV_WAIT",
            "SPILL_NEW",
            "SPILL_PUT",
            "MULI",
            "REMI",
            "CMPI",
            "CALL_FUN1",
            "HOLE_NEW",
            "HOLE_PUT",
            "HOLE_RETURN",
            "TEST_GET_LIST",
        };
        REQUIRE(size_t(Opcode::Count) == std::size(kPinned));
        for (size_t i = 0; i < std::size(kPinned); ++i) {
            CAPTURE(i);
            CHECK(kOpcodeInfo[i].name == kPinned[i]);
        }
        CHECK(kIsaVersion == 2);
    }

    TEST_CASE("code is labelled with the oldest ISA version that has all its opcodes") {
        std::vector<uint32_t> v1 = {encode(Opcode::LOADI, 0), 7, encode(Opcode::RETURN, 0)};
        CHECK(isaVersionNeeded(v1) == 1);
        // A word inside an instruction that looks like a newer opcode is no opcode.
        std::vector<uint32_t> imm = {encode(Opcode::LOADI, 0), uint32_t(Opcode::HOLE_NEW),
                                     encode(Opcode::RETURN, 0)};
        CHECK(isaVersionNeeded(imm) == 1);
        std::vector<uint32_t> v2 = {encode(Opcode::HOLE_NEW, 1), encode(Opcode::HOLE_RETURN, 1, 0)};
        CHECK(isaVersionNeeded(v2) == 2);
        CHECK(isaVersionOf(Opcode::CALL_FUN1) == 1);
        CHECK(isaVersionOf(Opcode::HOLE_PUT) == 2);
        std::vector<uint32_t> bad = {encode(Opcode::LOADNIL, 0), uint32_t(Opcode::Count)};
        CHECK(isaVersionNeeded(bad) == kIsaVersion + 1);
    }
}
