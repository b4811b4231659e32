// Page memory: large arrays taken straight from the OS, and arrays that grow in
// place.
//
// Why: a process that recurses a million levels deep or builds a list of a million
// cells needs tens of megabytes of stack and heap within milliseconds. Taken from
// malloc, each growth step of such an array is a fresh mapping that the kernel fills
// one 4 KiB page fault at a time, and a doubling array copies and re-initialises
// everything it held. Here:
//  - big regions (>= kHugePageBytes) are aligned to 2 MiB and advised for
//    transparent huge pages, so the kernel commits them one 2 MiB page per fault;
//  - a GrowableArray that outgrows kInPlaceBytes moves once into a region reserved
//    for its maximum size, and from then on grows by committing more of that region:
//    it never moves or copies again (the reservation is address space only; pages
//    are committed on first touch).
// Small arrays stay on the ordinary allocator so that many small processes cost no
// mappings (the kernel limits their number).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>

namespace pfun::vm {

inline constexpr size_t kHugePageBytes = size_t(2) << 20;

// Zeroed anonymous memory of at least `bytes` bytes, committed on first touch; big
// regions are 2 MiB-aligned and advised for huge pages. Throws std::bad_alloc.
void* mapPages(size_t bytes);
// Returns a region from mapPages (same `bytes`).
void unmapPages(void* p, size_t bytes);
// Gives the pages of [p, p + bytes) back to the OS (they read as zero afterwards);
// p and bytes are rounded inwards to whole pages.
void discardPages(void* p, size_t bytes);

// Frees either kind of array storage: mapped when `mappedBytes` is non-zero,
// operator new otherwise.
template <class T>
struct ArrayDeleter {
    size_t mappedBytes = 0;
    void operator()(T* p) const {
        if (!p) return;
        if (mappedBytes)
            unmapPages(p, mappedBytes);
        else
            ::operator delete(static_cast<void*>(p));
    }
};

template <class T>
using ArrayPtr = std::unique_ptr<T[], ArrayDeleter<T>>;

// `n` uninitialised Ts from the ordinary allocator (no constructor runs: a Term's
// would nil-fill memory that is about to be overwritten).
template <class T>
ArrayPtr<T> newArray(size_t n) {
    return ArrayPtr<T>(static_cast<T*>(::operator new(n * sizeof(T))), ArrayDeleter<T>{0});
}

// `n` uninitialised Ts: from the allocator when small, from mapPages when at least
// kHugePageBytes (n is then rounded up to fill the whole mapping).
template <class T>
ArrayPtr<T> allocArray(size_t& n) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    size_t bytes = n * sizeof(T);
    if (bytes < kHugePageBytes) return newArray<T>(n);
    bytes = (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
    n = bytes / sizeof(T);
    return ArrayPtr<T>(static_cast<T*>(mapPages(bytes)), ArrayDeleter<T>{bytes});
}

// An array of trivially copyable Ts that grows geometrically, and in place once it
// is big (see the file comment). Elements past those the caller asks to keep are
// uninitialised after a growth step; grow() says from where.
template <class T>
class GrowableArray {
  public:
    // Arrays up to this size are moved (copied) when they grow; past it they move
    // once into a reservation for their maximum size.
    static constexpr size_t kInPlaceBytes = size_t(256) << 10;
    // Reservations are capped, for limits set absurdly high: past the cap the array
    // moves again when it fills its reservation.
    static constexpr size_t kMaxReserveBytes = size_t(4) << 30;

    // `initial` uninitialised elements.
    explicit GrowableArray(size_t initial) : data_(newArray<T>(initial)), capacity_(initial) {}

    T* data() const { return data_.get(); }
    size_t capacity() const { return capacity_; }

    // Makes capacity() >= need (need <= maxElems), keeping elements [0, keep).
    // Returns the first index whose content is now unspecified: everything in
    // [result, capacity()) must be initialised by the caller if it matters.
    // Inside a reservation the capacity advances in steps of kInPlaceBytes rather
    // than doubling: nothing moves, and a caller that initialises the new part
    // touches it just before using it.
    size_t grow(size_t need, size_t maxElems, size_t keep) {
        constexpr size_t kStep = kInPlaceBytes / sizeof(T);
        size_t reserved = data_.get_deleter().mappedBytes / sizeof(T);
        if (need <= reserved) {
            size_t fresh = capacity_;
            capacity_ = std::min(reserved, (need + kStep - 1) / kStep * kStep);
            return fresh;
        }
        size_t cap = std::min(std::max(need, capacity_ * 2), std::max(maxElems, need));
        ArrayPtr<T> grown;
        if (cap * sizeof(T) <= kInPlaceBytes) {
            grown = newArray<T>(cap);
        } else {
            size_t reserve = std::max(cap, std::min(maxElems, kMaxReserveBytes / sizeof(T)));
            try {
                grown = allocArray<T>(reserve);
            } catch (const std::bad_alloc&) {
                // Address space is limited (ulimit -v): reserve only what is needed
                // now, and move again later as small arrays do.
                if (reserve == cap) throw;
                reserve = cap;
                grown = allocArray<T>(reserve);
            }
            cap = std::min(reserve, (need + kStep - 1) / kStep * kStep);
        }
        std::memcpy(static_cast<void*>(grown.get()), data_.get(), keep * sizeof(T));
        data_ = std::move(grown);
        capacity_ = cap;
        return keep;
    }

    // Lowers the capacity to `cap` (>= what the caller uses) and, for a mapped
    // array, gives the pages above it back to the OS: a process that once recursed
    // deeply does not hold its peak stack forever.
    void shrink(size_t cap) {
        if (cap >= capacity_) return;
        if (size_t mapped = data_.get_deleter().mappedBytes) {
            auto* from = reinterpret_cast<char*>(data_.get() + cap);
            auto* end =
                reinterpret_cast<char*>(data_.get()) + std::min(mapped, capacity_ * sizeof(T));
            discardPages(from, size_t(end - from));
            capacity_ = cap;
        }
    }

  private:
    ArrayPtr<T> data_;
    size_t capacity_;
};

} // namespace pfun::vm
