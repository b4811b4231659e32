// Fuzz entry for the external term format decoder and the value library behind it:
// any bytes given to binary_to_term must decode to a term or be refused (nonValue),
// never crash or read out of bounds. A decoded term must then survive everything a
// process does with values: re-encoding and decoding to an equal term, comparison,
// hashing, deep copy and garbage collection.
#include "pfun/vm/compare.h"
#include "pfun/vm/copy.h"
#include "pfun/vm/external.h"
#include "pfun/vm/gc.h"
#include "pfun/vm/hash.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace pfun::vm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    AtomTable atoms;
    Heap heap;
    Term t = binaryToTerm(heap, data, size, atoms);
    if (t.isNonValue()) return 0;
    std::vector<uint8_t> encoded;
    if (!encodeTerm(t, atoms, encoded)) std::abort(); // everything decodable is encodable
    Term back = binaryToTerm(heap, encoded.data(), encoded.size(), atoms);
    if (back.isNonValue() || !exactEq(back, t) || compareTerms(back, t, atoms) != 0) std::abort();
    if (phash2(back, atoms) != phash2(t, atoms)) std::abort();
    Heap other;
    Term copy = copyTerm(t, other);
    Term roots[2] = {t, back};
    RootRange range{roots, roots + 2};
    collectGarbage(heap, std::span<const RootRange>(&range, 1));
    if (!checkHeap(heap).empty() || !exactEq(roots[0], copy) || !exactEq(roots[1], copy))
        std::abort();
    return 0;
}
