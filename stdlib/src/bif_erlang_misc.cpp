// erlang BIFs about control and the system: raising exceptions, node identity,
// clocks, funs built from names.
#include "bif_util.h"
#include "term_text.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/code.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/external.h"
#include "pfun/vm/hash.h"
#include "pfun/vm/number.h"

#include <chrono>

namespace pfun::stdlib::detail {

using vm::ExceptionClass;
using vm::Process;
using vm::Term;
namespace atoms = vm::atoms;

namespace {

Term error1(Process& p, const Term* a) {
    return p.error(a[0]);
}
Term error2(Process& p, const Term* a) {
    return p.error(a[0]);
}
Term throw1(Process& p, const Term* a) {
    return p.raise(ExceptionClass::Throw, a[0]);
}
Term exit1(Process& p, const Term* a) {
    return p.raise(ExceptionClass::Exit, a[0]);
}

// A stacktrace as raise/3 accepts it: a proper list of {M, F, ArityOrArgs, Location}
// (or the older {M, F, ArityOrArgs}) tuples.
bool validStacktrace(Term st) {
    for (; st.isList(); st = st.tail()) {
        Term e = st.head();
        if (!e.isTuple() || (e.tupleArity() != 3 && e.tupleArity() != 4)) return false;
        if (!e.element(0).isAtom() || !e.element(1).isAtom()) return false;
        Term a = e.element(2);
        if (!(a.isSmall() && a.small() >= 0) && !a.isListOrNil()) return false;
        if (e.tupleArity() == 4 && !e.element(3).isListOrNil()) return false;
    }
    return st.isNil();
}

// erlang:raise(Class, Reason, Stacktrace): a bad class or stacktrace makes it return
// badarg instead of raising (erl does the same).
Term raise3(Process& p, const Term* a) {
    ExceptionClass cls;
    if (a[0] == atoms::kError)
        cls = ExceptionClass::Error;
    else if (a[0] == atoms::kThrow)
        cls = ExceptionClass::Throw;
    else if (a[0] == atoms::kExit)
        cls = ExceptionClass::Exit;
    else
        return atoms::kBadarg;
    if (!validStacktrace(a[2])) return atoms::kBadarg;
    return p.raiseWithStacktrace(cls, a[1], a[2]);
}

Term node0(Process&, const Term*) {
    return atoms::kNonode;
}
Term node1(Process& p, const Term* a) {
    if (!a[0].isPid() && !a[0].isRef()) return p.badarg();
    if (a[0].isBoxKind(vm::BoxKind::ExtPid)) return a[0].boxedPtr()[1];
    return atoms::kNonode;
}

// Parts per second of a time unit argument; 0 for a bad unit.
int64_t unitRate(Process& p, Term unit) {
    if (unit.isSmall() && unit.small() > 0) return unit.small();
    if (unit == atom(p, "second") || unit == atom(p, "seconds")) return 1;
    if (unit == atom(p, "millisecond") || unit == atom(p, "milli_seconds")) return 1000;
    if (unit == atom(p, "microsecond") || unit == atom(p, "micro_seconds")) return 1000000;
    if (unit == atom(p, "nanosecond") || unit == atom(p, "nano_seconds") ||
        unit == atom(p, "native") || unit == atom(p, "perf_counter"))
        return 1000000000;
    return 0;
}

int64_t convertNs(int64_t ns, int64_t rate) {
    // floor division, as erlang:convert_time_unit does for negative values
    __int128 v = static_cast<__int128>(ns) * rate;
    __int128 q = v / 1000000000;
    if (v % 1000000000 != 0 && v < 0) --q;
    return static_cast<int64_t>(q);
}

int64_t monotonicNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
int64_t systemNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Term monotonicTime0(Process& p, const Term*) {
    return vm::makeInteger(p.heap(), monotonicNs());
}
Term monotonicTime1(Process& p, const Term* a) {
    int64_t r = unitRate(p, a[0]);
    if (!r) return p.badarg();
    return vm::makeInteger(p.heap(), convertNs(monotonicNs(), r));
}
Term systemTime0(Process& p, const Term*) {
    return vm::makeInteger(p.heap(), systemNs());
}
Term systemTime1(Process& p, const Term* a) {
    int64_t r = unitRate(p, a[0]);
    if (!r) return p.badarg();
    return vm::makeInteger(p.heap(), convertNs(systemNs(), r));
}
Term timestamp(Process& p, const Term*) {
    int64_t us = systemNs() / 1000;
    return vm::makeTuple(p.heap(), {Term::makeSmall(us / 1000000000000),
                                    Term::makeSmall((us / 1000000) % 1000000),
                                    Term::makeSmall(us % 1000000)});
}
Term convertTimeUnit(Process& p, const Term* a) {
    int64_t from = unitRate(p, a[1]), to = unitRate(p, a[2]);
    if (!a[0].isSmall() || !from || !to) return p.badarg();
    __int128 v = static_cast<__int128>(a[0].small()) * to;
    __int128 q = v / from;
    if (v % from != 0 && v < 0) --q;
    return vm::makeInteger(p.heap(), static_cast<int64_t>(q));
}

// make_fun(Module, Name, Arity): fun Module:Name/Arity.
Term makeFun(Process& p, const Term* a) {
    if (!a[0].isAtom() || !a[1].isAtom() || !a[2].isSmall() || a[2].small() < 0 ||
        a[2].small() > 255)
        return p.badarg();
    Term* box = p.heap().alloc(4);
    box[0] = Term::makeHeader(vm::BoxKind::Export, 3);
    box[1] = a[0];
    box[2] = a[1];
    box[3] = a[2];
    return Term::makeBoxed(box);
}

// A reference: two id words, the first unique within this runtime.
Term makeRef(Process& p, const Term*) {
    Term* box = p.heap().alloc(3);
    box[0] = Term::makeHeader(vm::BoxKind::Ref, 2);
    box[1] = Term::fromRaw(p.runtime().uniqueInteger());
    box[2] = Term::fromRaw(0);
    return Term::makeBoxed(box);
}

Term uniqueInteger0(Process& p, const Term*) {
    return vm::makeIntegerU(p.heap(), p.runtime().uniqueInteger());
}
// unique_integer(Modifiers): positive and monotonic are both satisfied by the
// runtime's counter.
Term uniqueInteger1(Process& p, const Term* a) {
    Term l = a[0];
    for (; l.isList(); l = l.tail())
        if (l.head() != atom(p, "positive") && l.head() != atom(p, "monotonic")) return p.badarg();
    if (!l.isNil()) return p.badarg();
    return vm::makeIntegerU(p.heap(), p.runtime().uniqueInteger());
}

Term termToBinary1(Process& p, const Term* a) {
    Term r = vm::termToBinary(p.heap(), a[0], p.runtime().atoms());
    return r.isNonValue() ? p.badarg() : r;
}
// term_to_binary(Term, Options): [compressed], [{compressed, Level}], minor_version and
// deterministic are accepted.
Term termToBinary2(Process& p, const Term* a) {
    int level = 0;
    Term l = a[1];
    for (; l.isList(); l = l.tail()) {
        Term o = l.head();
        if (o == atom(p, "compressed")) {
            level = 6;
        } else if (o.isTuple() && o.tupleArity() == 2 && o.element(0) == atom(p, "compressed") &&
                   o.element(1).isSmall() && o.element(1).small() >= 0 &&
                   o.element(1).small() <= 9) {
            level = static_cast<int>(o.element(1).small());
        } else if (o == atom(p, "deterministic") || (o.isTuple() && o.tupleArity() == 2 &&
                                                     o.element(0) == atom(p, "minor_version"))) {
            continue;
        } else {
            return p.badarg();
        }
    }
    if (!l.isNil()) return p.badarg();
    std::vector<uint8_t> bytes;
    bool ok = level > 0 ? vm::encodeTermCompressed(a[0], p.runtime().atoms(), bytes, level)
                        : vm::encodeTerm(a[0], p.runtime().atoms(), bytes);
    if (!ok) return p.badarg();
    return vm::makeBinary(p.heap(), bytes.data(), bytes.size());
}
Term binaryToTermImpl(Process& p, Term bin, bool withUsed) {
    if (!vm::isBinaryTerm(bin)) return p.badarg();
    std::string bytes = bitstringBytes(bin).bytes;
    size_t used = 0;
    vm::Runtime& rt = p.runtime();
    vm::FunResolver funs = [&rt](Term module, uint32_t index, uint32_t uniq) {
        const vm::ModuleCode* m = rt.findModule(module);
        if (!m) return static_cast<const vm::FunEntry*>(nullptr);
        if (index >= m->lambdas.size()) {
            // `pfun Name/Arity`: index counts on past the lambdas into the functions
            // (Runtime::portableFunEntry).
            size_t f = index - m->lambdas.size();
            if (f >= m->functions.size() || m->functions[f]->lambdaIndex >= 0)
                return static_cast<const vm::FunEntry*>(nullptr);
            const vm::FunEntry* e = rt.portableFunEntry(m->functions[f].get());
            return e && e->uniq == uniq ? e : nullptr;
        }
        const vm::FunEntry* e = m->lambdas[index].get();
        return e && e->uniq == uniq ? e : nullptr;
    };
    Term r = vm::binaryToTerm(p.heap(), reinterpret_cast<const uint8_t*>(bytes.data()),
                              bytes.size(), rt.atoms(), &used, vm::atoms::kNonode,
                              &funs); // erl ignores trailing bytes
    if (r.isNonValue()) return p.badarg();
    if (withUsed)
        return vm::makeTuple(p.heap(), {r, vm::makeInteger(p.heap(), static_cast<int64_t>(used))});
    return r;
}
Term binaryToTerm1(Process& p, const Term* a) {
    return binaryToTermImpl(p, a[0], false);
}
// binary_to_term(Bin, Opts): safe is accepted (atoms are created either way), used
// returns {Term, BytesUsed}.
Term binaryToTerm2(Process& p, const Term* a) {
    bool used = false;
    Term l = a[1];
    for (; l.isList(); l = l.tail()) {
        if (l.head() == atom(p, "used"))
            used = true;
        else if (l.head() != atom(p, "safe"))
            return p.badarg();
    }
    if (!l.isNil()) return p.badarg();
    return binaryToTermImpl(p, a[0], used);
}

Term phash2_1(Process& p, const Term* a) {
    return Term::makeSmall(vm::phash2(a[0], p.runtime().atoms()));
}
Term phash2_2(Process& p, const Term* a) {
    if (!a[1].isSmall() || a[1].small() < 1 || a[1].small() > (int64_t(1) << 32)) return p.badarg();
    return Term::makeSmall(
        vm::phash2(a[0], p.runtime().atoms(), static_cast<uint64_t>(a[1].small())));
}

constexpr BifSpec kMiscBifs[] = {
    {"erlang", "term_to_binary", 1, termToBinary1},
    {"erlang", "term_to_binary", 2, termToBinary2},
    {"erlang", "binary_to_term", 1, binaryToTerm1},
    {"erlang", "binary_to_term", 2, binaryToTerm2},
    {"erlang", "phash2", 1, phash2_1},
    {"erlang", "phash2", 2, phash2_2},
    {"erlang", "make_ref", 0, makeRef},
    {"erlang", "unique_integer", 0, uniqueInteger0},
    {"erlang", "unique_integer", 1, uniqueInteger1},
    {"erlang", "error", 1, error1},
    {"erlang", "error", 2, error2},
    {"erlang", "throw", 1, throw1},
    {"erlang", "exit", 1, exit1},
    {"erlang", "raise", 3, raise3},
    {"erlang", "node", 0, node0, true},
    {"erlang", "node", 1, node1, true},
    {"erlang", "monotonic_time", 0, monotonicTime0},
    {"erlang", "monotonic_time", 1, monotonicTime1},
    {"erlang", "system_time", 0, systemTime0},
    {"erlang", "system_time", 1, systemTime1},
    {"erlang", "timestamp", 0, timestamp},
    {"erlang", "convert_time_unit", 3, convertTimeUnit},
    {"os", "timestamp", 0, timestamp},
    {"os", "system_time", 0, systemTime0},
    {"os", "system_time", 1, systemTime1},
    {"erlang", "make_fun", 3, makeFun},
};

} // namespace

void registerErlangMiscBifs(vm::Runtime& rt) {
    registerTable(rt, kMiscBifs);
}

} // namespace pfun::stdlib::detail
