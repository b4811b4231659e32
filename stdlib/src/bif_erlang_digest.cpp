// Checksums and digests over iodata: erlang:md5/1 (md5.h), crc32/1,2,
// adler32/1,2 and their _combine/3 (zlib). Checksums are unsigned 32-bit values, so
// they are always small integers. Also the BIFs that describe loaded code:
// erlang:is_builtin/3 (asks the BIF table) and get_module_info/1,2, behind every
// module's generated module_info/0,1.
#include "bif_util.h"
#include "chars.h"
#include "md5.h"

#include "pfun/vm/code.h"
#include "pfun/vm/construct.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;

namespace {

// A checksum argument: an integer in 0..2^32-1.
bool checksumArg(Term t, uint32_t& out) {
    if (!t.isSmall() || t.small() < 0 || t.small() > int64_t(0xffffffff)) return false;
    out = static_cast<uint32_t>(t.small());
    return true;
}

// The MD5 digest of bytes as a 16-byte binary.
Term md5Binary(Process& p, std::string_view bytes) {
    std::array<uint8_t, 16> digest = md5Digest(bytes);
    return vm::makeBinary(p.heap(), digest.data(), digest.size());
}

Term md5(Process& p, const Term* a) {
    std::string bytes;
    if (!collectIolist(a[0], bytes)) return p.badarg();
    return md5Binary(p, bytes);
}

// zlib takes lengths as uInt; feed long inputs in pieces.
template <class Update>
uint32_t checksum(uint32_t start, const std::string& bytes, Update update) {
    uLong sum = start;
    const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
    size_t left = bytes.size();
    while (left > 0) {
        uInt chunk = static_cast<uInt>(std::min<size_t>(left, 1u << 30));
        sum = update(sum, data, chunk);
        data += chunk;
        left -= chunk;
    }
    return static_cast<uint32_t>(sum);
}

Term crcOrAdler(Process& p, Term startTerm, Term data, bool crc) {
    uint32_t start = 0;
    if (!checksumArg(startTerm, start)) return p.badarg();
    std::string bytes;
    if (!collectIolist(data, bytes)) return p.badarg();
    uint32_t sum = crc ? checksum(start, bytes, ::crc32) : checksum(start, bytes, ::adler32);
    return Term::makeSmall(sum);
}

Term crc32_1(Process& p, const Term* a) {
    return crcOrAdler(p, Term::makeSmall(0), a[0], true);
}
Term crc32_2(Process& p, const Term* a) {
    return crcOrAdler(p, a[0], a[1], true);
}
Term adler32_1(Process& p, const Term* a) {
    return crcOrAdler(p, Term::makeSmall(1), a[0], false);
}
Term adler32_2(Process& p, const Term* a) {
    return crcOrAdler(p, a[0], a[1], false);
}

Term combine(Process& p, const Term* a, bool crc) {
    uint32_t first = 0, second = 0;
    if (!checksumArg(a[0], first) || !checksumArg(a[1], second) || !a[2].isSmall() ||
        a[2].small() < 0)
        return p.badarg();
    auto len = static_cast<z_off_t>(a[2].small());
    uLong r = crc ? ::crc32_combine(first, second, len) : ::adler32_combine(first, second, len);
    return Term::makeSmall(static_cast<int64_t>(static_cast<uint32_t>(r)));
}
Term crc32Combine(Process& p, const Term* a) {
    return combine(p, a, true);
}
Term adler32Combine(Process& p, const Term* a) {
    return combine(p, a, false);
}

// erl answers true for functions implemented natively. The stdlib also makes some
// library functions native for speed (lists:sort/1, ...); only the modules whose
// natives erl also has count, and the spawn family, written in Erlang there, does not.
Term isBuiltin(Process& p, const Term* a) {
    if (!a[0].isAtom() || !a[1].isAtom() || !a[2].isSmall() || a[2].small() < 0) return p.badarg();
    if (a[2].small() > 255) return vm::atoms::kFalse;
    const vm::AtomTable& atoms = p.runtime().atoms();
    std::string_view mod = atoms.name(a[0]);
    std::string_view fn = atoms.name(a[1]);
    auto arity = static_cast<uint32_t>(a[2].small());
    if (!p.runtime().bifs().find(a[0], a[1], arity)) return vm::atoms::kFalse;
    if (mod == "erlang" || mod == "math") return vm::boolAtom(fn.rfind("spawn", 0) != 0);
    if (mod == "lists") {
        constexpr std::pair<std::string_view, uint32_t> kListsNative[] = {
            {"member", 2}, {"reverse", 2}, {"keyfind", 3}, {"keymember", 3}, {"keysearch", 3}};
        for (const auto& [name, n] : kListsNative)
            if (fn == name && arity == n) return vm::atoms::kTrue;
    }
    return vm::atoms::kFalse;
}

// [{Name, Arity}] of the module's functions, in definition order; lambda bodies are
// left out, as erl leaves out its fun functions.
Term functionList(Process& p, const vm::ModuleCode& m, bool exportsOnly) {
    std::vector<uint32_t> indices;
    if (exportsOnly) {
        indices = m.exports;
        std::sort(indices.begin(), indices.end());
    } else {
        for (uint32_t i = 0; i < m.functions.size(); ++i)
            if (m.functions[i]->lambdaIndex < 0) indices.push_back(i);
    }
    std::vector<Term> pairs;
    for (uint32_t i : indices) {
        if (i >= m.functions.size()) continue;
        const vm::FunctionCode& f = *m.functions[i];
        pairs.push_back(vm::makeTuple(p.heap(), {f.name, Term::makeSmall(f.arity)}));
    }
    return vm::makeList(p.heap(), pairs);
}

// erlang:get_module_info(Module, Key). attributes and compile are answered by the
// module's own module_info/1 (the compiler knows them); here they are empty.
Term moduleInfo(Process& p, const vm::ModuleCode& m, Term key) {
    const vm::AtomTable& atoms = p.runtime().atoms();
    if (!key.isAtom()) return p.badarg();
    std::string_view k = atoms.name(key);
    if (k == "module") return m.name;
    if (k == "exports") return functionList(p, m, true);
    if (k == "functions") return functionList(p, m, false);
    if (k == "md5") return md5Binary(p, m.source.empty() ? atoms.name(m.name) : m.source);
    if (k == "attributes" || k == "compile" || k == "nifs") return Term::nil();
    return p.badarg();
}

const vm::ModuleCode* loadedModule(Process& p, Term name) {
    if (!name.isAtom()) return nullptr;
    return p.runtime().findModule(name);
}

Term getModuleInfo2(Process& p, const Term* a) {
    const vm::ModuleCode* m = loadedModule(p, a[0]);
    if (!m) return p.badarg();
    return moduleInfo(p, *m, a[1]);
}

Term getModuleInfo1(Process& p, const Term* a) {
    const vm::ModuleCode* m = loadedModule(p, a[0]);
    if (!m) return p.badarg();
    std::vector<Term> items;
    for (const char* key : {"module", "exports", "attributes", "compile", "md5"}) {
        Term k = atom(p, key);
        Term v = moduleInfo(p, *m, k);
        if (v.isNonValue()) return v;
        items.push_back(vm::makeTuple(p.heap(), {k, v}));
    }
    return vm::makeList(p.heap(), items);
}

constexpr BifSpec kDigestBifs[] = {
    {"erlang", "get_module_info", 1, getModuleInfo1},
    {"erlang", "get_module_info", 2, getModuleInfo2},
    {"erlang", "md5", 1, md5},
    {"erlang", "crc32", 1, crc32_1},
    {"erlang", "crc32", 2, crc32_2},
    {"erlang", "crc32_combine", 3, crc32Combine},
    {"erlang", "adler32", 1, adler32_1},
    {"erlang", "adler32", 2, adler32_2},
    {"erlang", "adler32_combine", 3, adler32Combine},
    {"erlang", "is_builtin", 3, isBuiltin},
};

} // namespace

void registerErlangDigestBifs(vm::Runtime& rt) {
    registerTable(rt, kDigestBifs);
}

} // namespace pfun::stdlib::detail
