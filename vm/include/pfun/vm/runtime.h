// Runtime: the state one node shares between all its processes.
//
// Holds the atom table, the BIF table, the module table and the output sink. There is
// no global mutable state outside a Runtime: a host may create several in one process.
// (The network layer later wraps a Runtime in pfun::Node.)
//
// Module table and linking:
//  - Every loaded module version is kept alive for the Runtime's life (fun terms and
//    frames may point into old code); the table maps a module name to its current
//    version.
//  - Remote calls go through export slots: one CallTarget per M:F/A, created on first
//    mention, at a stable address. A slot holds the BIF registered for M:F/A if there
//    is one, else the current version's exported function, else nothing (a call then
//    asks the module loader hook, and raises undef if the function is still missing).
//  - Loading a module links it (local targets to its own functions, remote targets to
//    export slots, symbolic BIF operands to BifEntries) and then re-fills its export
//    slots, so callers reach the new version on their next call.
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/bif.h"
#include "pfun/vm/code.h"
#include "pfun/vm/code_hash_info.h"
#include "pfun/vm/distribution.h"
#include "pfun/vm/process_registry.h"
#include "pfun/vm/scheduler.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <typeindex>
#include <typeinfo>
#include <unordered_map>
#include <vector>

namespace pfun::vm {

class HashSpace;
class Process;

class Runtime {
  public:
    Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;
    ~Runtime();

    AtomTable& atoms() { return atoms_; }
    const AtomTable& atoms() const { return atoms_; }
    BifTable& bifs() { return bifs_; }
    const BifTable& bifs() const { return bifs_; }
    Term atom(std::string_view name) { return *atoms_.intern(name); }

    // Where io:format and friends write (the standard output by default).
    using OutputSink = std::function<void(std::string_view)>;
    // Writes are serialised: one io:format call's text is never interleaved with
    // another process's.
    void setOutput(OutputSink sink) { output_ = std::move(sink); }
    void writeOutput(std::string_view text) {
        std::lock_guard lock(outputMutex_);
        output_(text);
    }
    // Where crash reports and logs go (the standard error by default).
    void setErrorOutput(OutputSink sink) { errorOutput_ = std::move(sink); }
    void writeError(std::string_view text) {
        std::lock_guard lock(outputMutex_);
        errorOutput_(text);
    }
    // Formats the report of a process that crashed (the standard library installs
    // one that prints terms as Erlang does); called on the dying process's thread.
    using CrashReporter = std::function<void(Process&, Term reason)>;
    void setCrashReporter(CrashReporter r) { crashReporter_ = std::move(r); }
    void reportCrash(Process& p, Term reason);

    // ---- processes ----
    // Limits every new process starts with (0: none); exceeding one kills that
    // process with {limit, heap} or {limit, mailbox}, never the node.
    struct ProcessLimits {
        size_t maxHeapWords = 0;
        size_t maxMailbox = 0;
    };
    void setProcessLimits(ProcessLimits l) { limits_ = l; }
    const ProcessLimits& processLimits() const { return limits_; }
    ProcessRegistry& processes() { return registry_; }
    Scheduler& scheduler() { return *scheduler_; }
    // erlang:apply/2 (arity 2) or apply/3 (arity 3) in bytecode: where spawned
    // processes start.
    const FunctionCode* applyCode(uint32_t arity) const {
        return builtin_->functions[arity - 2].get();
    }

    // ---- modules ----
    // Links and publishes a module. Returns the loaded module, or nullptr with a
    // reason in *error when the code cannot be linked (an unknown BIF operand).
    const ModuleCode* loadModule(std::unique_ptr<ModuleCode> module, std::string* error = nullptr);
    // Current version of a module, or nullptr.
    const ModuleCode* findModule(Term name) const;
    // Names of the loaded modules, in load order.
    std::vector<Term> loadedModules() const;

    // The export slot for M:F/A (created empty, or from the BIF table, on first use).
    CallTarget* exportSlot(Term module, Term name, uint32_t arity);
    // Resolves M:F/A for a call: the slot if it is filled; otherwise asks the module
    // loader once for a module that is not loaded, and retries. nullptr means undef.
    const CallTarget* resolve(Term module, Term name, uint32_t arity);

    // Called when a call needs a module that is not loaded; returns true if it
    // loaded it (with loadModule). The host compiles NAME.erl from its code path.
    using ModuleLoader = std::function<bool(Runtime&, Term module)>;
    void setModuleLoader(ModuleLoader loader) { loader_ = std::move(loader); }
    // Loads `module` through the loader if it is not loaded yet.
    bool ensureLoaded(Term module);

    // ---- portable functions ----
    // The FunEntry of `pfun Name/Arity` for a named function: made on first use and
    // kept (at a stable address) for the Runtime's life, one per FunctionCode. Its
    // code is the function itself (numFree 0, portable); its index is the module's
    // lambda count plus the function's position in the module, so it never collides
    // with a lambda (#Fun<M.I.U> printing, term_to_binary).
    const FunEntry* portableFunEntry(const FunctionCode* root);
    // The loaded version of `module` whose literal heap holds `literal` (the current
    // version is tried first), or nullptr: how `pfun Name/Arity` finds the version of
    // the code that made it.
    const ModuleCode* moduleVersionHolding(Term module, const Term* literal) const;

    // Content hashes of loaded code, computed by the host's hasher (the VM does not
    // hash: loader::installModuleHashes installs one). Returns nullptr with a reason
    // when no hasher is installed or the code cannot be hashed.
    using CodeHasher = std::function<std::shared_ptr<const CodeHashInfo>(
        Runtime&, const FunctionCode&, std::string* error)>;
    void setCodeHasher(CodeHasher h) { hasher_ = std::move(h); }
    std::shared_ptr<const CodeHashInfo> codeHash(const FunctionCode& fn,
                                                 std::string* error = nullptr);

    // ---- code loaded by content hash (hash_space.h), outside the module table ----
    HashSpace& hashSpace() { return *hashSpace_; }
    // Called (on the process's thread) when a process calls a target pinned to a hash
    // whose code is not loaded. The handler answers:
    //  - Loaded: the target holds the code now; the call goes on;
    //  - Raised: it raised an exception in the process (p.error);
    //  - Suspend: the process parks at the call instruction (as in receive) and,
    //    once woken, executes the call again — so whoever loads the code must wake
    //    it afterwards, by a signal (a bare signals.h wake() that races with the
    //    parking is lost; a pending signal is seen by the parking itself).
    // Without a handler, or when it answers Loaded yet the target is still empty, the
    // call raises error {code_unavailable, <<Hash:16/binary>>}.
    enum class MissingCode : uint8_t { Loaded, Raised, Suspend };
    using MissingCodeHandler = std::function<MissingCode(Process&, const CallTarget&)>;
    void setMissingCodeHandler(MissingCodeHandler h) { missingCode_ = std::move(h); }
    // The interpreter's slow path for such a call (see MissingCodeHandler).
    MissingCode missingCode(Process& p, const CallTarget& target);

    // Atoms the bit-syntax segment descriptors use (isa.h), interned once.
    struct BitSyntaxAtoms {
        Term integer, floatType, binary, bitstring, utf8, utf16, utf32;
    };
    const BitSyntaxAtoms& bitSyntaxAtoms() const { return bitSyntaxAtoms_; }

    // Numbers for new local pids, and unique integers (make_ref, unique_integer):
    // never repeated within this runtime.
    uint64_t newPidNumber() { return nextPid_.fetch_add(1, std::memory_order_relaxed); }
    uint64_t uniqueInteger() { return nextUnique_.fetch_add(1, std::memory_order_relaxed); }

    // Other nodes: the local node's name, the router to remote pids (net/ installs
    // it), canonical remote pids (distribution.h).
    Distribution& distribution() { return distribution_; }

    // New processes collect at every safe point (a test mode).
    bool gcStress() const { return gcStress_; }
    void setGcStress(bool on) { gcStress_ = on; }

    // State a library above the VM keeps per runtime (the stdlib's clock baselines for
    // statistics/1 and now/0, ...), of a type vm/ cannot name: one T per runtime, made
    // on first use, destroyed with the runtime, at a stable address. T must be
    // default-constructible and safe to use from several threads by itself.
    template <class T>
    T& libraryState() {
        std::lock_guard lock(libraryStateMutex_);
        std::shared_ptr<void>& slot = libraryState_[std::type_index(typeid(T))];
        if (!slot) slot = std::make_shared<T>();
        return *static_cast<T*>(slot.get());
    }

    // erlang:halt/0,1,2 ends the host's OS process, so only a host may say how: the
    // handler gets the exit code and, for halt(Slogan), the slogan (empty otherwise);
    // it flushes what the host buffers and does not return. Without one (embedded
    // runtimes, tests) halt raises error:notsup.
    using HaltHandler = std::function<void(int code, std::string_view slogan)>;
    void setHaltHandler(HaltHandler h) { halt_ = std::move(h); }
    const HaltHandler& haltHandler() const { return halt_; }

  private:
    struct SlotKey {
        uint32_t module, name, arity;
        bool operator==(const SlotKey&) const = default;
    };
    struct SlotKeyHash {
        size_t operator()(const SlotKey& k) const {
            uint64_t h =
                (uint64_t(k.module) * 0x9E3779B97F4A7C15ull) ^ (uint64_t(k.name) << 20) ^ k.arity;
            return size_t(h ^ (h >> 29));
        }
    };
    void fillSlot(CallTarget& slot);
    const FunctionCode* slotTarget(const CallTarget& slot) const;
    void installBuiltinCode();

    AtomTable atoms_;
    BifTable bifs_;
    OutputSink output_;
    std::unordered_map<uint32_t, const ModuleCode*> modules_; // by atom index
    std::vector<std::unique_ptr<ModuleCode>> allVersions_;    // kept alive
    std::unordered_map<SlotKey, std::unique_ptr<CallTarget>, SlotKeyHash> slots_;
    // Functions the runtime itself provides in bytecode (erlang:apply/2,3).
    std::unique_ptr<ModuleCode> builtin_;
    ModuleLoader loader_;
    CodeHasher hasher_;
    // Per module name: the version that was current before the current one (Erlang's
    // "old code"); loading another version purges it (ModuleCode::purged).
    std::unordered_map<uint32_t, ModuleCode*> oldVersions_;
    std::unordered_map<const FunctionCode*, std::unique_ptr<FunEntry>> portableEntries_;
    std::vector<uint32_t> loading_; // modules whose loader call is in progress
    BitSyntaxAtoms bitSyntaxAtoms_;
    // Serialises the module table, export slots and the loader (any scheduler
    // thread may load code). Recursive: the loader calls loadModule.
    mutable std::recursive_mutex codeMutex_;
    std::mutex outputMutex_;
    OutputSink errorOutput_;
    CrashReporter crashReporter_;
    ProcessLimits limits_;
    std::unique_ptr<HashSpace> hashSpace_;
    MissingCodeHandler missingCode_;
    std::atomic<uint64_t> nextPid_{1};
    std::atomic<uint64_t> nextUnique_{1};
    bool gcStress_ = false;
    HaltHandler halt_;
    std::mutex libraryStateMutex_;
    std::unordered_map<std::type_index, std::shared_ptr<void>> libraryState_;
    // Before the processes: canonical remote pids outlive every process using them.
    Distribution distribution_;
    // Last: the scheduler's threads stop before anything they use is destroyed.
    ProcessRegistry registry_{*this};
    std::unique_ptr<Scheduler> scheduler_;
};

} // namespace pfun::vm
