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
//      * level d uses bits [4(d%8), 4(d%8)+4) of mapKeyHash(key, d/8) (16-way nodes,
//        a fresh salted hash every 8 levels); past kHamtLevels levels a collision
//        node (bitmap == kHamtCollision) holds the leaves of equal hashes;
//      * `size` counts the leaves of the sub-trie (the root's is the map's size).
//    Updates copy the path from the root to the changed leaf (O(log n) words) and
//    share the rest, so every map value stays immutable.
//  A map whose size falls to kMaxFlatMapSize again becomes a FlatMap, so the
//  representation is a function of the size alone.
//
// Orders (MapOrder): a FlatMap lists its entries in key order either way. A HashMap
// has two orders, as in erl (OTP 25):
//  - Iterator: trie order, i.e. by the 4-bit chunks of mapKeyHash, low chunk first.
//    erl uses it for maps:iterator/next, maps:fold, maps:foreach and when printing.
//  - List: the reverse of that; erl's maps:to_list, maps:keys, maps:values and
//    term_to_binary produce it (they cons while iterating).
// Our trie is 16-way over the same internal hash as erl's, so both orders equal erl's
// for keys made of numbers, strings, lists, tuples, binaries and small maps. Keys
// containing atoms, pids or funs hash by node-private words in erl, so their order
// differs from erl's. Comparison and equality never depend on order.
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
inline constexpr int kHamtLevels = 32;
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
enum class MapOrder : uint8_t { Iterator, List };

// maps:to_list/1: [{K, V}] in List order (see above).
Term mapToList(Heap&, Term map);
// maps:from_list/1; nonValue unless `list` is a proper list of 2-tuples.
Term mapFromList(Heap&, Term list, const AtomTable&);
// Appends the keys and values in the given order.
void mapCollect(Term map, std::vector<Term>& keys, std::vector<Term>& values,
                MapOrder order = MapOrder::Iterator);

// The hash that places keys in the trie (erts' internal hash, see map_hash.cpp):
// equal (=:=) terms hash equal whatever their representation (a binary on or off
// heap, a map flat or not). Atom hashes depend on atom indices, so the value is
// meaningful within one node only.
uint32_t mapKeyHash(Term key, uint32_t salt = 0);

} // namespace pfun::vm
