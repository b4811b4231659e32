#include "pfun/vm/code.h"
#include "pfun/vm/isa.h"

#include <doctest/doctest.h>

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
}
