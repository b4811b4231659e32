// Internal state shared by the back-end passes (lower, match, expression emission).
//
// ModuleGen holds what lives for the whole module (call targets, lambda table, the
// queue of generated functions); FunctionGen holds one function's emission state:
// the assembler, the register stack and the failure label of the guard being
// compiled (0 outside guards, so that operations raise).
//
// Register discipline (the "regalloc" pass is this discipline, applied during
// emission): registers form a stack. `top` is the first free register. A variable
// keeps the register it was bound to until its scope ends; temporaries are pushed
// above and popped after use; a call window starts at `top`, so nothing live is at
// or above a call's base register. Invariant: every register an Env maps to is < top.
#pragma once

#include "assembler.h"
#include "pfun/compiler/ast.h"
#include "pfun/compiler/compile.h"
#include "pfun/compiler/diagnostics.h"
#include "pfun/vm/code.h"
#include "pfun/vm/runtime.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pfun::compiler {

using Reg = uint32_t;
using Env = std::map<std::string, Reg>; // variable -> register

// Where an expression's value goes: into a register, or returned from the function.
struct Dest {
    bool tail = false;
    Reg reg = 0;
    static Dest to(Reg r) { return {false, r}; }
    static Dest ret() { return {true, 0}; }
};

// A function to compile: one from the source, or one the lowering generated.
struct PendingFunction {
    const Function* ast = nullptr;
    vm::FunctionCode* code = nullptr;
    std::string outerName; // top-level function it came from, for lambda names
    uint32_t outerArity = 0;
};

class ModuleGen {
  public:
    ModuleGen(const Module& m, vm::Runtime& rt, Diagnostics& diags, vm::ModuleCode& mc,
              const CompileOptions& opts);

    const Module& ast;
    vm::Runtime& rt;
    Diagnostics& diags;
    vm::ModuleCode& mc;
    const CompileOptions& opts;
    vm::Term moduleAtom;

    vm::Term atom(std::string_view name);
    // Literal construction in the module's literal heap.
    vm::Term litTuple(const std::vector<vm::Term>& elems);
    vm::Term litList(const std::vector<vm::Term>& elems, vm::Term tail = vm::Term::nil());
    vm::Term litFloat(double v);
    vm::Term litInteger(const Expr& e); // Integer/Char node, small or bignum
    vm::Term litString(const std::u32string& s, vm::Term tail = vm::Term::nil());
    vm::Term litExport(vm::Term m, vm::Term f, uint32_t arity);

    vm::FunctionCode* localFunction(const std::string& name, uint32_t arity) const;
    vm::CallTarget* localTarget(const std::string& name, uint32_t arity);
    vm::CallTarget* remoteTarget(vm::Term module, vm::Term name, uint32_t arity);
    const Import* findImport(const std::string& name, uint32_t arity) const;

    // Adds a generated function (a lifted comprehension) and queues it.
    vm::FunctionCode* addGenerated(std::unique_ptr<Function> fn, const std::string& outerName,
                                   uint32_t outerArity);
    vm::FunctionCode* newFunctionCode(const std::string& name, uint32_t arity);
    void addLocal(const std::string& name, uint32_t arity, vm::FunctionCode* fc) {
        locals_[{name, arity}] = fc;
    }

    std::deque<PendingFunction> queue;
    std::vector<std::unique_ptr<Function>> generatedAst;
    std::vector<ExprPtr> loweredAst;           // expressions the lowering synthesised
    std::map<std::string, uint32_t> lcCounter; // per top-level function
    std::map<std::string, uint32_t> funCounter;

    void dump(const std::string& line) {
        if (opts.dumpOut && opts.dumpPass == "match") *opts.dumpOut += line + "\n";
    }

  private:
    std::map<std::pair<std::string, uint32_t>, vm::FunctionCode*> locals_;
    std::map<std::pair<std::string, uint32_t>, vm::CallTarget*> localTargets_;
    std::map<std::tuple<uint64_t, uint64_t, uint32_t>, vm::CallTarget*> remoteTargets_;
};

struct Pat; // match.h

class FunctionGen {
  public:
    FunctionGen(ModuleGen& m, vm::FunctionCode& fc, std::string outerName, uint32_t outerArity);

    ModuleGen& m;
    vm::FunctionCode& fc;
    Assembler as;
    std::string outerName; // for generated names ("-main/1-fun-0-")
    uint32_t outerArity;

    // ---- registers ----
    Reg top = 0;
    Reg maxTop = 0;
    bool tooManyRegisters = false;
    Reg alloc(uint32_t n = 1);
    // Pops temporaries: top becomes max(saved, 1 + highest register env uses).
    void release(Reg saved, const Env& env);

    // ---- spilling ----
    // A clause with more than kSpillVarThreshold variables compiles in spill mode: a
    // spill area (SPILL_NEW, isa.h) lives in register `spillArea`, and a variable
    // bound by `Var = Expr` whose register would be kSpillFrom or higher is stored
    // there instead. Env maps it to the virtual register kSpillBase + slot, which
    // use() loads into a temporary. Functions below the threshold are unaffected.
    static constexpr uint32_t kSpillVarThreshold = 200;
    static constexpr Reg kSpillFrom = 128;
    static constexpr Reg kSpillBase = 1u << 24;
    static bool isSpilled(Reg r) { return r >= kSpillBase; }
    bool spillMode = false;
    Reg spillArea = 0;
    std::map<std::string, uint32_t> spillSlots; // one slot per variable name
    uint32_t spillCapacity = 0;
    // A real register holding the value of env register r (loads a spilled one).
    Reg use(Reg r);
    // Emits R[dst] := value of env register r.
    void moveFrom(Reg dst, Reg r);

    // Failure label of the guard being compiled; 0 in bodies (operations raise).
    Label guardFail = kRaise;

    // ---- tail recursion modulo cons (control.cpp) ----
    // A function some of whose clauses end in `[E, ... | f(Args)]`, f itself, and
    // whose other tail positions make no real tail call, builds its result through a
    // list builder (isa.h, "List builders"): HOLE_NEW at entry into `builder`, then
    // the clauses run as a loop at `loopHead`. Such a tail cons appends its heads
    // (HOLE_PUT), puts Args in R0.. and jumps back, so the recursion runs in constant
    // stack with one cell per element; every other tail value returns through the
    // builder (HOLE_RETURN). Set before functionBody, for named functions only.
    bool listBuilder = false;
    Reg builder = 0;
    Label loopHead = kRaise;
    // True when the clauses qualify (see above).
    bool wantsListBuilder(const std::vector<Clause>& clauses) const;
    // A local call to this very function (not M:F, which reaches the newest version).
    bool isSelfCall(const Expr& e) const;
    // A call that compiles to a BIF instruction, never to a call.
    bool isBifCall(const Expr& e) const;
    // Self call in tail position of a list-builder function: Args to R0.., jump back.
    void loopCall(const std::vector<const Expr*>& args, Env& env);
    // Returns R[v]: RETURN, or HOLE_RETURN through the builder.
    void emitReturn(Reg v);

    // ---- whole functions ----
    // Compiles clauses whose arguments are in R[0..arity); `env` holds captured
    // variables (lambdas); heads shadow them.
    void functionBody(const std::vector<Clause>& clauses, uint32_t arity, Env env);

    // ---- expressions (expr.cpp) ----
    void expr(const Expr& e, Env& env, Dest d);
    Reg exprAny(const Expr& e, Env& env); // value in some register (a variable's or a new one)
    void retargetLast(uint32_t from, Reg tmp, Reg dst, std::vector<Reg>& src);
    // loop: the arguments of a list builder's self call; always placed, then JUMP
    // loopHead instead of the TAILCALL (false only for an unbound variable).
    bool tailCallInPlace(const std::vector<const Expr*>& args, Env& env, uint32_t target,
                         uint32_t n, bool loop = false);
    void exprInto(const Expr& e, Env& env, Reg dst) { expr(e, env, Dest::to(dst)); }
    void body(const ExprList& es, Env& env, Dest d);
    void finish(Dest d, Reg v);
    void setLine(const Loc& loc) {
        if (loc.line) as.line = loc.line;
    }

    // ---- guards (guard.cpp) ----
    void guardSeq(const std::vector<ExprList>& guards, Env& env, Label fail);
    void guardTest(const Expr& e, Env& env, Label fail);

    // ---- pattern matching (match.cpp) ----
    // One clause list against subject registers. For each clause that can be
    // selected, `leaf(clauseIndex, env, guardFail)` is called with env extended by
    // the clause's bindings; it emits the guard (jumping to guardFail when it fails)
    // and the body. When nothing matches, control goes to `fail`.
    struct MatchClause {
        std::vector<const Expr*> patterns; // null = wildcard
        const Clause* clause = nullptr;
    };
    using LeafFn = std::function<void(size_t clause, Env& env, Label guardFail)>;
    void matchClauses(const std::vector<Reg>& subjects, const std::vector<MatchClause>& clauses,
                      const Env& env, bool headsShadow, Label fail, const LeafFn& leaf);

    // ---- calls (expr.cpp) ----
    void callErlang(std::string_view name, const std::vector<const Expr*>& args, Env& env, Dest d,
                    const Loc& loc);

    // Constant terms for literal-only expressions; nullopt when e is not constant.
    std::optional<vm::Term> constant(const Expr& e);

    void error(const Loc& loc, std::string msg) { m.diags.error(loc, std::move(msg)); }

    // Variables named anywhere inside e (including funs), for capture analysis.
    // With intoFuns false, funs and comprehensions (own scopes) are skipped.
    static void collectVars(const Expr& e, std::set<std::string>& out, bool intoFuns = true);
    static void collectClauseVars(const Clause& c, std::set<std::string>& out,
                                  bool intoFuns = true);

  private:
    friend struct MatchCompiler;
    void caseExpr(const Expr& e, Env& env, Dest d);
    void ifExpr(const Expr& e, Env& env, Dest d);
    void tryExpr(const Expr& e, Env& env, Dest d);
    void catchExpr(const Expr& e, Env& env, Dest d);
    void receiveExpr(const Expr& e, Env& env, Dest d);
    void matchExpr(const Expr& e, Env& env, Dest d);
    void callExpr(const Expr& e, Env& env, Dest d);
    void binOp(const Expr& e, Env& env, Dest d);
    Reg leftOperand(const Expr& left, Env& env, Dest d);
    void unaryOp(const Expr& e, Env& env, Dest d);
    void boolOp(const Expr& e, Env& env, Dest d);
    void listExpr(const Expr& e, Env& env, Dest d);
    void tupleExpr(const Expr& e, Env& env, Dest d);
    void mapExpr(const Expr& e, Env& env, Dest d);
    void binaryExpr(const Expr& e, Env& env, Dest d);
    void funExpr(const Expr& e, Env& env, Dest d);
    void funRefExpr(const Expr& e, Env& env, Dest d);
    void extFunRefExpr(const Expr& e, Env& env, Dest d);
    void portableRefExpr(const Expr& e, Env& env, Dest d);
    void comprehension(const Expr& e, Env& env, Dest d);
    void callWindow(Opcode op, Opcode tailOp, const std::vector<const Expr*>& prefix,
                    const std::vector<const Expr*>& args, Env& env, Dest d, uint32_t target,
                    bool hasTarget, uint32_t n);
    void bifCall(const vm::BifEntry* bif, const std::vector<const Expr*>& args, Env& env, Dest d);
    void typeTestValue(vm::TypeTest t, const Expr& arg, Env& env, Dest d);
    void testToBool(const Expr& e, Env& env, Dest d);
    // Branch joins for case/if/try: which variables the clauses export.
    std::vector<std::string> exportCandidates(const std::vector<const Clause*>& clauses,
                                              const Env& env);
    void bindExports(const std::vector<std::string>& names, const std::vector<Reg>& regs,
                     const std::vector<Env>& ends, Env& env);

  public:
    // Binary segment descriptors (binary.cpp).
    struct SegInfo {
        vm::Term type;
        uint32_t unit = 1;
        uint32_t flags = 0;
        bool isBinaryType = false; // binary/bitstring
        bool isUtf = false;
        bool isFloat = false;
    };
    SegInfo segInfo(const BinSegment& s);
    vm::Term segDescriptor(const SegInfo& s);
};

// Patches labels, sets frameSize, reports the register limit (compile.cpp).
void finalizeFunction(FunctionGen& g, const Loc& loc);

const char* typeTestName(vm::TypeTest t);
std::optional<vm::TypeTest> typeTestFor(std::string_view name, unsigned arity);
std::optional<vm::CmpKind> cmpKindFor(std::string_view op);
std::optional<Opcode> arithOpFor(std::string_view op);

} // namespace pfun::compiler
