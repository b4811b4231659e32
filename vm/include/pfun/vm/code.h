// Compiled code as the interpreter runs it.
//
// The compiler produces a ModuleCode whose functions name their callees symbolically
// (CallTarget::module/name/arity). Loading a module into a Runtime links it: each
// CallTarget gets `code` (a bytecode function) or `bif` (a native function), or stays
// empty, in which case a call raises `undef` after the runtime had its chance to load
// the module from the code path.
//
// Invariants of a loaded module:
//  - Local calls point at the FunctionCode of the same module version (Erlang: a local
//    call never leaves the version it is in); remote calls go through the runtime's
//    export slot for M:F/A, so loading a new version redirects them.
//  - Literals live in the module's literal heap, which is never collected; a literal
//    copied into a message or stored in a process heap stays readable as long as the
//    module is loaded (modules are kept for the node's life for now).
//  - FunctionCode and FunEntry addresses are stable while the module is loaded (Fun
//    terms hold a FunEntry pointer).
#pragma once

#include "pfun/vm/bif.h"
#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pfun::vm {

struct FunctionCode;

// A call site's destination. For remote calls the runtime owns one per M:F/A (the
// export slot) and loading a module fills it; local targets are private to a module.
struct CallTarget {
    Term module; // atom
    Term name;   // atom
    uint32_t arity = 0;
    const FunctionCode* code = nullptr; // bytecode, or
    const BifEntry* bif = nullptr;      // native
    // A call written M:F(...) to the module itself: it goes through the export slot
    // (reaching the newest version) instead of staying local.
    bool remote = false;
    // Set for a target pinned to a content hash (hash_space.h): the callee's 16 hash
    // bytes. Such a target is empty while that code is not loaded, and a call reaching
    // it goes to Runtime::missingCode instead of resolving module:name/arity.
    const std::array<uint8_t, 16>* pinnedHash = nullptr;

    // An export slot is re-filled by a module load while other scheduler threads call
    // through it: they read with acquire loads, the loader publishes with release
    // stores (a plain load and store on x86; what makes the new code's contents
    // visible with the pointer everywhere).
    const FunctionCode* codeNow() const { return __atomic_load_n(&code, __ATOMIC_ACQUIRE); }
    const BifEntry* bifNow() const { return __atomic_load_n(&bif, __ATOMIC_ACQUIRE); }
    void publish(const FunctionCode* c, const BifEntry* b) {
        __atomic_store_n(&bif, b, __ATOMIC_RELEASE);
        __atomic_store_n(&code, c, __ATOMIC_RELEASE);
    }
};

// A multi-way branch: SELECT_VAL compares exactly with `values`, SELECT_ARITY with
// tuple arities (stored as small integers). Targets are offsets in words from the
// start of the SELECT instruction. `values` is sorted by raw word for binary search
// when every value is an immediate.
struct JumpTable {
    std::vector<Term> values;
    std::vector<int32_t> targets;
    // Set by the loader when every value is an immediate and `values` is sorted by
    // raw word, so the interpreter may binary-search; otherwise it scans with =:=.
    bool immediatesSorted = false;
};

// A BIF named symbolically, for code produced without a runtime at hand: loading
// resolves bifNames[i] into bifs[i].
struct BifName {
    Term module; // atom
    Term name;   // atom
    uint32_t arity = 0;
};

struct ModuleCode;

struct LineEntry {
    uint32_t pc;   // first code word this line covers
    uint32_t line; // source line
};

// A lambda (fun ... end): its body is a FunctionCode whose first `arity` registers
// receive the call's arguments and the next `numFree` the captured values.
struct FunEntry {
    const FunctionCode* code = nullptr;
    Term module;          // defining module (atom)
    uint32_t index = 0;   // position in the module's lambda table
    uint32_t arity = 0;   // arity as the caller sees it
    uint32_t numFree = 0; // captured variables
    uint32_t uniq = 0;    // stable identity for printing #Fun<m.index.uniq>
    // Set by the runtime when the version that made this lambda is purged (see
    // ModuleCode::purged), for plain lambdas only: calling one of its funs then raises
    // badfun. It lives here, beside the arity that every fun call reads anyway, so the
    // check costs no extra loads in the interpreter's fun-call path. Written and read
    // with __atomic builtins (any scheduler thread).
    bool purged = false;
    std::string name; // generated name, e.g. "-main/1-fun-0-"
    // Made by a `pfun` expression (or `pfun Name/Arity`): its values are portable
    // functions (erlang:is_function_portable/1), named by their code's content hash.
    bool portable = false;

    bool isPurged() const { return __atomic_load_n(&purged, __ATOMIC_RELAXED); }
};

struct FunctionCode {
    Term module; // atom
    Term name;   // atom
    uint32_t arity = 0;
    uint32_t frameSize = 0; // registers used, >= arity (+ numFree for lambdas)
    std::vector<uint32_t> code;
    std::vector<Term> literals;
    std::vector<CallTarget*> targets;  // F operands; owned by module (local) or runtime (remote)
    std::vector<const BifEntry*> bifs; // B operands, resolved at link time
    std::vector<BifName> bifNames;     // symbolic B operands (used when bifs is empty)
    std::vector<JumpTable> tables;     // T operands
    std::vector<LineEntry> lines;      // sorted by pc
    int32_t lambdaIndex = -1;          // >= 0 for a lambda body
    uint32_t sourceBegin = 0, sourceEnd = 0; // byte range of the definition in the file
    const ModuleCode* owner = nullptr;       // set by loading (lambdas, file name)
    // The content hash (loader/hash.h, XXH3-128 canonical bytes) when it was known at
    // load time: set for code loaded by hash (shipped or from the code store). Code
    // loaded as a module computes its hashes on demand instead (a hash needs the
    // hashes of every module it calls).
    std::array<uint8_t, 16> contentHash{};
    bool hasContentHash = false;

    // Source line for a code position (0 when unknown).
    uint32_t lineAt(uint32_t pc) const {
        uint32_t line = 0;
        for (const LineEntry& e : lines) {
            if (e.pc > pc) break;
            line = e.line;
        }
        return line;
    }
};

struct ModuleCode {
    ModuleCode() = default;
    // A module whose literal heap starts with exactly `words` words instead of a
    // default block: code loaded by hash is one small module per function, and a
    // cold spawn of a closure of n functions would otherwise allocate n default
    // blocks (page faults on a fresh node showed in its profile).
    struct SmallLiterals {
        size_t words;
    };
    explicit ModuleCode(SmallLiterals s) : literalHeap(s.words, Heap::Exact{}) {}

    Term name; // atom
    std::string fileName;
    std::string source; // kept as debug info (fun_info's {code, Source})
    std::vector<std::unique_ptr<FunctionCode>> functions;
    std::vector<std::unique_ptr<FunEntry>> lambdas;
    // Exported name/arity pairs, as indices into `functions`.
    std::vector<uint32_t> exports;
    // Targets for calls to functions of this module and for BIF-less remote calls
    // before linking; owned here.
    std::vector<std::unique_ptr<CallTarget>> localTargets;
    // Holds literal terms (bignums, strings, tuples...) referenced by `literals`.
    Heap literalHeap{64};
    // fileName as an Erlang string in literalHeap (for stacktraces); set by loading.
    Term fileTerm = Term::nil();
    // Set by the runtime when a second newer version of this module is loaded (as
    // Erlang purges old code): plain funs made by this version then fail with badfun
    // when called (the runtime sets FunEntry::purged on its plain lambdas at the same
    // time; that flag is what calls check). The code itself stays alive (frames and
    // portable funs may use it). Written and read with __atomic builtins (any
    // scheduler thread).
    bool purged = false;
    bool isPurged() const { return __atomic_load_n(&purged, __ATOMIC_RELAXED); }
};

} // namespace pfun::vm
