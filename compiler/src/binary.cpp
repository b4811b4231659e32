// Bit syntax: segment descriptors and binary construction.
//
// Descriptor convention (isa.h, BS_BUILD/BS_GET): a segment is described by the
// literal tuple {Type, Unit, Flags}: Type one of the atoms integer | float | binary |
// bitstring | utf8 | utf16 | utf32, Unit a small integer, Flags a small integer
// bitset (1 little, 2 signed, 4 native). A size register holds a small integer, the
// atom `all` (matching: the rest), or `undefined` (the type's default size).
#include "pfun/vm/binary.h"
#include "codegen.h"

namespace pfun::compiler {

using vm::Term;

FunctionGen::SegInfo FunctionGen::segInfo(const BinSegment& s) {
    SegInfo info;
    std::string type = "integer";
    int unit = -1;
    for (const std::string& spec : s.specs) {
        if (spec == "integer" || spec == "float" || spec == "binary" || spec == "bitstring" ||
            spec == "utf8" || spec == "utf16" || spec == "utf32") {
            type = spec;
        } else if (spec == "bytes") {
            type = "binary";
        } else if (spec == "bits") {
            type = "bitstring";
        } else if (spec == "little") {
            info.flags |= 1;
        } else if (spec == "signed") {
            info.flags |= 2;
        } else if (spec == "native") {
            info.flags |= 4;
        } else if (spec.rfind("unit:", 0) == 0) {
            unit = std::atoi(spec.c_str() + 5);
        } else if (spec == "big" || spec == "unsigned") {
            // defaults
        } else {
            error(s.loc, "unknown bit syntax type specifier '" + spec + "'");
        }
    }
    info.type = m.atom(type);
    info.isBinaryType = type == "binary" || type == "bitstring";
    info.isUtf = type.rfind("utf", 0) == 0;
    info.isFloat = type == "float";
    info.unit = unit >= 0 ? uint32_t(unit) : (type == "binary" ? 8u : 1u);
    return info;
}

Term FunctionGen::segDescriptor(const SegInfo& s) {
    return m.litTuple({s.type, Term::makeSmall(s.unit), Term::makeSmall(s.flags)});
}

void FunctionGen::binaryExpr(const Expr& e, Env& env, Dest d) {
    struct Seg {
        const Expr* value = nullptr; // or
        Term constValue;
        const Expr* size = nullptr;
        int64_t constSize = -1; // >= 0: a known size
        SegInfo info;
    };
    std::vector<Seg> segs;
    for (const BinSegment& s : e.segments) {
        SegInfo info = segInfo(s);
        if (s.value && s.value->kind == ExprKind::String && !s.size && !info.isUtf &&
            (s.specs.empty() || (s.specs.size() == 1 && s.specs[0] == "integer"))) {
            // A plain string segment: its bytes as binary literals of at most 64 bytes
            // (heap binaries), so long strings do not need one segment per character.
            const std::u32string& str = s.value->str;
            for (size_t at = 0; at < str.size(); at += vm::kHeapBinMaxBytes) {
                std::vector<uint8_t> bytes;
                for (size_t i = at; i < str.size() && i < at + vm::kHeapBinMaxBytes; ++i)
                    bytes.push_back(uint8_t(str[i] & 0xff));
                Seg g;
                g.constValue = vm::makeBinary(m.mc.literalHeap, bytes.data(), bytes.size());
                g.info = SegInfo{};
                g.info.type = m.atom("binary");
                g.info.unit = 8;
                g.info.isBinaryType = true;
                segs.push_back(g);
            }
            continue;
        }
        if (s.value && s.value->kind == ExprKind::String) {
            // "abc" is three 8-bit integers (or three code points with /utf8).
            for (char32_t ch : s.value->str) {
                Seg g;
                g.constValue = Term::makeSmall(int64_t(ch));
                g.info = info;
                if (!info.isUtf) {
                    g.info = SegInfo{};
                    g.info.type = m.atom("integer");
                    g.info.flags = info.flags;
                    if (s.size)
                        g.size = s.size.get();
                    else
                        g.constSize = 8;
                    if (s.size) g.info.unit = info.unit;
                }
                segs.push_back(g);
            }
            continue;
        }
        Seg g;
        g.value = s.value.get();
        g.size = s.size.get();
        g.info = info;
        segs.push_back(g);
    }
    if (segs.size() > 255) {
        error(e.loc, "binary too large to build (more than 255 segments)");
        return;
    }
    Reg saved = top;
    uint32_t n = uint32_t(segs.size());
    Reg base = alloc(std::max<uint32_t>(2 * n, 1));
    std::vector<Term> descs;
    for (uint32_t i = 0; i < n; ++i) {
        Seg& g = segs[i];
        if (g.value) {
            exprInto(*g.value, env, base + 2 * i);
        } else if (!g.constValue.isSmall()) {
            as.emit(Opcode::LOADK, base + 2 * i, 0, 0, {Word::val(as.literal(g.constValue))});
        } else {
            as.emit(Opcode::LOADI, base + 2 * i, 0, 0,
                    {Word::val(uint32_t(int32_t(g.constValue.small())))});
        }
        release(base + 2 * n, env);
        if (g.size) {
            exprInto(*g.size, env, base + 2 * i + 1);
            release(base + 2 * n, env);
        } else if (g.constSize >= 0) {
            as.emit(Opcode::LOADI, base + 2 * i + 1, 0, 0, {Word::val(uint32_t(g.constSize))});
        } else {
            as.emit(Opcode::LOADK, base + 2 * i + 1, 0, 0,
                    {Word::val(as.literal(vm::atoms::kUndefined))});
        }
        descs.push_back(segDescriptor(g.info));
    }
    Reg r = d.tail ? alloc() : d.reg;
    setLine(e.loc);
    as.emit(Opcode::BS_BUILD, r, base, n,
            {Word::val(as.literal(m.litTuple(descs))), Word::label(guardFail)});
    finish(d, r);
    release(saved, env);
}

} // namespace pfun::compiler
