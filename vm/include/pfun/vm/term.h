// Term: the one-word value every part of pfun passes around.
//
// A Term is a 64-bit word whose low bits say what it is. Immediates carry their
// value in the word; everything else points into the heap of the process that owns
// it (or into a module's literal area, which is never collected while code lives).
//
//   ...............................................1   small integer, 63-bit signed
//   ..............................................000  boxed: pointer to a header word
//   ..............................................010  list: pointer to a cons cell
//   ...........................................000100  atom        (index  = raw >> 6)
//   ...........................................001100  nil  []
//   ...........................................010100  local pid   (number = raw >> 6)
//   ...........................................011100  special     (non-value, moved marker)
//   ...................................kkkkkk110       header word (heap only, see BoxKind)
//
// Invariants:
//  - Heap objects are 8-byte aligned, so a pointer's low three bits are free.
//  - A boxed object starts with a header word: kind in bits 3..8, payload size in
//    words (excluding the header) in bits 9..63.
//  - A cons cell is two Terms (head, tail) with no header.
//  - Every word of a heap object is either a Term or lies inside the raw payload
//    that its header's kind declares (see rawPrefixWords/isRawPayload), so a
//    collector can walk to-space linearly (Cheney scan).
//  - kNonValue is never a legal Erlang value: BIFs return it to say "an exception
//    is pending in the process", as BEAM's THE_NON_VALUE.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace pfun::vm {

enum class BoxKind : uint8_t {
    Tuple = 0,    // payload: arity Terms
    PosBig = 1,   // payload: GMP limbs, least significant first, no sign
    NegBig = 2,   // payload: GMP limbs of the magnitude
    Float = 3,    // payload: one IEEE double
    Fun = 4,      // payload: [const FunEntry*][free variables...]
    Export = 5,   // payload: [module atom][function atom][arity small]   (fun m:f/a)
    Ref = 6,      // payload: [id word][id word] raw
    ExtPid = 7,   // payload: [node atom][number raw][serial raw]        (remote pid)
    HeapBin = 8,  // payload: [bit size raw][bytes..., padded to words]
    RefcBin = 9,  // payload: [bit size raw][SharedBinary* raw][next off-heap raw]
    SubBin = 10,  // payload: [bit size raw][bit offset raw][original binary Term]
    FlatMap = 11, // payload: [keys tuple Term][values...], keys sorted by term order
    HashMap = 12, // payload: [bitmap raw][size raw][children...], HAMT node, see map.h
    Count
};

class Term {
  public:
    static constexpr uint64_t kTagMask = 0x7;
    static constexpr uint64_t kSmallTag = 0x1;
    static constexpr uint64_t kBoxedTag = 0x0;
    static constexpr uint64_t kListTag = 0x2;
    static constexpr uint64_t kImmTag = 0x4;
    static constexpr uint64_t kHeaderTag = 0x6;
    static constexpr uint64_t kImmMask = 0x3f;
    static constexpr uint64_t kAtomTag = 0x04;
    static constexpr uint64_t kNilTag = 0x0c;
    static constexpr uint64_t kPidTag = 0x14;
    static constexpr uint64_t kSpecialTag = 0x1c;

    static constexpr int64_t kSmallMax = (int64_t(1) << 62) - 1;
    static constexpr int64_t kSmallMin = -(int64_t(1) << 62);

    constexpr Term() = default;
    static constexpr Term fromRaw(uint64_t raw) { return Term(raw); }
    constexpr uint64_t raw() const { return raw_; }

    // ---- small integers ----
    constexpr bool isSmall() const { return raw_ & kSmallTag; }
    constexpr int64_t small() const { return static_cast<int64_t>(raw_) >> 1; }
    static constexpr bool fitsSmall(int64_t v) { return v >= kSmallMin && v <= kSmallMax; }
    static constexpr Term makeSmall(int64_t v) { return Term((static_cast<uint64_t>(v) << 1) | 1); }

    // ---- pointers ----
    constexpr bool isBoxed() const { return (raw_ & kTagMask) == kBoxedTag; }
    constexpr bool isList() const { return (raw_ & kTagMask) == kListTag; } // non-empty list
    Term* boxedPtr() const { return reinterpret_cast<Term*>(raw_); }
    Term* consPtr() const { return reinterpret_cast<Term*>(raw_ - kListTag); }
    static Term makeBoxed(const Term* p) { return Term(reinterpret_cast<uint64_t>(p)); }
    static Term makeCons(const Term* p) { return Term(reinterpret_cast<uint64_t>(p) | kListTag); }
    Term head() const { return consPtr()[0]; }
    Term tail() const { return consPtr()[1]; }

    // ---- immediates ----
    constexpr bool isImmediate() const { return (raw_ & kTagMask) == kImmTag; }
    constexpr bool isAtom() const { return (raw_ & kImmMask) == kAtomTag; }
    constexpr bool isNil() const { return raw_ == kNilTag; }
    constexpr bool isLocalPid() const { return (raw_ & kImmMask) == kPidTag; }
    constexpr bool isNonValue() const { return raw_ == kSpecialTag; }
    constexpr uint32_t atomIndex() const { return static_cast<uint32_t>(raw_ >> 6); }
    constexpr uint64_t pidNumber() const { return raw_ >> 6; }
    static constexpr Term makeAtom(uint32_t index) {
        return Term((uint64_t(index) << 6) | kAtomTag);
    }
    static constexpr Term makeLocalPid(uint64_t n) { return Term((n << 6) | kPidTag); }
    static constexpr Term nil() { return Term(kNilTag); }
    static constexpr Term nonValue() { return Term(kSpecialTag); }
    // Written over a cons cell's head by the collector; the tail then holds the new cell.
    static constexpr Term movedCons() { return Term(kSpecialTag | (1u << 6)); }

    // ---- header words (inside the heap only) ----
    constexpr bool isHeader() const { return (raw_ & kTagMask) == kHeaderTag; }
    static constexpr Term makeHeader(BoxKind kind, uint64_t payloadWords) {
        return Term((payloadWords << 9) | (uint64_t(kind) << 3) | kHeaderTag);
    }
    constexpr BoxKind headerKind() const { return static_cast<BoxKind>((raw_ >> 3) & 0x3f); }
    constexpr uint64_t headerArity() const { return raw_ >> 9; }

    // Kind of a boxed term (precondition: isBoxed()).
    BoxKind boxKind() const { return boxedPtr()[0].headerKind(); }
    bool isBoxKind(BoxKind k) const { return isBoxed() && boxKind() == k; }

    // ---- common type tests (Erlang's is_* guards) ----
    bool isTuple() const { return isBoxKind(BoxKind::Tuple); }
    bool isFloat() const { return isBoxKind(BoxKind::Float); }
    bool isBignum() const {
        return isBoxed() && (boxKind() == BoxKind::PosBig || boxKind() == BoxKind::NegBig);
    }
    bool isInteger() const { return isSmall() || isBignum(); }
    bool isNumber() const { return isSmall() || isBignum() || isFloat(); }
    bool isListOrNil() const { return isList() || isNil(); }
    bool isMap() const {
        return isBoxed() && (boxKind() == BoxKind::FlatMap || boxKind() == BoxKind::HashMap);
    }
    bool isFun() const {
        return isBoxed() && (boxKind() == BoxKind::Fun || boxKind() == BoxKind::Export);
    }
    bool isBitstring() const {
        if (!isBoxed()) return false;
        BoxKind k = boxKind();
        return k == BoxKind::HeapBin || k == BoxKind::RefcBin || k == BoxKind::SubBin;
    }
    bool isRef() const { return isBoxKind(BoxKind::Ref); }
    bool isPid() const { return isLocalPid() || isBoxKind(BoxKind::ExtPid); }

    // ---- tuples ----
    uint64_t tupleArity() const { return boxedPtr()[0].headerArity(); }
    Term element(uint64_t zeroBased) const { return boxedPtr()[1 + zeroBased]; }
    Term* tupleElements() const { return boxedPtr() + 1; }

    // ---- floats ----
    double floatValue() const { return std::bit_cast<double>(boxedPtr()[1].raw_); }

    // Identity (raw word) comparison: exact equality only for immediates; see
    // compare.h for Erlang's =:= and == on all terms.
    constexpr bool operator==(const Term& o) const = default;

  private:
    constexpr explicit Term(uint64_t raw) : raw_(raw) {}
    uint64_t raw_ = kNilTag;
};

static_assert(sizeof(Term) == 8);

// Payload layout knowledge the collector and copier share: the number of raw
// (non-Term) words at the start of a boxed object's payload; the rest are Terms.
// Kinds whose whole payload is raw return the payload size.
inline uint64_t rawPrefixWords(Term header) {
    uint64_t n = header.headerArity();
    switch (header.headerKind()) {
    case BoxKind::Tuple: return 0;
    case BoxKind::PosBig:
    case BoxKind::NegBig:
    case BoxKind::Float:
    case BoxKind::Ref:
    case BoxKind::HeapBin:
    case BoxKind::RefcBin: return n;
    case BoxKind::Fun: return 1;
    case BoxKind::Export: return 0;
    case BoxKind::ExtPid: return n; // node atom is an immediate: nothing to trace
    case BoxKind::SubBin: return 2;
    case BoxKind::FlatMap: return 0;
    case BoxKind::HashMap: return 2; // bitmap word, subtree size, then children
    case BoxKind::Count: break;
    }
    return n;
}

} // namespace pfun::vm
