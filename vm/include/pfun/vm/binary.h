// Binaries and bitstrings: storage kinds, views and the bit-syntax primitives.
//
// Three box kinds hold bitstrings (see term.h):
//  - HeapBin: up to kHeapBinMaxBytes bytes inline in the process heap.
//  - RefcBin: a handle on an off-heap, reference-counted SharedBinary. Every RefcBin
//    box in a heap is chained through its `next` word from Heap::offHeap, so the
//    collector (and the heap's destructor) can drop the references of dead handles.
//  - SubBin: a view (bit offset + bit size) into a HeapBin or RefcBin. A SubBin never
//    points at another SubBin: makeSubBinary flattens, so a view is one hop away from
//    its bytes. Bit offsets and sizes need not be multiples of 8.
//
// Invariants: a bitstring's bytes are never mutated once the term is visible to Erlang
// code; SharedBinary's reference count counts the RefcBin boxes (in any heap) that point
// at it plus any native owners.
#pragma once

#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace pfun::vm {

inline constexpr size_t kHeapBinMaxBytes = 64;

// Off-heap byte storage shared by RefcBin handles of any number of processes.
class SharedBinary {
  public:
    // Creates a binary of `bytes` bytes (uninitialised) with a reference count of 1.
    static SharedBinary* create(size_t bytes);
    void retain() { refc_.fetch_add(1, std::memory_order_relaxed); }
    // Drops one reference; frees the storage when it was the last.
    void release();
    uint8_t* data() { return reinterpret_cast<uint8_t*>(this + 1); }
    const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(this + 1); }
    size_t size() const { return size_; }
    uint64_t refCount() const { return refc_.load(std::memory_order_relaxed); }

  private:
    explicit SharedBinary(size_t size) : size_(size) {}
    std::atomic<uint64_t> refc_{1};
    size_t size_;
};
static_assert(sizeof(SharedBinary) % 8 == 0);

// A read-only window on a bitstring's bits: the first bit is bit (7 - bitOffset) of
// data[0] (bits are numbered from the most significant end, as the bit syntax does).
struct BinaryView {
    const uint8_t* data = nullptr;
    uint64_t bitOffset = 0; // 0..7
    uint64_t bitSize = 0;
    bool isBinary() const { return bitSize % 8 == 0; }
    bool byteAligned() const { return bitOffset == 0; }
    uint64_t byteSize() const { return bitSize / 8; }
};

// View of any bitstring term (precondition: t.isBitstring()).
BinaryView binaryView(Term t);
inline uint64_t bitstringBits(Term t) {
    return t.boxedPtr()[1].raw();
}
inline bool isBinaryTerm(Term t) {
    return t.isBitstring() && bitstringBits(t) % 8 == 0;
}

// A fresh binary holding a copy of `bytes` bytes (HeapBin or RefcBin by size).
Term makeBinary(Heap&, const uint8_t* data, size_t bytes);
// A fresh bitstring of `bits` bits copied from a view starting `bitOffset` bits into `data`.
Term makeBitstring(Heap&, const uint8_t* data, uint64_t bitOffset, uint64_t bits);
// Allocates a binary of `bits` bits (rounded up to bytes) and returns it with a
// pointer to its zeroed bytes, for a builder to fill before the term escapes.
Term allocBitstring(Heap&, uint64_t bits, uint8_t*& bytesOut);
// A view of `bits` bits starting `bitOffset` bits into bitstring `bin`; shares the
// bytes (no copy). Precondition: the range lies within `bin`.
Term makeSubBinary(Heap&, Term bin, uint64_t bitOffset, uint64_t bits);
// A RefcBin handle on `shared`, taking over one reference the caller owns.
Term makeRefcBinary(Heap&, SharedBinary* shared, uint64_t bits);

// Copies `bits` bits from (src, srcBitOffset) to (dst, dstBitOffset); ranges must not
// overlap.
void copyBits(uint8_t* dst, uint64_t dstBitOffset, const uint8_t* src, uint64_t srcBitOffset,
              uint64_t bits);
// Three-way comparison of two bitstrings as Erlang orders them (bytes, then length).
int compareBitstrings(const BinaryView& a, const BinaryView& b);
bool equalBitstrings(const BinaryView& a, const BinaryView& b);

// ---------------------------------------------------------------- bit syntax
//
// The primitives behind the interpreter's binary construction and matching. Sizes
// are in bits: the caller has already multiplied Size by Unit and checked that a
// /binary segment is a whole number of bytes. Integers are written two's complement,
// truncated to the segment size; little-endian segments whose size is not a multiple
// of 8 put the full low bytes first and the remaining high bits last, as erl does
// (<<16#ABC:12/little>> is <<16#BC, 16#A:4>>).

enum class Endian : uint8_t { Big, Little, Native };

// Accumulates a bitstring; finish() makes the term. Appends never fail for sizes in
// range, only for values of the wrong type (the caller raises badarg).
class BitWriter {
  public:
    uint64_t bitSize() const { return bits_; }
    void reserveBits(uint64_t bits) { buf_.reserve((bits_ + bits + 7) / 8); }

    // Low `bits` bits of an integer term; false if `value` is not an integer.
    bool putInteger(Term value, uint64_t bits, Endian);
    // Low `bits` (<= 64) bits of `v`.
    void putUint(uint64_t v, uint64_t bits, Endian = Endian::Big);
    // A float segment of 16, 32 or 64 bits from a float or integer term. False for
    // other sizes, non-numbers, and integers too large for a double. A double too
    // large for 16/32 bits becomes infinity, as in erl.
    bool putFloat(Term value, uint64_t bits, Endian);
    // The first `bits` bits of bitstring `bin`; false if it is not a bitstring or is
    // shorter. Use putBitstring(bin) for the whole of it.
    bool putBitstring(Term bin, uint64_t bits);
    bool putBitstring(Term bin);
    void putBits(const uint8_t* data, uint64_t bitOffset, uint64_t bits);
    void putBytes(const uint8_t* data, size_t bytes) { putBits(data, 0, bytes * 8); }
    // UTF segments; false unless `cp` is an integer code point (0..0x10FFFF, not a
    // surrogate).
    bool putUtf8(Term cp);
    bool putUtf16(Term cp, Endian);
    bool putUtf32(Term cp, Endian);

    Term finish(Heap&) const;
    const std::vector<uint8_t>& bytes() const { return buf_; }
    void clear() {
        buf_.clear();
        bits_ = 0;
    }

  private:
    uint8_t* grow(uint64_t bits); // makes room for `bits` more bits, zeroed
    std::vector<uint8_t> buf_;
    uint64_t bits_ = 0;
};

// Reading segments back. `pos` is a bit position from the start of the view; each
// returns nonValue (or false) when fewer than the needed bits remain or the bits do
// not form a valid value (a NaN or infinite float, an invalid UTF sequence); the
// match then fails. They never read outside the view.
Term readInteger(Heap&, const BinaryView&, uint64_t pos, uint64_t bits, bool isSigned, Endian);
// Small fast path: up to 64 bits, unsigned, big-endian; false when out of range.
bool readUint(const BinaryView&, uint64_t pos, uint64_t bits, uint64_t& out);
// The same in either byte order, no allocation.
bool readUintEndian(const BinaryView&, uint64_t pos, uint64_t bits, Endian, uint64_t& out);
Term readFloat(Heap&, const BinaryView&, uint64_t pos, uint64_t bits, Endian);
bool readUtf8(const BinaryView&, uint64_t pos, uint32_t& cp, uint64_t& usedBits);
bool readUtf16(const BinaryView&, uint64_t pos, Endian, uint32_t& cp, uint64_t& usedBits);
bool readUtf32(const BinaryView&, uint64_t pos, Endian, uint32_t& cp);
// A sub-binary of `bits` bits at `pos` of bitstring `bin` (no copy); nonValue when it
// does not fit.
Term readBitstring(Heap&, Term bin, uint64_t pos, uint64_t bits);

} // namespace pfun::vm
