#include "pfun/vm/gc.h"
#include "pfun/vm/arith.h"
#include "pfun/vm/binary.h"
#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/copy.h"
#include "pfun/vm/map.h"

#include <doctest/doctest.h>

#include <vector>

using namespace pfun::vm;

namespace {

void collect(Heap& h, std::vector<Term>& roots, size_t extra = 0) {
    RootRange r{roots.data(), roots.data() + roots.size()};
    collectGarbage(h, std::span<const RootRange>(&r, 1), extra);
    std::string problem = checkHeap(h);
    CHECK(problem == "");
}

// A term using every box kind; `other` holds a deep copy for comparison.
Term everyKind(Heap& h, AtomTable& atoms, SharedBinary*& shared) {
    std::vector<uint8_t> bytes(200);
    for (size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<uint8_t>(i);
    Term refc = makeBinary(h, bytes.data(), bytes.size());
    shared = reinterpret_cast<SharedBinary*>(refc.boxedPtr()[2].raw());
    Term heapBin = makeBinary(h, bytes.data(), 10);
    Term sub = makeSubBinary(h, refc, 3, 77);
    Term* ref = h.alloc(3);
    ref[0] = Term::makeHeader(BoxKind::Ref, 2);
    ref[1] = Term::fromRaw(42);
    ref[2] = Term::fromRaw(43);
    Term* exp = h.alloc(4);
    exp[0] = Term::makeHeader(BoxKind::Export, 3);
    exp[1] = *atoms.intern("lists");
    exp[2] = *atoms.intern("map");
    exp[3] = Term::makeSmall(2);
    Term* pid = h.alloc(4);
    pid[0] = Term::makeHeader(BoxKind::ExtPid, 3);
    pid[1] = *atoms.intern("n@h");
    pid[2] = Term::fromRaw(5);
    pid[3] = Term::fromRaw(0);
    Term big = parseInteger(h, "-123456789012345678901234567890", 10);
    Term flat = mapNew(h, std::vector<Term>{Term::makeSmall(1)}, std::vector<Term>{big}, atoms);
    Term hamt = mapEmpty(h);
    for (int i = 0; i < 100; ++i)
        hamt = mapPut(h, hamt, Term::makeSmall(i), makeFloat(h, i * 0.5), atoms);
    return makeTuple(h, {refc, heapBin, sub, Term::makeBoxed(ref), Term::makeBoxed(exp),
                         Term::makeBoxed(pid), big, makeFloat(h, 2.5), flat, hamt,
                         makeList(h, {Term::makeSmall(1), *atoms.intern("x")}, Term::makeSmall(9)),
                         Term::makeLocalPid(7)});
}

} // namespace

TEST_SUITE("gc") {
    TEST_CASE("every box kind survives collection intact") {
        AtomTable atoms;
        Heap h;
        Heap reference;
        SharedBinary* shared = nullptr;
        Term t = everyKind(h, atoms, shared);
        Term expected = copyTerm(t, reference);
        // The original handle, and in the copy the binary and the sub-binary's base
        // (copies do not preserve sharing).
        CHECK(shared->refCount() == 3);
        for (int i = 0; i < 1000; ++i)
            makeTuple(h, {Term::makeSmall(i)}); // garbage
        std::vector<Term> roots = {t};
        collect(h, roots);
        CHECK(roots[0] != t); // moved
        CHECK(exactEq(roots[0], expected));
        CHECK(compareTerms(roots[0], expected, atoms) == 0);
        CHECK(shared->refCount() == 3);
        // Collect again: forwarding state must not leak between collections.
        collect(h, roots);
        CHECK(exactEq(roots[0], expected));
        CHECK(h.collections == 2);
    }

    TEST_CASE("dead reference-counted binaries are released") {
        Heap h;
        std::vector<uint8_t> bytes(1000, 7);
        Term keep = makeBinary(h, bytes.data(), bytes.size());
        Term drop = makeBinary(h, bytes.data(), bytes.size());
        SharedBinary* keptShared = reinterpret_cast<SharedBinary*>(keep.boxedPtr()[2].raw());
        keptShared->retain(); // observe it after the heap dies
        SharedBinary* droppedShared = reinterpret_cast<SharedBinary*>(drop.boxedPtr()[2].raw());
        droppedShared->retain();
        CHECK(droppedShared->refCount() == 2);
        std::vector<Term> roots = {keep};
        collect(h, roots);
        CHECK(droppedShared->refCount() == 1);
        CHECK(keptShared->refCount() == 2);
        CHECK(binaryView(roots[0]).data[999] == 7);
        droppedShared->release();
        {
            Heap moved(std::move(h));
            CHECK(keptShared->refCount() == 2);
        }
        CHECK(keptShared->refCount() == 1); // the heap's destructor released its handle
        keptShared->release();
    }

    TEST_CASE("garbage is freed and capacity drops to about the live size") {
        Heap h;
        Term keep = Term::nil();
        for (int i = 0; i < 1000; ++i)
            keep = makeCons(h, Term::makeSmall(i), keep);
        for (int i = 0; i < 2000000; ++i)
            makeTuple(h, {Term::makeSmall(i), Term::nil()});
        size_t before = h.capacityWords();
        std::vector<Term> roots = {keep};
        collect(h, roots);
        CHECK(h.capacityWords() < before / 100);
        CHECK(h.lastLiveWords == 2000);
        CHECK(listLength(roots[0]) == 1000);
        CHECK(roots[0].head().small() == 999);
        CHECK(h.gcThresholdWords() >= 4000);
    }

    TEST_CASE("sharing is preserved so a DAG does not blow up") {
        Heap h;
        // 40 levels of {X, X}: 2^40 leaves as a tree, 40 tuples as a DAG.
        Term t = Term::makeSmall(1);
        for (int i = 0; i < 40; ++i)
            t = makeTuple(h, {t, t});
        std::vector<Term> roots = {t, t};
        collect(h, roots);
        CHECK(h.lastLiveWords == 40 * 3);
        CHECK(roots[0] == roots[1]);
        Term x = roots[0];
        for (int i = 0; i < 40; ++i) {
            REQUIRE(x.isTuple());
            CHECK(x.element(0) == x.element(1));
            x = x.element(0);
        }
        CHECK(x.small() == 1);
    }

    TEST_CASE("pointers outside the heap (literals) are left alone") {
        Heap literals;
        Term lit = makeTuple(literals, {Term::makeSmall(5), makeFloat(literals, 1.5)});
        Heap h;
        Term t = makeList(h, {lit, lit});
        std::vector<Term> roots = {t};
        collect(h, roots);
        CHECK(roots[0].head() == lit);
        CHECK(roots[0].tail().head() == lit);
        CHECK(h.lastLiveWords == 4);
    }

    TEST_CASE("stress - allocate far more than is kept, heap stays bounded") {
        AtomTable atoms;
        Heap h;
        // A rolling window of 1000 live tuples while allocating ~50 million words.
        std::vector<Term> window(1000, Term::nil());
        size_t maxCapacity = 0;
        Term m = mapEmpty(h);
        window[0] = m;
        for (int i = 0; i < 5000000; ++i) {
            Term cell = makeTuple(h, {Term::makeSmall(i), makeFloat(h, i), Term::nil()});
            window[1 + static_cast<size_t>(i) % 999] = cell;
            if (i % 1000 == 0) {
                window[0] = mapPut(h, window[0], Term::makeSmall(i / 1000), cell, atoms);
            }
            if (h.wantsCollection()) {
                collect(h, window);
                maxCapacity = std::max(maxCapacity, h.capacityWords());
            }
        }
        collect(h, window);
        CHECK(h.collections > 10);
        CHECK(maxCapacity < 2000000); // live is ~30k words
        for (size_t j = 1; j < window.size(); ++j) {
            REQUIRE(window[j].isTuple());
            CHECK(window[j].element(1).isFloat());
            CHECK(window[j].element(1).floatValue() ==
                  static_cast<double>(window[j].element(0).small()));
        }
        CHECK(mapSize(window[0]) == 5000);
    }

    TEST_CASE("the heap checker finds broken heaps") {
        Heap h;
        Term t = makeTuple(h, {Term::makeSmall(1), Term::makeSmall(2)});
        Term l = makeList(h, {t});
        CHECK(checkHeap(h) == "");
        // A boxed pointer into the middle of the tuple.
        l.consPtr()[0] = Term::makeBoxed(t.boxedPtr() + 1);
        CHECK(checkHeap(h) != "");
        l.consPtr()[0] = Term::movedCons();
        CHECK(checkHeap(h) != "");
        l.consPtr()[0] = Term::makeCons(t.boxedPtr());
        CHECK(checkHeap(h) != "");
        l.consPtr()[0] = t;
        CHECK(checkHeap(h) == "");
    }

    TEST_CASE("extraWords are available contiguously after collection") {
        Heap h;
        std::vector<Term> roots = {makeTuple(h, {Term::makeSmall(1)})};
        collect(h, roots, 100000);
        CHECK(h.freeWordsInBlock() >= 100000);
    }
}

TEST_CASE("gc: the mapped blocks of a from-space are reused, and released on demand") {
    Heap h;
    std::vector<Term> roots{Term::nil()};
    // A live list of 600,000 cells: 1.2M words, past the huge-page size, so the
    // blocks holding it are mapped.
    for (int i = 0; i < 600000; ++i)
        roots[0] = makeCons(h, Term::makeSmall(i), roots[0]);
    std::vector<const Term*> firstFromSpace;
    for (const Heap::Block& b : h.blocks())
        firstFromSpace.push_back(b.words.get());
    collect(h, roots);
    REQUIRE(h.spareWords() > 0); // the from-space's mapped blocks stayed
    // The next collection takes its to-space from those spares instead of mapping
    // fresh memory.
    collect(h, roots);
    bool reused = false;
    for (const Heap::Block& b : h.blocks())
        for (const Term* p : firstFromSpace)
            reused = reused || b.words.get() == p;
    CHECK(reused);
    size_t n = 0;
    for (Term t = roots[0]; t.isList(); t = t.consPtr()[1])
        CHECK(t.consPtr()[0] == Term::makeSmall(int64_t(599999 - n++)));
    CHECK(n == 600000);
    h.releaseSpares();
    CHECK(h.spareWords() == 0);
}
