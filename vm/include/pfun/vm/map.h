// Maps: persistent hash maps with Erlang semantics.
//
// Two representations, chosen by size, as in BEAM:
//  - FlatMap (size <= kMaxFlatMapSize): payload [keys tuple][v1..vn]. Keys are sorted
//    in map-key order (compare.h: compareMapKeys), values follow in that order.
//    Updating an existing key shares the keys tuple; lookups are a linear scan.
//  - HashMap (size > kMaxFlatMapSize): a hash array mapped trie over mapKeyHash.
//    A node is a HashMap box with payload [bitmap raw][size raw][children...]:
//      * bitmap bit i set <=> a child for hash chunk i exists; children are stored in
//        bit order (index = popcount of the lower bits);
//      * a child is a leaf, a cons cell [Key | Value], or a sub-node (boxed HashMap);
//      * level d uses hash bits [5d, 5d+5); past kHamtLevels levels a collision node
//        (bitmap == kHamtCollision) holds the leaves of equal hashes in any order;
//      * `size` counts the leaves of the sub-trie (the root's is the map's size).
//    Updates copy the path from the root to the changed leaf (O(log n) words) and
//    share the rest, so every map value stays immutable.
//  A map whose size falls to kMaxFlatMapSize again becomes a FlatMap, so the
//  representation is a function of the size alone.
//
// Iteration order (mapCollect, mapToList): FlatMap in key order, as erl. HashMap in
// trie order of our own hash, which is NOT the order of OTP 25 (erl uses its internal
// hash): maps:to_list, maps:keys and printing of maps above 32 keys may list entries in
// a different order than erl does. Comparison and equality never depend on it.
//
// Functions that must order keys (building or growing flatmaps) take the AtomTable,
// because atoms sort by name.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <cstdint>
#include <span>
#include <vector>

namespace pfun::vm {

inline constexpr size_t kMaxFlatMapSize = 32;
inline constexpr int kHamtLevels = 12;
inline constexpr uint64_t kHamtCollision = uint64_t(1) << 32;

// #{}
Term mapEmpty(Heap&);
// A map of the pairs (keys[i], values[i]); a key given twice keeps its last value.
Term mapNew(Heap&, std::span<const Term> keys, std::span<const Term> values, const AtomTable&);
// The value for `key` (matched with =:=), or nonValue when absent.
Term mapGet(Term map, Term key);
// map#{key => value}
Term mapPut(Heap&, Term map, Term key, Term value, const AtomTable&);
// map#{key := value}; nonValue when `key` is absent (the caller raises {badkey, Key}).
Term mapUpdate(Heap&, Term map, Term key, Term value);
// maps:remove/2: the map itself when `key` is absent.
Term mapRemove(Heap&, Term map, Term key, const AtomTable&);
uint64_t mapSize(Term map);
// [{K, V}] in iteration order (see above).
Term mapToList(Heap&, Term map);
// maps:from_list/1; nonValue unless `list` is a proper list of 2-tuples.
Term mapFromList(Heap&, Term list, const AtomTable&);
// Appends the keys and values in iteration order.
void mapCollect(Term map, std::vector<Term>& keys, std::vector<Term>& values);

// The hash that places keys in the trie: equal (=:=) terms hash equal, whatever their
// representation (a binary on or off heap, a map flat or not). Atom hashes depend on
// atom indices, so the value is meaningful within one node only.
uint64_t mapKeyHash(Term key);

} // namespace pfun::vm
