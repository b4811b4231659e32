// The pfun instruction set: the one contract between compiler, verifier and
// interpreter. Every opcode is declared once, in PFUN_OPCODES below; the enum, the
// names, the operand table the verifier and disassembler walk, and the interpreter's
// dispatch table are all generated from that list.
//
// Format version: kIsaVersion. Bump it whenever an opcode's number, operands or
// meaning changes: code hashes cover the encoded instructions, and a test pins the
// numbers so that a silent reorder fails.
//
// ---- Encoding ----
// Code is a stream of 32-bit words. Every instruction starts with one word
//
//     31        24 23        16 15         8 7          0
//    +------------+------------+------------+------------+
//    |     C      |     B      |     A      |   opcode   |
//    +------------+------------+------------+------------+
//
// followed by zero or more 32-bit extension words (W1, W2, ...). The operand kinds of
// A, B, C and of each extension word are declared per opcode; unused fields are 0.
// An instruction's length is 1 + its number of extension words.
//
// ---- Registers and frames ----
// A function has `frameSize` registers R[0..frameSize) (at most 256). Arguments arrive
// in R[0..arity). A call `CALL A N` passes R[A..A+N) and the callee's frame starts at
// R[A] (its R[0] is the caller's R[A]): register windows as in Lua, no copying of
// arguments. The result is written to the caller's R[A]. Everything at or above A is
// clobbered by a call; the compiler keeps live values below A.
//
// ---- Conventions between compiler and interpreter ----
// Lambdas: a lambda body receives the call's arguments in R[0..arity), the captured
//   values in R[arity..arity+numFree) and the fun term itself in R[arity+numFree]
//   (a named fun calls itself through it); its frameSize covers all of them.
// Exceptions: when an exception reaches a TRY or CATCH handler, the handler is popped
//   (as by TRY_END) before control moves to its J, so code at J runs unprotected and
//   may re-raise with RAISE or make tail calls.
// Bit syntax: a segment is described by the literal tuple {Type, Unit, Flags}: Type
//   one of the atoms integer | float | binary | bitstring | utf8 | utf16 | utf32, Unit
//   a small integer, Flags a small integer bitset (1 little, 2 signed, 4 native).
//   BS_BUILD A B C; K: segment i has its value in R[B+2i] and its size in R[B+2i+1]
//   (a small integer counted in units, or the atom `undefined` for the type's default:
//   integer 8, float 64, binary/bitstring the whole value, utf ignored); K[W1] is a
//   tuple of C descriptors. Matching keeps the match state as a plain bitstring term:
//   BS_START checks R[B] is a bitstring and copies it to R[A]; BS_GET A B C; K; J
//   reads one segment described by K[W1] with size R[C] (a small integer in units, the
//   atom `all` for the rest of the bitstring — which for type binary must be a whole
//   number of bytes — or `undefined` for utf types) from R[B] into R[A], replacing R[B]
//   by what remains; it jumps to J when the bits are missing or invalid.
// Receive: the process keeps a cursor into its mailbox, at the first message when no
//   receive is in progress. `receive` compiles to
//       L: RECV_PEEK R, W        % R := message under the cursor, or go wait
//          <match R against the clauses; no match: go to N>
//          RECV_ACCEPT           % in the chosen clause, after its guard succeeded
//          <clause body>
//       N: RECV_NEXT L           % try the next message
//       W: RECV_WAIT T, L        % T: timeout in ms or `infinity` (no `after`)
//          <after body>          % reached on timeout, with the cursor reset
//   RECV_WAIT returns to L with the cursor on the first new message; a timeout that
//   is not a non-negative integer or `infinity` raises timeout_value.
//
// Spilling: a function with more live variables than registers keeps some of them in
//   a spill area, a tuple made by SPILL_NEW in a register of its own at entry, never
//   shared or returned. SPILL_PUT stores into it in place (safe because the tuple is
//   fresh and the collector copies whole heaps, with no write barrier to keep);
//   GET_ELEM reads it back. SPILL_NEW raises system_limit above kMaxSpillSlots;
//   SPILL_PUT raises badarg if R[A] is not a tuple of more
//   than W1 elements, so bad code cannot write outside it.
//
// List builders (tail recursion modulo cons): a function whose clauses end in
//   `[E | f(...)]`, f itself, runs as a loop that appends each E to a builder and
//   fills the list's last tail when a clause ends in anything else. HOLE_NEW makes an
//   empty builder in a register of its own; HOLE_PUT A B allocates the cell [R[B] | []]
//   and stores it into the hole (the tail of the previous cell, or the list's start);
//   HOLE_RETURN A B stores R[B] into the hole and returns the list (R[B] itself when
//   nothing was appended). The builder is a cons cell [Last | First] ([] | [] when
//   empty), private to its frame: the verifier lets no instruction but HOLE_PUT and
//   HOLE_RETURN (as A) read a builder register, so no term ever sees a cell before its
//   tail is final, and the in-place stores need no write barrier (whole-heap copying).
//
// ---- Operand kinds ----
//   R  register index (byte), < frameSize
//   U  unsigned count or small number (byte)
//   S  signed byte (C field, -128..127)
//   K  literal index (word), < literals.size()
//   I  signed 32-bit immediate (word)
//   N  unsigned 32-bit number (word)
//   J  jump: signed offset in words from the start of this instruction (word);
//      must land on an instruction boundary inside the function. For operations that
//      may fail, J == 0 means "raise the error" and any other value means "jump there
//      on failure" (guards never raise).
//   F  call target index (word), < targets.size()
//   B  BIF index (word), < bifs.size()
//   L  lambda index (word), < module lambdas
//   T  jump-table index (word), < tables.size()
//
// ---- Run-time behaviour (interpreter side) ----
// TAILCALL* move the arguments down to R[0..) and reuse the frame, so tail recursion
// runs in constant stack. Collection happens only at function entry and at backward
// JUMPs. An empty call target (module not loaded) asks the runtime's module loader,
// then raises undef. A call inside a try body must not be a tail call (the handler
// would outlive its frame).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pfun::vm {

// Version 2 appended the list-builder opcodes (HOLE_*) and TEST_GET_LIST (TEST_TYPE cons
// fused with GET_LIST, the head of every list loop) and changed nothing else, so
// code of every version from kOldestIsaVersion on runs unchanged. Code is labelled
// with the version it needs (isaVersionNeeded), not the newest one: code that uses
// none of them stays version 1, loads on a version-1 VM, and keeps its hashes.
inline constexpr uint32_t kIsaVersion = 2;
inline constexpr uint32_t kOldestIsaVersion = 1;
inline constexpr uint32_t kMaxRegisters = 256;
// SPILL_NEW makes at most this many slots (system_limit beyond), so no code can ask
// for an arbitrarily large allocation with one instruction.
inline constexpr uint32_t kMaxSpillSlots = 1u << 16;

enum class Operand : uint8_t { None, R, U, S, K, I, N, J, F, B, L, T };

// The enum and the instruction table below are laid out by hand (the table: one
// instruction per line).
// clang-format off
// Type tests for TEST_TYPE (U operand).
enum class TypeTest : uint8_t {
    Integer, Float, Number, Atom, Boolean, Tuple, List /* cons or nil */, Cons, Nil,
    Binary, Bitstring, Map, Function, Pid, Reference, Port, Record_Unused,
    Count
};

// Comparison kinds for CMP (U operand) and TEST_CMP.
enum class CmpKind : uint8_t { ExactEq, ExactNe, Eq, Ne, Lt, Le, Gt, Ge, Count };

// Error kinds for ERROR (U operand). The reason built is noted beside each.
enum class ErrorKind : uint8_t {
    Badmatch,       // {badmatch, R[A]}
    CaseClause,     // {case_clause, R[A]}
    IfClause,       // if_clause
    TryClause,      // {try_clause, R[A]}
    FunctionClause, // function_clause, with the current function's arguments R[0..arity)
    Badarg,         // badarg
    Count
};

// PFUN_OPCODES(X): X(NAME, A, B, C, W1, W2, W3, effect)
#define PFUN_OPCODES(X)                                                                          \
    /* ---- moves and constants ---- */                                                          \
    X(MOVE, R, R, None, None, None, None, "R[A] := R[B]")                                        \
    X(LOADK, R, None, None, K, None, None, "R[A] := K[W1]")                                      \
    X(LOADI, R, None, None, I, None, None, "R[A] := small integer W1")                           \
    X(LOADNIL, R, None, None, None, None, None, "R[A] := []")                                    \
    X(SWAP, R, R, None, None, None, None, "R[A], R[B] := R[B], R[A]")                            \
    /* ---- construction (allocates) ---- */                                                     \
    X(CONS, R, R, R, None, None, None, "R[A] := [R[B] | R[C]]")                                  \
    X(TUPLE, R, R, U, None, None, None, "R[A] := {R[B], ..., R[B+C-1]}")                         \
    X(MAKE_FUN, R, R, None, L, None, None, "R[A] := closure of lambda W1 capturing R[B..]")     \
    X(MAP_NEW, R, R, U, None, None, None, "R[A] := #{R[B] => R[B+1], ...} (C pairs)")           \
    X(MAP_PUT, R, R, R, U, J, None, "R[A] := R[B]#{R[C] => R[C+1], ...} (W1 pairs)")           \
    X(MAP_UPDATE, R, R, R, U, J, None, "R[A] := R[B]#{R[C] := R[C+1], ...} (W1 pairs)")        \
    /* ---- decomposition (no checks: a test precedes them) ---- */                              \
    X(GET_ELEM, R, R, None, N, None, None, "R[A] := element W1 (0-based) of tuple R[B]")        \
    X(GET_HD, R, R, None, None, None, None, "R[A] := hd(R[B])")                                  \
    X(GET_TL, R, R, None, None, None, None, "R[A] := tl(R[B])")                                  \
    X(GET_LIST, R, R, R, None, None, None, "R[A] := hd(R[C]); R[B] := tl(R[C])")                 \
    X(MAP_GET, R, R, R, J, None, None, "R[A] := value of key R[C] in map R[B], else jump W1")   \
    /* ---- tests: fall through on success, jump to the J word on failure ---- */              \
    X(TEST_TYPE, R, U, None, J, None, None, "unless R[A] has TypeTest B: jump W1")              \
    X(TEST_ARITY, R, None, None, N, J, None, "unless R[A] is a tuple of arity W1: jump W2")     \
    X(TEST_CMP, R, R, U, J, None, None, "unless R[A] <CmpKind C> R[B]: jump W1")                \
    X(TEST_EQ_K, R, None, None, K, J, None, "unless R[A] =:= K[W1]: jump W2")                   \
    X(TEST_NE_K, R, None, None, K, J, None, "if R[A] =:= K[W1]: jump W2")                       \
    X(SELECT_VAL, R, None, None, T, J, None, "jump to table W1's target for R[A], else W2")    \
    X(SELECT_ARITY, R, None, None, T, J, None, "tuple R[A]: jump by arity via table W1, else W2") \
    X(JUMP, None, None, None, J, None, None, "jump W1")                                          \
    /* ---- arithmetic and comparison values (J == 0: raise badarith/badarg) ---- */            \
    X(ADD, R, R, R, J, None, None, "R[A] := R[B] + R[C]")                                        \
    X(SUB, R, R, R, J, None, None, "R[A] := R[B] - R[C]")                                        \
    X(MUL, R, R, R, J, None, None, "R[A] := R[B] * R[C]")                                        \
    X(FDIV, R, R, R, J, None, None, "R[A] := R[B] / R[C]")                                       \
    X(IDIV, R, R, R, J, None, None, "R[A] := R[B] div R[C]")                                     \
    X(REM, R, R, R, J, None, None, "R[A] := R[B] rem R[C]")                                      \
    X(BAND, R, R, R, J, None, None, "R[A] := R[B] band R[C]")                                    \
    X(BOR, R, R, R, J, None, None, "R[A] := R[B] bor R[C]")                                      \
    X(BXOR, R, R, R, J, None, None, "R[A] := R[B] bxor R[C]")                                    \
    X(BSL, R, R, R, J, None, None, "R[A] := R[B] bsl R[C]")                                      \
    X(BSR, R, R, R, J, None, None, "R[A] := R[B] bsr R[C]")                                      \
    X(ADDI, R, R, S, J, None, None, "R[A] := R[B] + C (C a signed byte)")                       \
    X(NEG, R, R, None, J, None, None, "R[A] := -R[B]")                                           \
    X(BNOT, R, R, None, J, None, None, "R[A] := bnot R[B]")                                      \
    X(NOT, R, R, None, J, None, None, "R[A] := not R[B] (badarg unless boolean)")               \
    X(CMP, R, R, R, U, None, None, "R[A] := (R[B] <CmpKind W1> R[C])")                          \
    /* ---- calls ---- */                                                                        \
    X(CALL, R, U, None, F, None, None, "R[A] := target W1 (R[A..A+B))")                         \
    X(TAILCALL, R, U, None, F, None, None, "return target W1 (R[A..A+B))")                      \
    X(CALL_FUN, R, U, None, None, None, None, "R[A] := (fun R[A])(R[A+1..A+1+B))")              \
    X(TAILCALL_FUN, R, U, None, None, None, None, "return (fun R[A])(R[A+1..A+1+B))")           \
    X(APPLY, R, U, None, None, None, None, "R[A] := R[A]:R[A+1](R[A+2..A+2+B))")               \
    X(TAILAPPLY, R, U, None, None, None, None, "return R[A]:R[A+1](R[A+2..A+2+B))")            \
    X(APPLY_LIST, R, None, None, None, None, None, "R[A] := apply(R[A], R[A+1], R[A+2]) (M, F, Args list)") \
    X(APPLY_FUN_LIST, R, None, None, None, None, None, "R[A] := apply(R[A], R[A+1]) (Fun, Args list)") \
    X(BIF, R, R, U, B, J, None, "R[A] := bif W1 (R[B..B+C)), on failure jump W2 (0: raise)")   \
    X(RETURN, R, None, None, None, None, None, "return R[A]")                                    \
    /* ---- exceptions ---- */                                                                   \
    X(TRY, R, None, None, J, None, None, "push handler: on exception R[A..A+3) := Class, Reason, Stacktrace; jump W1") \
    X(TRY_END, None, None, None, None, None, None, "pop the innermost handler")                 \
    X(CATCH, R, None, None, J, None, None, "push `catch` handler: on exception R[A] := catch value; jump W1") \
    X(RAISE, R, R, R, None, None, None, "raise class R[A], reason R[B], stacktrace R[C] (rethrow)") \
    X(ERROR, R, U, None, None, None, None, "raise the ErrorKind B error built from R[A]")      \
    /* ---- binaries ---- */                                                                     \
    X(BS_BUILD, R, R, U, K, J, None, "R[A] := binary from C segments (value, size) at R[B..B+2C) per K[W1]") \
    X(BS_START, R, R, None, J, None, None, "R[A] := match state over bitstring R[B], else jump W1") \
    X(BS_GET, R, R, R, K, J, None, "R[A] := next segment of state R[B] (size R[C]) per K[W1]; advance; else jump W2") \
    X(BS_TEST_TAIL, R, None, None, N, J, None, "unless state R[A] has exactly W1 bits left: jump W2") \
    X(BS_REST, R, R, None, None, None, None, "R[A] := the rest of state R[B] as a bitstring") \
    /* ---- calls, continued (appended: numbers above are pinned) ---- */                       \
    X(TAILAPPLY_LIST, R, None, None, None, None, None, "return apply(R[A], R[A+1], R[A+2]) (M, F, Args list)") \
    X(TAILAPPLY_FUN_LIST, R, None, None, None, None, None, "return apply(R[A], R[A+1]) (Fun, Args list)") \
    /* ---- receive (appended; see "Receive" above) ---- */                                     \
    X(RECV_PEEK, R, None, None, J, None, None, "R[A] := the message under the receive cursor; none left: jump W1") \
    X(RECV_NEXT, None, None, None, J, None, None, "advance the receive cursor to the next message; jump W1") \
    X(RECV_ACCEPT, None, None, None, None, None, None, "remove the message under the cursor from the mailbox; reset the cursor") \
    X(RECV_WAIT, R, None, None, J, None, None, "wait for a new message (jump W1) or the timeout R[A] ms / infinity (reset the cursor, fall through)") \
    /* ---- register spilling (appended; see "Spilling" above) ---- */                          \
    X(SPILL_NEW, R, None, None, N, None, None, "R[A] := a fresh tuple of W1 elements, all [] (a spill area)") \
    X(SPILL_PUT, R, R, None, N, None, None, "element W1 (0-based) of spill area R[A] := R[B], in place") \
    /* ---- immediate operands (appended; C a signed byte, J == 0: raise) ---- */           \
    X(MULI, R, R, S, J, None, None, "R[A] := R[B] * C")                                          \
    X(REMI, R, R, S, J, None, None, "R[A] := R[B] rem C")                                        \
    X(CMPI, R, R, S, U, None, None, "R[A] := (R[B] <CmpKind W1> small integer C)")           \
    X(CALL_FUN1, R, R, R, None, None, None, "R[A], R[A+1] := R[B], R[C]; then CALL_FUN A, 1") \
    /* ---- list builders (ISA 2; see "List builders" above) ---- */                            \
    X(HOLE_NEW, R, None, None, None, None, None, "R[A] := a fresh, empty list builder")          \
    X(HOLE_PUT, R, R, None, None, None, None, "append R[B] to list builder R[A]: a new cell fills the hole") \
    X(HOLE_RETURN, R, R, None, None, None, None, "fill the hole of list builder R[A] with R[B]; return the list") \
    /* ---- a fused test (ISA 2) ---- */                                                        \
    X(TEST_GET_LIST, R, R, R, J, None, None, "unless R[C] is a list cell: jump W1; else R[A] := hd(R[C]); R[B] := tl(R[C])")
// clang-format on

enum class Opcode : uint8_t {
#define PFUN_X(name, a, b, c, w1, w2, w3, effect) name,
    PFUN_OPCODES(PFUN_X)
#undef PFUN_X
        Count
};

struct OpcodeInfo {
    std::string_view name;
    Operand a, b, c;
    Operand words[3];
    uint8_t wordCount; // extension words
    std::string_view effect;
};

inline constexpr uint8_t countWords(Operand w1, Operand w2, Operand w3) {
    return uint8_t((w1 != Operand::None) + (w2 != Operand::None) + (w3 != Operand::None));
}

inline constexpr OpcodeInfo kOpcodeInfo[] = {
#define PFUN_X(name, a, b, c, w1, w2, w3, effect)                                                  \
    {#name,                                                                                        \
     Operand::a,                                                                                   \
     Operand::b,                                                                                   \
     Operand::c,                                                                                   \
     {Operand::w1, Operand::w2, Operand::w3},                                                      \
     countWords(Operand::w1, Operand::w2, Operand::w3),                                            \
     effect},
    PFUN_OPCODES(PFUN_X)
#undef PFUN_X
};
static_assert(sizeof(kOpcodeInfo) / sizeof(kOpcodeInfo[0]) == size_t(Opcode::Count));

inline constexpr const OpcodeInfo& opcodeInfo(Opcode op) {
    return kOpcodeInfo[size_t(op)];
}
inline constexpr uint32_t instructionLength(Opcode op) {
    return 1u + opcodeInfo(op).wordCount;
}

// ---- encoding helpers ----
inline constexpr uint32_t encode(Opcode op, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0) {
    return uint32_t(op) | (a & 0xff) << 8 | (b & 0xff) << 16 | (c & 0xff) << 24;
}
inline constexpr Opcode decodeOp(uint32_t w) {
    return Opcode(w & 0xff);
}
inline constexpr uint32_t decodeA(uint32_t w) {
    return (w >> 8) & 0xff;
}
inline constexpr uint32_t decodeB(uint32_t w) {
    return (w >> 16) & 0xff;
}
inline constexpr uint32_t decodeC(uint32_t w) {
    return w >> 24;
}
inline constexpr int32_t decodeSC(uint32_t w) {
    return int32_t(int8_t(w >> 24));
}

// The ISA version that introduced `op`.
inline constexpr uint32_t isaVersionOf(Opcode op) {
    return op >= Opcode::HOLE_NEW ? 2u : 1u;
}

// The oldest ISA version that has every instruction of `code` (walked instruction by
// instruction): what `.pfb` files, code objects and content hashes record, so that
// code using no newer opcode reads the same as before they existed. An undecodable
// stream (unknown opcode) needs a version that does not exist, kIsaVersion + 1.
template <class Words>
inline uint32_t isaVersionNeeded(const Words& code) {
    uint32_t v = kOldestIsaVersion;
    for (size_t pc = 0; pc < code.size();) {
        const uint32_t op = code[pc] & 0xff;
        if (op >= uint32_t(Opcode::Count)) return kIsaVersion + 1;
        v = isaVersionOf(Opcode(op)) > v ? isaVersionOf(Opcode(op)) : v;
        pc += instructionLength(Opcode(op));
    }
    return v;
}

} // namespace pfun::vm
