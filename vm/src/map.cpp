#include "pfun/vm/map.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/compare.h"
#include "work_stack.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>

namespace pfun::vm {

namespace {

// ---------------------------------------------------------------- flat maps

inline Term flatKeys(const Term* m) {
    return m[1];
}
inline uint64_t flatSize(const Term* m) {
    return m[0].headerArity() - 1;
}

Term makeFlat(Heap& heap, std::span<const Term> keys, std::span<const Term> values) {
    size_t n = keys.size();
    Term* p = heap.alloc(2 + n + 1 + n);
    Term* tuple = p + 2 + n;
    tuple[0] = Term::makeHeader(BoxKind::Tuple, n);
    for (size_t i = 0; i < n; ++i)
        tuple[1 + i] = keys[i];
    p[0] = Term::makeHeader(BoxKind::FlatMap, 1 + n);
    p[1] = Term::makeBoxed(tuple);
    for (size_t i = 0; i < n; ++i)
        p[2 + i] = values[i];
    return Term::makeBoxed(p);
}

// Index of `key` in a flatmap, or -1.
int64_t flatFind(const Term* m, Term key) {
    uint64_t n = flatSize(m);
    const Term* keys = flatKeys(m).tupleElements();
    if (!key.isBoxed() && !key.isList()) {
        for (uint64_t i = 0; i < n; ++i)
            if (keys[i] == key) return static_cast<int64_t>(i);
        return -1;
    }
    for (uint64_t i = 0; i < n; ++i)
        if (exactEq(keys[i], key)) return static_cast<int64_t>(i);
    return -1;
}

// A copy of flatmap `m` with value i replaced; shares the keys tuple.
Term flatWithValue(Heap& heap, const Term* m, uint64_t i, Term value) {
    uint64_t words = m[0].headerArity();
    Term* p = heap.alloc(1 + words);
    std::memcpy(p, m, (1 + words) * sizeof(Term));
    p[2 + i] = value;
    return Term::makeBoxed(p);
}

// ---------------------------------------------------------------- HAMT

inline Term makeLeaf(Heap& heap, Term key, Term value) {
    Term* c = heap.alloc(2);
    c[0] = key;
    c[1] = value;
    return Term::makeCons(c);
}

inline uint64_t nodeBitmap(const Term* n) {
    return n[1].raw();
}
inline uint64_t nodeSize(const Term* n) {
    return n[2].raw();
}
inline uint64_t nodeChildren(const Term* n) {
    return n[0].headerArity() - 2;
}

Term makeNode(Heap& heap, uint64_t bitmap, uint64_t size, std::span<const Term> children) {
    Term* p = heap.alloc(3 + children.size());
    p[0] = Term::makeHeader(BoxKind::HashMap, 2 + children.size());
    p[1] = Term::fromRaw(bitmap);
    p[2] = Term::fromRaw(size);
    for (size_t i = 0; i < children.size(); ++i)
        p[3 + i] = children[i];
    return Term::makeBoxed(p);
}

// Position of the child for `bit` among the children present in `bitmap` (16 bits).
// Written out rather than std::popcount, which without -mpopcnt is a library call.
inline uint64_t childIndex(uint64_t bitmap, uint64_t bit) {
    auto v = static_cast<uint32_t>(bitmap & (bit - 1));
    v = v - ((v >> 1) & 0x5555);
    v = (v & 0x3333) + ((v >> 2) & 0x3333);
    v = (v + (v >> 4)) & 0x0F0F;
    return (v + (v >> 8)) & 0x1F;
}

// A key's index at each trie level: 4-bit chunks of its hash, low chunk first; every
// 8 levels the 32 bits are spent and the key is hashed again with the next salt.
struct KeyPath {
    Term key;
    uint32_t hash;
    uint32_t salt = 0;
    explicit KeyPath(Term k) : key(k), hash(mapKeyHash(k, 0)) {}
    unsigned at(int depth) {
        auto wanted = static_cast<uint32_t>(depth / 8);
        if (wanted != salt) {
            hash = mapKeyHash(key, wanted);
            salt = wanted;
        }
        return (hash >> (4 * (depth % 8))) & 15;
    }
};

// A sub-trie at `depth` holding two leaves with different keys.
Term makeTwo(Heap& heap, int depth, Term leafA, KeyPath& ha, Term leafB, KeyPath& hb) {
    if (depth >= kHamtLevels) {
        Term kids[2] = {leafA, leafB};
        return makeNode(heap, kHamtCollision, 2, kids);
    }
    unsigned ia = ha.at(depth), ib = hb.at(depth);
    if (ia == ib) {
        Term sub = makeTwo(heap, depth + 1, leafA, ha, leafB, hb);
        Term kids[1] = {sub};
        return makeNode(heap, uint64_t(1) << ia, 2, kids);
    }
    Term kids[2] = {ia < ib ? leafA : leafB, ia < ib ? leafB : leafA};
    return makeNode(heap, (uint64_t(1) << ia) | (uint64_t(1) << ib), 2, kids);
}

// Copy of node `n` with child `pos` replaced by `child` (or removed when child is
// nonValue, clearing `clearBit`), or a new child inserted at `pos` setting `addBit`.
Term rebuild(Heap& heap, const Term* n, uint64_t bitmap, uint64_t size, uint64_t pos, Term child,
             bool insert) {
    uint64_t k = nodeChildren(n);
    const Term* kids = n + 3;
    uint64_t newK = insert ? k + 1 : (child.isNonValue() ? k - 1 : k);
    Term* p = heap.alloc(3 + newK);
    p[0] = Term::makeHeader(BoxKind::HashMap, 2 + newK);
    p[1] = Term::fromRaw(bitmap);
    p[2] = Term::fromRaw(size);
    Term* out = p + 3;
    for (uint64_t i = 0; i < pos; ++i)
        *out++ = kids[i];
    if (insert) {
        *out++ = child;
        for (uint64_t i = pos; i < k; ++i)
            *out++ = kids[i];
    } else {
        if (!child.isNonValue()) *out++ = child;
        for (uint64_t i = pos + 1; i < k; ++i)
            *out++ = kids[i];
    }
    return Term::makeBoxed(p);
}

// Puts key => value under node `n`; `added` tells whether the key was new. Returns
// the node itself when nothing changes.
Term hamtPut(Heap& heap, Term node, int depth, Term key, Term value, KeyPath& h, bool& added) {
    const Term* n = node.boxedPtr();
    uint64_t bitmap = nodeBitmap(n);
    uint64_t size = nodeSize(n);
    if (bitmap == kHamtCollision) {
        uint64_t k = nodeChildren(n);
        for (uint64_t i = 0; i < k; ++i) {
            Term leaf = n[3 + i];
            if (exactEq(leaf.head(), key)) {
                if (leaf.tail() == value) return node;
                added = false;
                return rebuild(heap, n, bitmap, size, i, makeLeaf(heap, key, value), false);
            }
        }
        added = true;
        return rebuild(heap, n, bitmap, size + 1, k, makeLeaf(heap, key, value), true);
    }
    uint64_t bit = uint64_t(1) << h.at(depth);
    uint64_t pos = childIndex(bitmap, bit);
    if (!(bitmap & bit)) {
        added = true;
        return rebuild(heap, n, bitmap | bit, size + 1, pos, makeLeaf(heap, key, value), true);
    }
    Term child = n[3 + pos];
    Term newChild;
    if (child.isList()) {
        if (exactEq(child.head(), key)) {
            if (child.tail() == value) return node;
            added = false;
            newChild = makeLeaf(heap, key, value);
        } else {
            added = true;
            KeyPath other(child.head());
            newChild = makeTwo(heap, depth + 1, child, other, makeLeaf(heap, key, value), h);
        }
    } else {
        newChild = hamtPut(heap, child, depth + 1, key, value, h, added);
        if (newChild == child) return node;
    }
    return rebuild(heap, n, bitmap, size + (added ? 1 : 0), pos, newChild, false);
}

// Removes `key` under node `n`. Returns the node itself when the key is absent,
// nonValue when the node becomes empty, or the replacement (which may be a single
// leaf, so that the parent inlines it).
Term hamtRemove(Heap& heap, Term node, int depth, Term key, KeyPath& h) {
    const Term* n = node.boxedPtr();
    uint64_t bitmap = nodeBitmap(n);
    uint64_t size = nodeSize(n);
    uint64_t k = nodeChildren(n);
    if (bitmap == kHamtCollision) {
        for (uint64_t i = 0; i < k; ++i) {
            if (exactEq(n[3 + i].head(), key)) {
                if (k == 1) return Term::nonValue();
                if (k == 2) return n[3 + (1 - i)];
                return rebuild(heap, n, bitmap, size - 1, i, Term::nonValue(), false);
            }
        }
        return node;
    }
    uint64_t bit = uint64_t(1) << h.at(depth);
    if (!(bitmap & bit)) return node;
    uint64_t pos = childIndex(bitmap, bit);
    Term child = n[3 + pos];
    Term newChild;
    if (child.isList()) {
        if (!exactEq(child.head(), key)) return node;
        newChild = Term::nonValue();
    } else {
        newChild = hamtRemove(heap, child, depth + 1, key, h);
        if (newChild == child) return node;
    }
    if (newChild.isNonValue()) {
        if (k == 1) return Term::nonValue();
        // A node left with one leaf collapses into that leaf (not at the root).
        if (k == 2 && depth > 0 && n[3 + (1 - pos)].isList()) return n[3 + (1 - pos)];
        return rebuild(heap, n, bitmap & ~bit, size - 1, pos, Term::nonValue(), false);
    }
    if (k == 1 && depth > 0 && newChild.isList()) return newChild;
    return rebuild(heap, n, bitmap, size - 1, pos, newChild, false);
}

Term hamtGet(Term node, Term key, KeyPath& h) {
    const Term* n = node.boxedPtr();
    for (int depth = 0;; ++depth) {
        uint64_t bitmap = nodeBitmap(n);
        if (bitmap == kHamtCollision) {
            uint64_t k = nodeChildren(n);
            for (uint64_t i = 0; i < k; ++i)
                if (exactEq(n[3 + i].head(), key)) return n[3 + i].tail();
            return Term::nonValue();
        }
        uint64_t bit = uint64_t(1) << h.at(depth);
        if (!(bitmap & bit)) return Term::nonValue();
        Term child = n[3 + childIndex(bitmap, bit)];
        if (child.isList()) return exactEq(child.head(), key) ? child.tail() : Term::nonValue();
        n = child.boxedPtr();
    }
}

void hamtCollect(Term node, std::vector<Term>& keys, std::vector<Term>& values) {
    const Term* n = node.boxedPtr();
    uint64_t k = nodeChildren(n);
    for (uint64_t i = 0; i < k; ++i) {
        Term c = n[3 + i];
        if (c.isList()) {
            keys.push_back(c.head());
            values.push_back(c.tail());
        } else {
            hamtCollect(c, keys, values);
        }
    }
}

// Builds a flatmap (n <= 32) or a HAMT from keys already free of duplicates.
Term buildMap(Heap& heap, std::vector<Term>& keys, std::vector<Term>& values,
              const AtomTable& atoms) {
    size_t n = keys.size();
    if (n <= kMaxFlatMapSize) {
        std::vector<size_t> order(n);
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return compareMapKeys(keys[a], keys[b], atoms) < 0; });
        std::vector<Term> k2(n), v2(n);
        for (size_t i = 0; i < n; ++i) {
            k2[i] = keys[order[i]];
            v2[i] = values[order[i]];
        }
        return makeFlat(heap, k2, v2);
    }
    Term root = makeNode(heap, 0, 0, {});
    for (size_t i = 0; i < n; ++i) {
        bool added = false;
        KeyPath kp(keys[i]);
        root = hamtPut(heap, root, 0, keys[i], values[i], kp, added);
    }
    return root;
}

} // namespace

Term mapEmpty(Heap& heap) {
    return makeFlat(heap, {}, {});
}

uint64_t mapSize(Term map) {
    const Term* p = map.boxedPtr();
    return p[0].headerKind() == BoxKind::FlatMap ? flatSize(p) : nodeSize(p);
}

Term mapGet(Term map, Term key) {
    const Term* p = map.boxedPtr();
    if (p[0].headerKind() == BoxKind::FlatMap) {
        int64_t i = flatFind(p, key);
        return i < 0 ? Term::nonValue() : p[2 + i];
    }
    KeyPath kp(key);
    return hamtGet(map, key, kp);
}

Term mapPut(Heap& heap, Term map, Term key, Term value, const AtomTable& atoms) {
    const Term* p = map.boxedPtr();
    if (p[0].headerKind() == BoxKind::HashMap) {
        bool added = false;
        KeyPath kp(key);
        return hamtPut(heap, map, 0, key, value, kp, added);
    }
    uint64_t n = flatSize(p);
    const Term* keys = flatKeys(p).tupleElements();
    // Binary search for the key's place in map-key order.
    uint64_t lo = 0, hi = n;
    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;
        int c = compareMapKeys(keys[mid], key, atoms);
        if (c == 0) {
            if (p[2 + mid] == value) return map;
            return flatWithValue(heap, p, mid, value);
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (n + 1 > kMaxFlatMapSize) {
        std::vector<Term> ks(keys, keys + n), vs(p + 2, p + 2 + n);
        ks.push_back(key);
        vs.push_back(value);
        return buildMap(heap, ks, vs, atoms);
    }
    // Insert at `lo`: the new map and its keys tuple in one allocation.
    uint64_t m = n + 1;
    Term* q = heap.alloc(2 + m + 1 + m);
    Term* tuple = q + 2 + m;
    q[0] = Term::makeHeader(BoxKind::FlatMap, 1 + m);
    q[1] = Term::makeBoxed(tuple);
    tuple[0] = Term::makeHeader(BoxKind::Tuple, m);
    for (uint64_t i = 0, j = 0; i < m; ++i) {
        if (i == lo) {
            tuple[1 + i] = key;
            q[2 + i] = value;
        } else {
            tuple[1 + i] = keys[j];
            q[2 + i] = p[2 + j];
            ++j;
        }
    }
    return Term::makeBoxed(q);
}

Term mapUpdate(Heap& heap, Term map, Term key, Term value) {
    const Term* p = map.boxedPtr();
    if (p[0].headerKind() == BoxKind::FlatMap) {
        int64_t i = flatFind(p, key);
        if (i < 0) return Term::nonValue();
        if (p[2 + i] == value) return map;
        return flatWithValue(heap, p, static_cast<uint64_t>(i), value);
    }
    KeyPath kp(key);
    if (hamtGet(map, key, kp).isNonValue()) return Term::nonValue();
    bool added = false;
    return hamtPut(heap, map, 0, key, value, kp, added);
}

Term mapRemove(Heap& heap, Term map, Term key, const AtomTable& atoms) {
    const Term* p = map.boxedPtr();
    if (p[0].headerKind() == BoxKind::FlatMap) {
        int64_t idx = flatFind(p, key);
        if (idx < 0) return map;
        uint64_t n = flatSize(p);
        const Term* keys = flatKeys(p).tupleElements();
        std::vector<Term> ks, vs;
        ks.reserve(n - 1);
        vs.reserve(n - 1);
        for (uint64_t i = 0; i < n; ++i) {
            if (static_cast<int64_t>(i) == idx) continue;
            ks.push_back(keys[i]);
            vs.push_back(p[2 + i]);
        }
        return makeFlat(heap, ks, vs);
    }
    KeyPath kp(key);
    Term root = hamtRemove(heap, map, 0, key, kp);
    if (root == map) return map;
    if (root.isNonValue()) return mapEmpty(heap);
    if (nodeSize(root.boxedPtr()) <= kMaxFlatMapSize) {
        std::vector<Term> ks, vs;
        hamtCollect(root, ks, vs);
        return buildMap(heap, ks, vs, atoms);
    }
    return root;
}

void mapCollect(Term map, std::vector<Term>& keys, std::vector<Term>& values, MapOrder order) {
    const Term* p = map.boxedPtr();
    if (p[0].headerKind() == BoxKind::FlatMap) {
        uint64_t n = flatSize(p);
        const Term* ks = flatKeys(p).tupleElements();
        keys.insert(keys.end(), ks, ks + n);
        values.insert(values.end(), p + 2, p + 2 + n);
        return;
    }
    size_t first = keys.size();
    hamtCollect(map, keys, values);
    if (order == MapOrder::List) {
        std::reverse(keys.begin() + static_cast<long>(first), keys.end());
        std::reverse(values.begin() + static_cast<long>(first), values.end());
    }
}

Term mapNew(Heap& heap, std::span<const Term> keys, std::span<const Term> values,
            const AtomTable& atoms) {
    size_t n = std::min(keys.size(), values.size());
    if (n > kMaxFlatMapSize) {
        // Inserting into the trie keeps the last value of a repeated key.
        Term root = makeNode(heap, 0, 0, {});
        for (size_t i = 0; i < n; ++i) {
            bool added = false;
            KeyPath kp(keys[i]);
            root = hamtPut(heap, root, 0, keys[i], values[i], kp, added);
        }
        if (nodeSize(root.boxedPtr()) > kMaxFlatMapSize) return root;
        std::vector<Term> ks, vs;
        hamtCollect(root, ks, vs);
        return buildMap(heap, ks, vs, atoms);
    }
    // Small: sort stably, keep the last of equal keys.
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return compareMapKeys(keys[a], keys[b], atoms) < 0;
    });
    std::vector<Term> ks, vs;
    ks.reserve(n);
    vs.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        size_t j = order[i];
        if (!ks.empty() && exactEq(ks.back(), keys[j])) {
            vs.back() = values[j];
            continue;
        }
        ks.push_back(keys[j]);
        vs.push_back(values[j]);
    }
    return makeFlat(heap, ks, vs);
}

Term mapFromList(Heap& heap, Term list, const AtomTable& atoms) {
    std::vector<Term> keys, values;
    while (list.isList()) {
        Term e = list.head();
        if (!e.isTuple() || e.tupleArity() != 2) return Term::nonValue();
        keys.push_back(e.element(0));
        values.push_back(e.element(1));
        list = list.tail();
    }
    if (!list.isNil()) return Term::nonValue();
    return mapNew(heap, keys, values, atoms);
}

Term mapToList(Heap& heap, Term map) {
    std::vector<Term> keys, values;
    mapCollect(map, keys, values, MapOrder::List);
    size_t n = keys.size();
    if (n == 0) return Term::nil();
    // One allocation: n tuples of 3 words and n cons cells.
    Term* p = heap.alloc(5 * n);
    Term* cells = p + 3 * n;
    for (size_t i = 0; i < n; ++i) {
        Term* t = p + 3 * i;
        t[0] = Term::makeHeader(BoxKind::Tuple, 2);
        t[1] = keys[i];
        t[2] = values[i];
        cells[2 * i] = Term::makeBoxed(t);
        cells[2 * i + 1] = i + 1 < n ? Term::makeCons(cells + 2 * (i + 1)) : Term::nil();
    }
    return Term::makeCons(cells);
}

} // namespace pfun::vm
