#include "pfun/vm/page_memory.h"

#include <cstdint>
#include <new>

#include <sys/mman.h>
#include <unistd.h>

namespace pfun::vm {

void* mapPages(size_t bytes) {
    if (bytes < kHugePageBytes) {
        void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        return p;
    }
    // Over-map by one huge page and trim both ends, so the region is 2 MiB-aligned
    // and every part of it can be backed by huge pages.
    size_t span = bytes + kHugePageBytes;
    void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    auto start = reinterpret_cast<uintptr_t>(raw);
    uintptr_t aligned = (start + kHugePageBytes - 1) & ~uintptr_t(kHugePageBytes - 1);
    if (aligned > start) munmap(raw, aligned - start);
    uintptr_t end = start + span, alignedEnd = aligned + bytes;
    if (end > alignedEnd) munmap(reinterpret_cast<void*>(alignedEnd), end - alignedEnd);
#ifdef MADV_HUGEPAGE
    madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE); // advice only
#endif
    return reinterpret_cast<void*>(aligned);
}

void unmapPages(void* p, size_t bytes) {
    munmap(p, bytes);
}

void discardPages(void* p, size_t bytes) {
    const auto page = uintptr_t(sysconf(_SC_PAGESIZE));
    auto from = (reinterpret_cast<uintptr_t>(p) + page - 1) & ~(page - 1);
    auto to = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(page - 1);
    if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_DONTNEED);
}

} // namespace pfun::vm
