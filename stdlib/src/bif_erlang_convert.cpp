// erlang's conversions between numbers, atoms, lists and binaries, with erl's errors
// (badarg for anything malformed, system_limit for atoms that are too long).
#include "bif_util.h"
#include "chars.h"
#include "pfun/stdlib/format.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/distribution.h"
#include "pfun/vm/float_format.h"
#include "pfun/vm/number.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;
namespace atoms = vm::atoms;

namespace {

Term makeBytes(Process& p, std::string_view bytes) {
    return vm::makeBinary(p.heap(), reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

// The bytes of a binary (not a bitstring with a partial byte); false otherwise.
bool binaryBytes(Term t, std::string& out) {
    if (!vm::isBinaryTerm(t)) return false;
    out = bitstringBytes(t).bytes;
    return true;
}

// A flat list of ASCII characters as text (for number parsing); false otherwise.
bool asciiString(Term t, std::string& out) {
    Chars cs;
    if (!flatString(t, cs)) return false;
    for (char32_t c : cs) {
        if (c > 127) return false;
        out.push_back(static_cast<char>(c));
    }
    return true;
}

bool baseArg(Term t, int& base) {
    if (!t.isSmall() || t.small() < 2 || t.small() > 36) return false;
    base = static_cast<int>(t.small());
    return true;
}

// ---- integers ----

Term integerToList(Process& p, Term i, int base) {
    if (!i.isInteger()) return p.badarg();
    return vm::makeStringList(p.heap(), integerText(i, base));
}
Term integerToList1(Process& p, const Term* a) {
    return integerToList(p, a[0], 10);
}
Term integerToList2(Process& p, const Term* a) {
    int base;
    if (!baseArg(a[1], base)) return p.badarg();
    return integerToList(p, a[0], base);
}
Term integerToBinary(Process& p, Term i, int base) {
    if (!i.isInteger()) return p.badarg();
    return makeBytes(p, integerText(i, base));
}
Term integerToBinary1(Process& p, const Term* a) {
    return integerToBinary(p, a[0], 10);
}
Term integerToBinary2(Process& p, const Term* a) {
    int base;
    if (!baseArg(a[1], base)) return p.badarg();
    return integerToBinary(p, a[0], base);
}

Term parseInt(Process& p, const std::string& text, int base) {
    Term r = vm::parseInteger(p.heap(), text, base);
    return r.isNonValue() ? p.badarg() : r;
}
Term listToInteger1(Process& p, const Term* a) {
    std::string s;
    if (!asciiString(a[0], s)) return p.badarg();
    return parseInt(p, s, 10);
}
Term listToInteger2(Process& p, const Term* a) {
    std::string s;
    int base;
    if (!asciiString(a[0], s) || !baseArg(a[1], base)) return p.badarg();
    return parseInt(p, s, base);
}
Term binaryToInteger1(Process& p, const Term* a) {
    std::string s;
    if (!binaryBytes(a[0], s)) return p.badarg();
    return parseInt(p, s, 10);
}
Term binaryToInteger2(Process& p, const Term* a) {
    std::string s;
    int base;
    if (!binaryBytes(a[0], s) || !baseArg(a[1], base)) return p.badarg();
    return parseInt(p, s, base);
}

// ---- floats ----

// Erlang's float syntax: [+-]digits.digits[(e|E)[+-]digits], nothing else.
bool parseFloat(const std::string& s, double& out) {
    size_t i = 0, n = s.size();
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    auto digits = [&] {
        size_t b = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            ++i;
        return i > b;
    };
    if (!digits()) return false;
    if (i >= n || s[i] != '.') return false;
    ++i;
    if (!digits()) return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digits()) return false;
    }
    if (i != n) return false;
    out = std::strtod(s.c_str(), nullptr);
    return std::isfinite(out);
}
Term listToFloat(Process& p, const Term* a) {
    std::string s;
    double d;
    if (!asciiString(a[0], s) || !parseFloat(s, d)) return p.badarg();
    return vm::makeFloat(p.heap(), d);
}
Term binaryToFloat(Process& p, const Term* a) {
    std::string s;
    double d;
    if (!binaryBytes(a[0], s) || !parseFloat(s, d)) return p.badarg();
    return vm::makeFloat(p.heap(), d);
}

// float_to_list(F, [{decimals, N}]): exact decimal digits rounded half away from
// zero (erl prints 0.125 with 2 decimals as "0.13" and 2.675 as "2.67").
std::string fixedDecimals(double d, int decimals, bool compact) {
    std::string buf(static_cast<size_t>(decimals) + 26 + 400, '\0');
    int n = std::snprintf(buf.data(), buf.size(), "%.*f", decimals + 26, std::fabs(d));
    buf.resize(static_cast<size_t>(n));
    size_t point = buf.find('.');
    std::string intPart = buf.substr(0, point);
    std::string frac = buf.substr(point + 1);
    bool up = frac[static_cast<size_t>(decimals)] >= '5';
    std::string digits = intPart + frac.substr(0, static_cast<size_t>(decimals));
    if (up) {
        size_t k = digits.size();
        while (k > 0) {
            --k;
            if (digits[k] == '9') {
                digits[k] = '0';
            } else {
                ++digits[k];
                break;
            }
            if (k == 0) {
                digits.insert(digits.begin(), '1');
                break;
            }
        }
    }
    size_t intLen = digits.size() - static_cast<size_t>(decimals);
    std::string out = digits.substr(0, intLen);
    if (decimals > 0) {
        std::string f = digits.substr(intLen);
        if (compact) {
            while (f.size() > 1 && f.back() == '0')
                f.pop_back();
        }
        out += "." + f;
    }
    if (std::signbit(d)) out = "-" + out;
    return out;
}

// The text of float_to_list/2 and float_to_binary/2; false for bad options.
bool floatText(Process& p, Term f, Term opts, std::string& out) {
    if (!f.isFloat() || properLength(opts) < 0) return false;
    double d = f.floatValue();
    int decimals = -1, scientific = -1;
    bool compact = false, shortest = false;
    for (Term l = opts; l.isList(); l = l.tail()) {
        Term o = l.head();
        if (o == atom(p, "compact")) {
            compact = true;
        } else if (o == atom(p, "short")) {
            shortest = true;
            decimals = scientific = -1;
        } else if (o.isTuple() && o.tupleArity() == 2 && o.element(1).isSmall()) {
            int64_t n = o.element(1).small();
            if (o.element(0) == atom(p, "decimals") && n >= 0 && n <= 253) {
                decimals = static_cast<int>(n);
                scientific = -1;
                shortest = false;
            } else if (o.element(0) == atom(p, "scientific") && n >= 0 && n <= 249) {
                scientific = static_cast<int>(n);
                decimals = -1;
                shortest = false;
            } else {
                return false;
            }
        } else {
            return false;
        }
    }
    if (shortest) {
        out = vm::formatFloatShortest(d);
    } else if (decimals >= 0) {
        out = fixedDecimals(d, decimals, compact);
    } else {
        char buf[512];
        int n = std::snprintf(buf, sizeof buf, "%.*e", scientific >= 0 ? scientific : 20, d);
        out.assign(buf, static_cast<size_t>(n));
    }
    return true;
}

Term floatToList1(Process& p, const Term* a) {
    if (!a[0].isFloat()) return p.badarg();
    return vm::makeStringList(p.heap(), vm::floatToListDefault(a[0].floatValue()));
}
Term floatToList2(Process& p, const Term* a) {
    std::string s;
    if (!floatText(p, a[0], a[1], s)) return p.badarg();
    return vm::makeStringList(p.heap(), s);
}
Term floatToBinary1(Process& p, const Term* a) {
    if (!a[0].isFloat()) return p.badarg();
    return makeBytes(p, vm::floatToListDefault(a[0].floatValue()));
}
Term floatToBinary2(Process& p, const Term* a) {
    std::string s;
    if (!floatText(p, a[0], a[1], s)) return p.badarg();
    return makeBytes(p, s);
}

// ---- atoms ----

Term internOrLimit(Process& p, const Chars& name) {
    if (name.size() > vm::AtomTable::kMaxAtomLength) return p.error(atoms::kSystemLimit);
    auto a = p.runtime().atoms().intern(encodeUtf8(name));
    if (!a) return p.error(atoms::kSystemLimit);
    return *a;
}

Term atomToList(Process& p, const Term* a) {
    if (!a[0].isAtom()) return p.badarg();
    return vm::makeCharList(p.heap(), atomChars(p.runtime().atoms(), a[0]));
}
Term listToAtom(Process& p, const Term* a) {
    Chars cs;
    if (!flatString(a[0], cs)) return p.badarg();
    return internOrLimit(p, cs);
}
Term listToExistingAtom(Process& p, const Term* a) {
    Chars cs;
    if (!flatString(a[0], cs)) return p.badarg();
    auto found = p.runtime().atoms().find(encodeUtf8(cs));
    if (!found) return p.badarg();
    return *found;
}

// Encoding argument: latin1, unicode or utf8; false for anything else.
bool encodingArg(Process& p, Term t, bool& latin1) {
    if (t == atom(p, "latin1"))
        latin1 = true;
    else if (t == atom(p, "unicode") || t == atom(p, "utf8"))
        latin1 = false;
    else
        return false;
    return true;
}

Term atomToBinary(Process& p, Term at, bool latin1) {
    if (!at.isAtom()) return p.badarg();
    if (!latin1) return makeBytes(p, p.runtime().atoms().name(at));
    Chars cs = atomChars(p.runtime().atoms(), at);
    std::string bytes;
    for (char32_t c : cs) {
        if (c > 255) return p.badarg();
        bytes.push_back(static_cast<char>(c));
    }
    return makeBytes(p, bytes);
}
Term atomToBinary1(Process& p, const Term* a) {
    return atomToBinary(p, a[0], false);
}
Term atomToBinary2(Process& p, const Term* a) {
    bool latin1;
    if (!encodingArg(p, a[1], latin1)) return p.badarg();
    return atomToBinary(p, a[0], latin1);
}

bool binaryAtomName(Term bin, bool latin1, Chars& out) {
    std::string bytes;
    if (!binaryBytes(bin, bytes)) return false;
    if (latin1) {
        for (char c : bytes)
            out.push_back(static_cast<unsigned char>(c));
        return true;
    }
    out = decodeUtf8(bytes);
    return encodeUtf8(out) == bytes; // invalid UTF-8 is badarg
}
Term binaryToAtom(Process& p, Term bin, bool latin1, bool existing) {
    Chars cs;
    if (!binaryAtomName(bin, latin1, cs)) return p.badarg();
    if (!existing) return internOrLimit(p, cs);
    auto found = p.runtime().atoms().find(encodeUtf8(cs));
    if (!found) return p.badarg();
    return *found;
}
Term binaryToAtom1(Process& p, const Term* a) {
    return binaryToAtom(p, a[0], false, false);
}
Term binaryToAtom2(Process& p, const Term* a) {
    bool latin1;
    if (!encodingArg(p, a[1], latin1)) return p.badarg();
    return binaryToAtom(p, a[0], latin1, false);
}
Term binaryToExistingAtom1(Process& p, const Term* a) {
    return binaryToAtom(p, a[0], false, true);
}
Term binaryToExistingAtom2(Process& p, const Term* a) {
    bool latin1;
    if (!encodingArg(p, a[1], latin1)) return p.badarg();
    return binaryToAtom(p, a[0], latin1, true);
}

// ---- binaries and lists ----

Term binaryToList1(Process& p, const Term* a) {
    std::string bytes;
    if (!binaryBytes(a[0], bytes)) return p.badarg();
    return vm::makeStringList(p.heap(), bytes);
}
Term binaryToList3(Process& p, const Term* a) {
    std::string bytes;
    if (!binaryBytes(a[0], bytes) || !a[1].isSmall() || !a[2].isSmall()) return p.badarg();
    int64_t from = a[1].small(), to = a[2].small();
    auto size = static_cast<int64_t>(bytes.size());
    if (from < 1 || to < from || to > size) return p.badarg();
    return vm::makeStringList(p.heap(),
                              std::string_view(bytes).substr(static_cast<size_t>(from - 1),
                                                             static_cast<size_t>(to - from + 1)));
}
Term bitstringToList(Process& p, const Term* a) {
    if (!a[0].isBitstring()) return p.badarg();
    BitstringBytes bb = bitstringBytes(a[0]);
    Term tail = Term::nil();
    if (bb.tailBits) {
        vm::BinaryView v = vm::binaryView(a[0]);
        tail = vm::makeList(
            p.heap(), {vm::makeSubBinary(p.heap(), a[0], v.bitSize - bb.tailBits, bb.tailBits)});
    }
    std::vector<Term> elems;
    elems.reserve(bb.bytes.size());
    for (char c : bb.bytes)
        elems.push_back(Term::makeSmall(static_cast<unsigned char>(c)));
    return vm::makeList(p.heap(), elems, tail);
}

Term listToBinary(Process& p, const Term* a) {
    std::string bytes;
    if (!a[0].isListOrNil() || !collectIolist(a[0], bytes)) return p.badarg();
    return makeBytes(p, bytes);
}
Term iolistToBinary(Process& p, const Term* a) {
    if (vm::isBinaryTerm(a[0])) return a[0];
    return listToBinary(p, a);
}
Term iolistSize(Process& p, const Term* a) {
    std::string bytes;
    if (!collectIolist(a[0], bytes)) return p.badarg();
    return vm::makeInteger(p.heap(), static_cast<int64_t>(bytes.size()));
}

// list_to_bitstring: like list_to_binary, but bitstrings may have partial bytes.
Term listToBitstring(Process& p, const Term* a) {
    if (!a[0].isListOrNil()) return p.badarg();
    std::vector<uint8_t> bits; // one entry per byte, filled bit by bit
    uint64_t nbits = 0;
    auto appendBits = [&](const uint8_t* data, uint64_t offset, uint64_t count) {
        bits.resize((nbits + count + 7) / 8 + 1, 0);
        vm::copyBits(bits.data(), nbits, data, offset, count);
        nbits += count;
    };
    std::vector<Term> stack{a[0]};
    while (!stack.empty()) {
        Term cur = stack.back();
        stack.pop_back();
        while (!cur.isNil()) {
            if (cur.isBitstring()) {
                vm::BinaryView v = vm::binaryView(cur);
                appendBits(v.data, v.bitOffset, v.bitSize);
                break;
            }
            if (!cur.isList()) return p.badarg();
            Term h = cur.head();
            if (h.isSmall() && h.small() >= 0 && h.small() <= 255) {
                auto b = static_cast<uint8_t>(h.small());
                appendBits(&b, 0, 8);
            } else if (h.isList() || h.isNil() || h.isBitstring()) {
                stack.push_back(cur.tail());
                cur = h;
                continue;
            } else {
                return p.badarg();
            }
            cur = cur.tail();
        }
    }
    return vm::makeBitstring(p.heap(), bits.data(), 0, nbits);
}

Term pidToList(Process& p, const Term* a) {
    if (!a[0].isPid()) return p.badarg();
    Chars out;
    writePid(out, p.runtime().atoms(), a[0]);
    return vm::makeCharList(p.heap(), out);
}
// "<0.N.0>" is the local process N; "<I.N.S>" a process of the node whose atom has
// index I - 1 (how pid_to_list/1 writes pids of other nodes).
Term listToPid(Process& p, const Term* a) {
    Chars cs;
    if (!flatString(a[0], cs) || cs.size() < 7 || cs.front() != '<' || cs.back() != '>')
        return p.badarg();
    uint64_t part[3] = {0, 0, 0};
    size_t k = 0, digits = 0;
    for (size_t i = 1; i + 1 < cs.size(); ++i) {
        uint32_t c = cs[i];
        if (c == '.') {
            if (digits == 0 || ++k > 2) return p.badarg();
            digits = 0;
        } else if (c >= '0' && c <= '9' && digits < 18) {
            part[k] = part[k] * 10 + (c - '0');
            ++digits;
        } else {
            return p.badarg();
        }
    }
    if (k != 2 || digits == 0) return p.badarg();
    if (part[0] == 0) {
        if (part[2] != 0 || (part[1] >> 58)) return p.badarg();
        return Term::makeLocalPid(part[1]);
    }
    vm::Runtime& rt = p.runtime();
    if (part[0] - 1 >= rt.atoms().size() || part[1] > 0xffffffffu || part[2] > 0xffffffffu)
        return p.badarg();
    Term node = Term::makeAtom(uint32_t(part[0] - 1));
    if (rt.atoms().name(node).find('@') == std::string::npos) return p.badarg();
    return rt.distribution().remotePid(node, uint32_t(part[1]), uint32_t(part[2]));
}

Term refToList(Process& p, const Term* a) {
    if (!a[0].isRef()) return p.badarg();
    Chars out;
    writeRef(out, a[0]);
    return vm::makeCharList(p.heap(), out);
}
Term funToList(Process& p, const Term* a) {
    if (!a[0].isFun()) return p.badarg();
    Chars out;
    writeFun(out, p.runtime().atoms(), a[0]);
    return vm::makeCharList(p.heap(), out);
}

constexpr BifSpec kConvertBifs[] = {
    {"erlang", "integer_to_list", 1, integerToList1},
    {"erlang", "integer_to_list", 2, integerToList2},
    {"erlang", "integer_to_binary", 1, integerToBinary1},
    {"erlang", "integer_to_binary", 2, integerToBinary2},
    {"erlang", "list_to_integer", 1, listToInteger1},
    {"erlang", "list_to_integer", 2, listToInteger2},
    {"erlang", "binary_to_integer", 1, binaryToInteger1},
    {"erlang", "binary_to_integer", 2, binaryToInteger2},
    {"erlang", "list_to_float", 1, listToFloat},
    {"erlang", "binary_to_float", 1, binaryToFloat},
    {"erlang", "float_to_list", 1, floatToList1},
    {"erlang", "float_to_list", 2, floatToList2},
    {"erlang", "float_to_binary", 1, floatToBinary1},
    {"erlang", "float_to_binary", 2, floatToBinary2},
    {"erlang", "atom_to_list", 1, atomToList},
    {"erlang", "list_to_atom", 1, listToAtom},
    {"erlang", "list_to_existing_atom", 1, listToExistingAtom},
    {"erlang", "atom_to_binary", 1, atomToBinary1},
    {"erlang", "atom_to_binary", 2, atomToBinary2},
    {"erlang", "binary_to_atom", 1, binaryToAtom1},
    {"erlang", "binary_to_atom", 2, binaryToAtom2},
    {"erlang", "binary_to_existing_atom", 1, binaryToExistingAtom1},
    {"erlang", "binary_to_existing_atom", 2, binaryToExistingAtom2},
    {"erlang", "binary_to_list", 1, binaryToList1},
    {"erlang", "binary_to_list", 3, binaryToList3},
    {"erlang", "bitstring_to_list", 1, bitstringToList},
    {"erlang", "list_to_binary", 1, listToBinary},
    {"erlang", "iolist_to_binary", 1, iolistToBinary},
    {"erlang", "iolist_size", 1, iolistSize},
    {"erlang", "list_to_bitstring", 1, listToBitstring},
    {"erlang", "pid_to_list", 1, pidToList},
    {"erlang", "list_to_pid", 1, listToPid},
    {"erlang", "ref_to_list", 1, refToList},
    {"erlang", "fun_to_list", 1, funToList},
};

} // namespace

void registerErlangConvertBifs(vm::Runtime& rt) {
    registerTable(rt, kConvertBifs);
}

} // namespace pfun::stdlib::detail
