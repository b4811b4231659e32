#include "pfun/vm/binary.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace pfun::vm {

SharedBinary* SharedBinary::create(size_t bytes) {
    void* mem = ::operator new(sizeof(SharedBinary) + std::max<size_t>(bytes, 1));
    return new (mem) SharedBinary(bytes);
}

void SharedBinary::release() {
    if (refc_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        this->~SharedBinary();
        ::operator delete(static_cast<void*>(this));
    }
}

BinaryView binaryView(Term t) {
    const Term* p = t.boxedPtr();
    BinaryView v;
    v.bitSize = p[1].raw();
    switch (p[0].headerKind()) {
    case BoxKind::HeapBin: v.data = reinterpret_cast<const uint8_t*>(p + 2); break;
    case BoxKind::RefcBin:
        v.data = reinterpret_cast<const SharedBinary*>(p[2].raw())->data();
        break;
    case BoxKind::SubBin: {
        uint64_t offset = p[2].raw();
        BinaryView base = binaryView(p[3]);
        offset += base.bitOffset;
        v.data = base.data + offset / 8;
        v.bitOffset = offset % 8;
        break;
    }
    default: break;
    }
    return v;
}

static Term makeHeapBin(Heap& heap, uint64_t bits, uint8_t*& bytes) {
    size_t nbytes = (bits + 7) / 8;
    size_t dataWords = (nbytes + 7) / 8;
    Term* p = heap.alloc(2 + dataWords);
    p[0] = Term::makeHeader(BoxKind::HeapBin, 1 + dataWords);
    p[1] = Term::fromRaw(bits);
    if (dataWords) p[1 + dataWords] = Term::fromRaw(0); // zero the padding
    bytes = reinterpret_cast<uint8_t*>(p + 2);
    return Term::makeBoxed(p);
}

Term makeRefcBinary(Heap& heap, SharedBinary* shared, uint64_t bits) {
    Term* p = heap.alloc(4);
    p[0] = Term::makeHeader(BoxKind::RefcBin, 3);
    p[1] = Term::fromRaw(bits);
    p[2] = Term::fromRaw(reinterpret_cast<uint64_t>(shared));
    p[3] = Term::fromRaw(reinterpret_cast<uint64_t>(heap.offHeap));
    heap.offHeap = p;
    return Term::makeBoxed(p);
}

Term allocBitstring(Heap& heap, uint64_t bits, uint8_t*& bytesOut) {
    size_t nbytes = (bits + 7) / 8;
    if (nbytes <= kHeapBinMaxBytes) {
        Term t = makeHeapBin(heap, bits, bytesOut);
        std::memset(bytesOut, 0, nbytes);
        return t;
    }
    SharedBinary* shared = SharedBinary::create(nbytes);
    std::memset(shared->data(), 0, nbytes);
    bytesOut = shared->data();
    return makeRefcBinary(heap, shared, bits);
}

Term makeBinary(Heap& heap, const uint8_t* data, size_t bytes) {
    uint8_t* out;
    Term t;
    if (bytes <= kHeapBinMaxBytes) {
        t = makeHeapBin(heap, bytes * 8, out);
    } else {
        SharedBinary* shared = SharedBinary::create(bytes);
        out = shared->data();
        t = makeRefcBinary(heap, shared, bytes * 8);
    }
    if (bytes) std::memcpy(out, data, bytes);
    return t;
}

Term makeBitstring(Heap& heap, const uint8_t* data, uint64_t bitOffset, uint64_t bits) {
    data += bitOffset / 8;
    bitOffset %= 8;
    if (bitOffset == 0 && bits % 8 == 0) return makeBinary(heap, data, bits / 8);
    uint8_t* out;
    Term t = allocBitstring(heap, bits, out);
    copyBits(out, 0, data, bitOffset, bits);
    return t;
}

Term makeSubBinary(Heap& heap, Term bin, uint64_t bitOffset, uint64_t bits) {
    const Term* b = bin.boxedPtr();
    if (b[0].headerKind() == BoxKind::SubBin) {
        bitOffset += b[2].raw();
        bin = b[3];
    }
    Term* p = heap.alloc(4);
    p[0] = Term::makeHeader(BoxKind::SubBin, 3);
    p[1] = Term::fromRaw(bits);
    p[2] = Term::fromRaw(bitOffset);
    p[3] = bin;
    return Term::makeBoxed(p);
}

void copyBits(uint8_t* dst, uint64_t dstOff, const uint8_t* src, uint64_t srcOff, uint64_t bits) {
    dst += dstOff / 8;
    dstOff %= 8;
    src += srcOff / 8;
    srcOff %= 8;
    if (dstOff == 0 && srcOff == 0) {
        std::memcpy(dst, src, bits / 8);
        if (bits % 8) {
            uint8_t mask = static_cast<uint8_t>(0xFF00 >> (bits % 8));
            dst[bits / 8] = static_cast<uint8_t>((dst[bits / 8] & ~mask) | (src[bits / 8] & mask));
        }
        return;
    }
    // General case, a bit at a time within bytes; fast enough for the unaligned
    // appends the bit syntax does (aligned ones take the memcpy path above).
    uint64_t i = 0;
    while (i < bits) {
        uint64_t s = srcOff + i, d = dstOff + i;
        // Take as many bits as fit in both the current source and destination bytes.
        uint64_t n = std::min<uint64_t>({8 - s % 8, 8 - d % 8, bits - i});
        unsigned v = (src[s / 8] >> (8 - s % 8 - n)) & ((1u << n) - 1);
        unsigned shiftD = static_cast<unsigned>(8 - d % 8 - n);
        unsigned mask = ((1u << n) - 1) << shiftD;
        dst[d / 8] = static_cast<uint8_t>((dst[d / 8] & ~mask) | (v << shiftD));
        i += n;
    }
}

// Byte `i` (counting from the view's first bit) of a view, with bits past the end zero.
static inline unsigned viewByte(const BinaryView& v, uint64_t i) {
    unsigned hi = v.data[i];
    if (v.bitOffset == 0) return hi;
    unsigned lo = i + 1 < (v.bitSize + v.bitOffset + 7) / 8 ? v.data[i + 1] : 0;
    return ((hi << v.bitOffset) | (lo >> (8 - v.bitOffset))) & 0xFF;
}

int compareBitstrings(const BinaryView& a, const BinaryView& b) {
    uint64_t common = std::min(a.bitSize, b.bitSize);
    if (a.bitOffset == 0 && b.bitOffset == 0 && common >= 8) {
        int c = std::memcmp(a.data, b.data, common / 8);
        if (c) return c < 0 ? -1 : 1;
    } else {
        for (uint64_t i = 0; i < common / 8; ++i) {
            unsigned x = viewByte(a, i), y = viewByte(b, i);
            if (x != y) return x < y ? -1 : 1;
        }
    }
    if (common % 8) {
        uint64_t i = common / 8;
        unsigned mask = 0xFF00u >> (common % 8) & 0xFF;
        unsigned x = viewByte(a, i) & mask, y = viewByte(b, i) & mask;
        if (x != y) return x < y ? -1 : 1;
    }
    if (a.bitSize == b.bitSize) return 0;
    return a.bitSize < b.bitSize ? -1 : 1;
}

bool equalBitstrings(const BinaryView& a, const BinaryView& b) {
    return a.bitSize == b.bitSize && compareBitstrings(a, b) == 0;
}

} // namespace pfun::vm
