#include "pfun/vm/external.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/code.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/map.h"
#include "pfun/vm/number.h"
#include "work_stack.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

namespace pfun::vm {

namespace {

enum Tag : uint8_t {
    kVersion = 131,
    kNewFloat = 70,
    kBitBinary = 77,
    kNewPid = 88,
    kNewerReference = 90,
    kSmallInteger = 97,
    kInteger = 98,
    kFloatText = 99,
    kAtomLatin1 = 100,
    kPid = 103,
    kSmallTuple = 104,
    kLargeTuple = 105,
    kNil = 106,
    kString = 107,
    kList = 108,
    kBinary = 109,
    kSmallBig = 110,
    kLargeBig = 111,
    kNewFun = 112,
    kExport = 113,
    kNewReference = 114,
    kSmallAtomLatin1 = 115,
    kMap = 116,
    kAtomUtf8 = 118,
    kSmallAtomUtf8 = 119,
    kCompressed = 80,
};

// Refuse compressed terms that claim to inflate beyond this (a zip bomb).
constexpr uint32_t kMaxInflatedBytes = uint32_t(1) << 30;

// ---------------------------------------------------------------- encoding

class Encoder {
  public:
    Encoder(const AtomTable& atoms, std::vector<uint8_t>& out, Term localNode)
        : atoms_(atoms), out_(out), localNode_(localNode) {}

    bool run(Term root) {
        out_.push_back(kVersion);
        WorkStack<Term, 64> stack;
        stack.push(root);
        std::vector<Term> scratch;
        while (!stack.empty()) {
            Term t = stack.pop();
            if (t.isNonValue()) { // a fun's free variables are written: patch its size
                auto at = static_cast<size_t>(stack.pop().small());
                uint64_t size = out_.size() - at;
                if (size > UINT32_MAX) return false;
                for (int i = 0; i < 4; ++i)
                    out_[at + i] = static_cast<uint8_t>(size >> (24 - 8 * i));
                continue;
            }
            if (t.isSmall()) {
                integer(t.small());
            } else if (t.isAtom()) {
                atom(t);
            } else if (t.isNil()) {
                out_.push_back(kNil);
            } else if (t.isLocalPid()) {
                pid(localNode_, t.pidNumber() & 0xFFFFFFFF, t.pidNumber() >> 32);
            } else if (t.isList()) {
                list(t, stack, scratch);
            } else if (t.isBoxed()) {
                if (!boxed(t, stack, scratch)) return false;
            } else {
                return false;
            }
        }
        return true;
    }

  private:
    void u8(uint64_t v) { out_.push_back(static_cast<uint8_t>(v)); }
    void u16(uint64_t v) {
        u8(v >> 8);
        u8(v);
    }
    void u32(uint64_t v) {
        u16(v >> 16);
        u16(v);
    }

    void integer(int64_t v) {
        if (v >= 0 && v <= 255) {
            u8(kSmallInteger);
            u8(static_cast<uint64_t>(v));
        } else if (v >= INT32_MIN && v <= INT32_MAX) {
            u8(kInteger);
            u32(static_cast<uint32_t>(static_cast<int32_t>(v)));
        } else {
            uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
            size_t n = (64 - std::countl_zero(mag) + 7) / 8;
            u8(kSmallBig);
            u8(n);
            u8(v < 0 ? 1 : 0);
            for (size_t i = 0; i < n; ++i)
                u8(mag >> (8 * i));
        }
    }

    void atom(Term a) {
        const std::string& name = atoms_.name(a);
        // Latin-1 if every code point is below 256 (UTF-8 lead bytes C2/C3 only).
        std::string latin1;
        bool isLatin1 = true;
        for (size_t i = 0; i < name.size(); ++i) {
            auto c = static_cast<unsigned char>(name[i]);
            if (c < 0x80) {
                latin1.push_back(static_cast<char>(c));
            } else if ((c == 0xC2 || c == 0xC3) && i + 1 < name.size()) {
                latin1.push_back(static_cast<char>(((c & 0x03) << 6) | (name[i + 1] & 0x3F)));
                ++i;
            } else {
                isLatin1 = false;
                break;
            }
        }
        if (isLatin1) {
            u8(kAtomLatin1);
            u16(latin1.size());
            out_.insert(out_.end(), latin1.begin(), latin1.end());
        } else if (name.size() < 256) {
            u8(kSmallAtomUtf8);
            u8(name.size());
            out_.insert(out_.end(), name.begin(), name.end());
        } else {
            u8(kAtomUtf8);
            u16(name.size());
            out_.insert(out_.end(), name.begin(), name.end());
        }
    }

    void pid(Term node, uint64_t id, uint64_t serial) {
        u8(kNewPid);
        atom(node);
        u32(id);
        u32(serial);
        u32(0); // creation
    }

    void list(Term t, WorkStack<Term, 64>& stack, std::vector<Term>& scratch) {
        uint64_t n = 0;
        bool bytes = true;
        Term x = t;
        for (; x.isList(); x = x.tail()) {
            ++n;
            Term h = x.head();
            if (!h.isSmall() || h.small() < 0 || h.small() > 255) bytes = false;
        }
        if (bytes && x.isNil() && n <= 65535) {
            u8(kString);
            u16(n);
            for (x = t; x.isList(); x = x.tail())
                u8(static_cast<uint64_t>(x.head().small()));
            return;
        }
        u8(kList);
        u32(n);
        scratch.clear();
        for (Term y = t; y.isList(); y = y.tail())
            scratch.push_back(y.head());
        stack.push(x); // the tail comes last
        for (size_t i = scratch.size(); i-- > 0;)
            stack.push(scratch[i]);
    }

    bool boxed(Term t, WorkStack<Term, 64>& stack, std::vector<Term>& scratch) {
        const Term* p = t.boxedPtr();
        uint64_t n = p[0].headerArity();
        switch (p[0].headerKind()) {
        case BoxKind::Tuple:
            if (n < 256) {
                u8(kSmallTuple);
                u8(n);
            } else {
                u8(kLargeTuple);
                u32(n);
            }
            for (uint64_t i = n; i >= 1; --i)
                stack.push(p[i]);
            return true;
        case BoxKind::PosBig:
        case BoxKind::NegBig: {
            int64_t small;
            if (termToInt64(t, small) && small >= INT32_MIN && small <= INT32_MAX) {
                integer(small); // never: bignums are normalised; kept for safety
                return true;
            }
            const auto* limbs = reinterpret_cast<const uint64_t*>(p + 1);
            uint64_t top = limbs[n - 1];
            size_t bytes = (n - 1) * 8 + (64 - std::countl_zero(top) + 7) / 8;
            if (bytes < 256) {
                u8(kSmallBig);
                u8(bytes);
            } else {
                u8(kLargeBig);
                u32(bytes);
            }
            u8(p[0].headerKind() == BoxKind::NegBig ? 1 : 0);
            for (size_t i = 0; i < bytes; ++i)
                u8(limbs[i / 8] >> (8 * (i % 8)));
            return true;
        }
        case BoxKind::Float: {
            u8(kNewFloat);
            uint64_t bits = p[1].raw();
            u32(bits >> 32);
            u32(bits);
            return true;
        }
        case BoxKind::HeapBin:
        case BoxKind::RefcBin:
        case BoxKind::SubBin: {
            BinaryView v = binaryView(t);
            uint64_t nbytes = (v.bitSize + 7) / 8;
            if (nbytes > UINT32_MAX) return false;
            unsigned lastBits = static_cast<unsigned>(v.bitSize % 8);
            if (lastBits == 0) {
                u8(kBinary);
                u32(nbytes);
            } else {
                u8(kBitBinary);
                u32(nbytes);
                u8(lastBits);
            }
            size_t at = out_.size();
            out_.resize(at + nbytes, 0);
            copyBits(out_.data() + at, 0, v.data, v.bitOffset, v.bitSize);
            return true;
        }
        case BoxKind::FlatMap:
        case BoxKind::HashMap: {
            std::vector<Term> keys, values;
            mapCollect(t, keys, values, MapOrder::List); // as erl writes them
            u8(kMap);
            u32(keys.size());
            for (size_t i = keys.size(); i-- > 0;) {
                stack.push(values[i]);
                stack.push(keys[i]);
            }
            return true;
        }
        case BoxKind::Export:
            u8(kExport);
            atom(p[1]);
            atom(p[2]);
            integer(p[3].small());
            return true;
        case BoxKind::Ref:
            u8(kNewerReference);
            u16(2 * n);
            atom(localNode_);
            u32(0);
            for (uint64_t i = 1; i <= n; ++i) {
                u32(p[i].raw() & 0xFFFFFFFF);
                u32(p[i].raw() >> 32);
            }
            return true;
        case BoxKind::ExtPid: pid(p[1], p[2].raw(), p[3].raw()); return true;
        case BoxKind::Fun: {
            // NEW_FUN_EXT. Uniq carries our uniq (erl's is its module's MD5), the pid
            // is a placeholder; decoding finds the lambda by module, index and uniq.
            const auto* e = reinterpret_cast<const FunEntry*>(p[1].raw());
            uint64_t nfree = n - 1;
            u8(kNewFun);
            size_t sizeAt = out_.size();
            u32(0); // patched once the free variables are written
            u8(e->arity);
            for (int i = 0; i < 4; ++i)
                u32(e->uniq);
            u32(e->index);
            u32(nfree);
            atom(e->module);
            integer(e->index);
            integer(e->uniq);
            pid(localNode_, 0, 0);
            stack.push(Term::makeSmall(static_cast<int64_t>(sizeAt)));
            stack.push(Term::nonValue());
            for (uint64_t i = nfree; i >= 1; --i)
                stack.push(p[1 + i]);
            return true;
        }
        case BoxKind::Count: break;
        }
        (void)scratch;
        return false;
    }

    const AtomTable& atoms_;
    std::vector<uint8_t>& out_;
    Term localNode_;
};

// ---------------------------------------------------------------- decoding

class Decoder {
  public:
    Decoder(Heap& heap, AtomTable& atoms, const uint8_t* data, size_t size, Term localNode,
            const FunResolver* funs)
        : heap_(heap), atoms_(atoms), p_(data), end_(data + size), begin_(data),
          localNode_(localNode), funs_(funs) {}

    size_t consumed() const { return static_cast<size_t>(p_ - begin_); }

    // Decodes one term; the version byte has already been consumed by the caller.
    Term run() {
        // Each frame is a compound under construction; `next` counts filled slots.
        while (true) {
            Term value;
            pushed_ = false;
            if (!readOne(value)) return Term::nonValue();
            if (pushed_) continue; // a compound opened: read its first element
            // `value` is complete: place it, completing frames as they fill.
            while (true) {
                if (frames_.empty()) return value;
                Frame& f = frames_.back();
                place(f, value);
                if (f.next < f.slots) break;
                value = finish(f);
                if (value.isNonValue()) return Term::nonValue();
                frames_.pop_back();
            }
        }
    }

  private:
    enum class Kind : uint8_t { Tuple, List, Map, Fun };
    struct Frame {
        Kind kind;
        Term* base;     // tuple words, cons cells or fun words
        uint64_t slots; // values expected (a list's tail is the last)
        uint64_t next;
        size_t mapAt; // first index of this map's key/value pairs in mapItems_; for a
                      // fun, the input offset where its encoding must end
    };

    bool u8(uint8_t& v) {
        if (p_ >= end_) return false;
        v = *p_++;
        return true;
    }
    bool u16(uint32_t& v) {
        if (end_ - p_ < 2) return false;
        v = (uint32_t(p_[0]) << 8) | p_[1];
        p_ += 2;
        return true;
    }
    bool u32(uint32_t& v) {
        if (end_ - p_ < 4) return false;
        v = (uint32_t(p_[0]) << 24) | (uint32_t(p_[1]) << 16) | (uint32_t(p_[2]) << 8) | p_[3];
        p_ += 4;
        return true;
    }
    size_t remaining() const { return static_cast<size_t>(end_ - p_); }

    bool push(Frame f, Term& value) {
        if (frames_.size() >= kMaxDecodeDepth) return false;
        frames_.push_back(f);
        value = Term::nonValue(); // nothing complete yet
        pushed_ = true;
        return true;
    }

    void place(Frame& f, Term value) {
        switch (f.kind) {
        case Kind::Tuple: f.base[1 + f.next] = value; break;
        case Kind::List: {
            uint64_t elems = f.slots - 1;
            if (f.next < elems)
                f.base[2 * f.next] = value;
            else
                f.base[2 * elems - 1] = value; // the tail
            break;
        }
        case Kind::Map: mapItems_.push_back(value); break;
        case Kind::Fun: f.base[2 + f.next] = value; break;
        }
        ++f.next;
    }

    Term finish(Frame& f) {
        switch (f.kind) {
        case Kind::Tuple: return Term::makeBoxed(f.base);
        case Kind::Fun:
            if (consumed() != f.mapAt) return Term::nonValue(); // Size lied
            return Term::makeBoxed(f.base);
        case Kind::List: return Term::makeCons(f.base);
        case Kind::Map: {
            size_t n = (mapItems_.size() - f.mapAt) / 2;
            std::vector<Term> keys(n), values(n);
            for (size_t i = 0; i < n; ++i) {
                keys[i] = mapItems_[f.mapAt + 2 * i];
                values[i] = mapItems_[f.mapAt + 2 * i + 1];
            }
            mapItems_.resize(f.mapAt);
            Term m = mapNew(heap_, keys, values, atoms_);
            if (mapSize(m) != n) return Term::nonValue(); // duplicate keys: erl refuses
            return m;
        }
        }
        return Term::nonValue();
    }

    // Reads one encoded term. Atomic terms come back in `value`; a compound pushes
    // a frame and leaves `value` as nonValue, unless it is empty (then it is complete).
    bool readOne(Term& value) {
        uint8_t tag;
        if (!u8(tag)) return false;
        switch (tag) {
        case kSmallInteger: {
            uint8_t v;
            if (!u8(v)) return false;
            value = Term::makeSmall(v);
            return true;
        }
        case kInteger: {
            uint32_t v;
            if (!u32(v)) return false;
            value = Term::makeSmall(static_cast<int32_t>(v));
            return true;
        }
        case kSmallBig:
        case kLargeBig: {
            uint32_t n;
            uint8_t n8, sign;
            if (tag == kSmallBig) {
                if (!u8(n8)) return false;
                n = n8;
            } else if (!u32(n)) {
                return false;
            }
            if (!u8(sign) || sign > 1 || n > remaining() || n > kMaxBigLimbs * 8) return false;
            value = makeIntegerFromBytes(heap_, sign != 0, p_, n);
            p_ += n;
            return !value.isNonValue();
        }
        case kNewFloat: {
            if (remaining() < 8) return false;
            uint64_t bits = 0;
            for (int i = 0; i < 8; ++i)
                bits = (bits << 8) | *p_++;
            double d = std::bit_cast<double>(bits);
            if (!std::isfinite(d)) return false;
            value = makeFloat(heap_, d);
            return true;
        }
        case kFloatText: {
            if (remaining() < 31) return false;
            std::string text(reinterpret_cast<const char*>(p_), 31);
            p_ += 31;
            text = text.c_str(); // up to the first NUL
            char* endp = nullptr;
            double d = std::strtod(text.c_str(), &endp);
            if (endp == text.c_str() || !std::isfinite(d)) return false;
            value = makeFloat(heap_, d);
            return true;
        }
        case kAtomLatin1:
        case kSmallAtomLatin1:
        case kAtomUtf8:
        case kSmallAtomUtf8: return atomBody(tag, value);
        case kNil: value = Term::nil(); return true;
        case kString: {
            uint32_t n;
            if (!u16(n) || n > remaining()) return false;
            std::string_view bytes(reinterpret_cast<const char*>(p_), n);
            p_ += n;
            value = makeStringList(heap_, bytes);
            return true;
        }
        case kSmallTuple:
        case kLargeTuple: {
            uint32_t n;
            uint8_t n8;
            if (tag == kSmallTuple) {
                if (!u8(n8)) return false;
                n = n8;
            } else if (!u32(n)) {
                return false;
            }
            if (n > remaining()) return false; // each element takes at least a byte
            Term* t = heap_.alloc(1 + n);
            t[0] = Term::makeHeader(BoxKind::Tuple, n);
            for (uint32_t i = 1; i <= n; ++i)
                t[i] = Term::nil(); // well-formed if we fail
            if (n == 0) {
                value = Term::makeBoxed(t);
                return true;
            }
            return push({Kind::Tuple, t, n, 0, 0}, value);
        }
        case kList: {
            uint32_t n;
            if (!u32(n) || n >= remaining()) return false; // n elements and a tail
            if (n == 0) return false;                      // erl never writes an empty LIST_EXT
            Term* cells = heap_.alloc(2 * uint64_t(n));
            for (uint64_t i = 0; i < n; ++i) {
                cells[2 * i] = Term::nil();
                cells[2 * i + 1] = i + 1 < n ? Term::makeCons(cells + 2 * (i + 1)) : Term::nil();
            }
            return push({Kind::List, cells, uint64_t(n) + 1, 0, 0}, value);
        }
        case kBinary: {
            uint32_t n;
            if (!u32(n) || n > remaining()) return false;
            value = makeBinary(heap_, p_, n);
            p_ += n;
            return true;
        }
        case kBitBinary: {
            uint32_t n;
            uint8_t bits;
            if (!u32(n) || !u8(bits) || n > remaining()) return false;
            if (n == 0 ? bits != 0 : (bits < 1 || bits > 8)) return false;
            uint64_t total = n == 0 ? 0 : (uint64_t(n) - 1) * 8 + bits;
            value = makeBitstring(heap_, p_, 0, total);
            p_ += n;
            return true;
        }
        case kMap: {
            uint32_t n;
            if (!u32(n) || uint64_t(n) * 2 > remaining()) return false;
            if (n == 0) {
                value = mapEmpty(heap_);
                return true;
            }
            return push({Kind::Map, nullptr, uint64_t(n) * 2, 0, mapItems_.size()}, value);
        }
        case kNewPid:
        case kPid: {
            Term node;
            uint32_t id, serial, creation;
            uint8_t creation8;
            if (!atomTerm(node) || !u32(id) || !u32(serial)) return false;
            if (tag == kPid ? !u8(creation8) : !u32(creation)) return false;
            if (node == localNode_) {
                value = Term::makeLocalPid(id | (uint64_t(serial) << 32));
            } else {
                Term* p = heap_.alloc(4);
                p[0] = Term::makeHeader(BoxKind::ExtPid, 3);
                p[1] = node;
                p[2] = Term::fromRaw(id);
                p[3] = Term::fromRaw(serial);
                value = Term::makeBoxed(p);
            }
            return true;
        }
        case kNewerReference:
        case kNewReference: {
            uint32_t len, creation;
            uint8_t creation8;
            Term node;
            if (!u16(len) || len < 1 || len > 5 || !atomTerm(node)) return false;
            if (tag == kNewReference ? !u8(creation8) : !u32(creation)) return false;
            if (remaining() < 4 * size_t(len)) return false;
            uint64_t words = (len + 1) / 2;
            Term* p = heap_.alloc(1 + words);
            p[0] = Term::makeHeader(BoxKind::Ref, words);
            for (uint64_t i = 0; i < words; ++i) {
                uint32_t lo = 0, hi = 0;
                u32(lo);
                if (2 * i + 1 < len) u32(hi);
                p[1 + i] = Term::fromRaw(lo | (uint64_t(hi) << 32));
            }
            value = Term::makeBoxed(p);
            return true;
        }
        case kNewFun: return readFun(value);
        case kExport: {
            Term mod, fun;
            uint8_t t, arity;
            if (!atomTerm(mod) || !atomTerm(fun) || !u8(t) || t != kSmallInteger || !u8(arity))
                return false;
            Term* p = heap_.alloc(4);
            p[0] = Term::makeHeader(BoxKind::Export, 3);
            p[1] = mod;
            p[2] = fun;
            p[3] = Term::makeSmall(arity);
            value = Term::makeBoxed(p);
            return true;
        }
        default: return false;
        }
    }

    // SMALL_INTEGER_EXT or INTEGER_EXT, read in place (NEW_FUN_EXT's OldIndex/OldUniq).
    bool smallInteger(int64_t& v) {
        uint8_t tag, b;
        uint32_t w;
        if (!u8(tag)) return false;
        if (tag == kSmallInteger && u8(b)) {
            v = b;
            return true;
        }
        if (tag == kInteger && u32(w)) {
            v = static_cast<int32_t>(w);
            return true;
        }
        return false;
    }

    // A pid read in place and dropped (a fun's creator).
    bool skipPid() {
        uint8_t tag, c8;
        uint32_t id, serial, creation;
        Term node;
        if (!u8(tag) || (tag != kNewPid && tag != kPid) || !atomTerm(node)) return false;
        return u32(id) && u32(serial) && (tag == kNewPid ? u32(creation) : u8(c8));
    }

    // NEW_FUN_EXT: a local fun of a module loaded here, found through the resolver
    // (none: not decodable). Its free variables follow as ordinary terms.
    bool readFun(Term& value) {
        size_t start = consumed();
        uint32_t size, index, numFree;
        uint8_t arity;
        if (!u32(size) || size < 4 || size - 4 > remaining() || !u8(arity) || remaining() < 16)
            return false;
        p_ += 16; // Uniq: the uniq we need comes again as OldUniq
        Term module;
        int64_t oldIndex, oldUniq;
        if (!u32(index) || !u32(numFree) || !atomTerm(module) || !smallInteger(oldIndex) ||
            !smallInteger(oldUniq) || !skipPid())
            return false;
        if (!funs_ || !*funs_ || numFree > remaining()) return false;
        const FunEntry* e = (*funs_)(module, index, static_cast<uint32_t>(oldUniq));
        if (!e || e->arity != arity || e->numFree != numFree) return false;
        Term* f = heap_.alloc(2 + numFree);
        f[0] = Term::makeHeader(BoxKind::Fun, 1 + numFree);
        f[1] = Term::fromRaw(reinterpret_cast<uint64_t>(e));
        if (numFree == 0) {
            if (consumed() != start + size) return false;
            value = Term::makeBoxed(f);
            return true;
        }
        for (uint32_t i = 0; i < numFree; ++i)
            f[2 + i] = Term::nil(); // a collection before the frame fills sees valid words
        return push({Kind::Fun, f, numFree, 0, start + size}, value);
    }

    bool atomTerm(Term& out) {
        uint8_t tag;
        if (!u8(tag)) return false;
        if (tag != kAtomLatin1 && tag != kSmallAtomLatin1 && tag != kAtomUtf8 &&
            tag != kSmallAtomUtf8)
            return false;
        return atomBody(tag, out);
    }

    bool atomBody(uint8_t tag, Term& out) {
        uint32_t n;
        uint8_t n8;
        if (tag == kSmallAtomLatin1 || tag == kSmallAtomUtf8) {
            if (!u8(n8)) return false;
            n = n8;
        } else if (!u16(n)) {
            return false;
        }
        if (n > remaining()) return false;
        const uint8_t* s = p_;
        p_ += n;
        std::string name;
        if (tag == kAtomLatin1 || tag == kSmallAtomLatin1) {
            if (n > AtomTable::kMaxAtomLength) return false;
            for (uint32_t i = 0; i < n; ++i) {
                uint8_t c = s[i];
                if (c < 0x80) {
                    name.push_back(static_cast<char>(c));
                } else {
                    name.push_back(static_cast<char>(0xC0 | (c >> 6)));
                    name.push_back(static_cast<char>(0x80 | (c & 0x3F)));
                }
            }
        } else {
            if (!validUtf8(s, n)) return false;
            name.assign(reinterpret_cast<const char*>(s), n);
        }
        auto atom = atoms_.intern(name);
        if (!atom) return false;
        out = *atom;
        return true;
    }

    // Well-formed UTF-8 of at most kMaxAtomLength code points.
    static bool validUtf8(const uint8_t* s, size_t n) {
        size_t chars = 0;
        for (size_t i = 0; i < n; ++chars) {
            uint8_t c = s[i];
            size_t len;
            uint32_t cp, min;
            if (c < 0x80) {
                len = 1, cp = c, min = 0;
            } else if ((c & 0xE0) == 0xC0) {
                len = 2, cp = c & 0x1F, min = 0x80;
            } else if ((c & 0xF0) == 0xE0) {
                len = 3, cp = c & 0x0F, min = 0x800;
            } else if ((c & 0xF8) == 0xF0) {
                len = 4, cp = c & 0x07, min = 0x10000;
            } else {
                return false;
            }
            if (i + len > n) return false;
            for (size_t k = 1; k < len; ++k) {
                if ((s[i + k] & 0xC0) != 0x80) return false;
                cp = (cp << 6) | (s[i + k] & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
            i += len;
        }
        return chars <= AtomTable::kMaxAtomLength;
    }

    Heap& heap_;
    AtomTable& atoms_;
    const uint8_t* p_;
    const uint8_t* end_;
    const uint8_t* begin_;
    Term localNode_;
    const FunResolver* funs_;
    std::vector<Frame> frames_;
    std::vector<Term> mapItems_;
    bool pushed_ = false;
};

} // namespace

bool encodeTerm(Term t, const AtomTable& atoms, std::vector<uint8_t>& out, Term localNode) {
    Encoder e(atoms, out, localNode);
    return e.run(t);
}

Term termToBinary(Heap& heap, Term t, const AtomTable& atoms, Term localNode) {
    std::vector<uint8_t> out;
    if (!encodeTerm(t, atoms, out, localNode)) return Term::nonValue();
    return makeBinary(heap, out.data(), out.size());
}

Term binaryToTerm(Heap& heap, const uint8_t* data, size_t size, AtomTable& atoms, size_t* used,
                  Term localNode, const FunResolver* funs) {
    if (!data || size < 2 || data[0] != kVersion) return Term::nonValue();
    if (data[1] == kCompressed) {
        if (size < 6) return Term::nonValue();
        uint32_t inflated = (uint32_t(data[2]) << 24) | (uint32_t(data[3]) << 16) |
                            (uint32_t(data[4]) << 8) | data[5];
        if (inflated == 0 || inflated > kMaxInflatedBytes) return Term::nonValue();
        std::vector<uint8_t> plain(inflated);
        z_stream z{};
        if (inflateInit(&z) != Z_OK) return Term::nonValue();
        z.next_in = const_cast<uint8_t*>(data + 6);
        z.avail_in = static_cast<uInt>(std::min<size_t>(size - 6, UINT32_MAX));
        z.next_out = plain.data();
        z.avail_out = inflated;
        int rc = inflate(&z, Z_FINISH);
        size_t consumedIn = 6 + (size - 6 - z.avail_in);
        bool ok = rc == Z_STREAM_END && z.avail_out == 0;
        inflateEnd(&z);
        if (!ok) return Term::nonValue();
        Decoder d(heap, atoms, plain.data(), plain.size(), localNode, funs);
        Term t = d.run();
        if (t.isNonValue() || d.consumed() != plain.size()) return Term::nonValue();
        if (used)
            *used = consumedIn;
        else if (consumedIn != size)
            return Term::nonValue();
        return t;
    }
    Decoder d(heap, atoms, data + 1, size - 1, localNode, funs);
    Term t = d.run();
    if (t.isNonValue()) return t;
    if (used)
        *used = 1 + d.consumed();
    else if (1 + d.consumed() != size)
        return Term::nonValue();
    return t;
}

bool encodeTermCompressed(Term t, const AtomTable& atoms, std::vector<uint8_t>& out, int level,
                          Term localNode) {
    std::vector<uint8_t> plain;
    if (!encodeTerm(t, atoms, plain, localNode)) return false;
    if (level <= 0 || level > 9) {
        out.insert(out.end(), plain.begin(), plain.end());
        return true;
    }
    // Compress everything after the version byte; keep the result only if it is
    // smaller, as erl does.
    size_t bodySize = plain.size() - 1;
    uLongf destLen = compressBound(static_cast<uLong>(bodySize));
    std::vector<uint8_t> packed(6 + destLen);
    if (bodySize <= UINT32_MAX &&
        compress2(packed.data() + 6, &destLen, plain.data() + 1, static_cast<uLong>(bodySize),
                  level) == Z_OK &&
        6 + destLen < plain.size()) {
        packed[0] = kVersion;
        packed[1] = kCompressed;
        packed[2] = static_cast<uint8_t>(bodySize >> 24);
        packed[3] = static_cast<uint8_t>(bodySize >> 16);
        packed[4] = static_cast<uint8_t>(bodySize >> 8);
        packed[5] = static_cast<uint8_t>(bodySize);
        out.insert(out.end(), packed.begin(), packed.begin() + static_cast<long>(6 + destLen));
        return true;
    }
    out.insert(out.end(), plain.begin(), plain.end());
    return true;
}

} // namespace pfun::vm
