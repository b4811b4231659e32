#include "error_format.h"

#include "pfun/stdlib/format.h"
#include "pfun/vm/code.h"
#include "pfun/vm/exception.h"

#include <string_view>

namespace pfun::cli {

using vm::Term;
namespace atoms = vm::atoms;

namespace {

// erl_error prints terms with io_lib:print(T, Column, 80, 30).
constexpr int kLineLength = 80;
constexpr int kDepth = 30;

bool isOperator(Term name) {
    static constexpr Term kOps[] = {
        atoms::kPlus,      atoms::kMinus,   atoms::kTimes,  atoms::kSlash,     atoms::kDiv,
        atoms::kRem,       atoms::kBand,    atoms::kBor,    atoms::kBxor,      atoms::kBsl,
        atoms::kBsr,       atoms::kBnot,    atoms::kNot,    atoms::kAnd,       atoms::kOr,
        atoms::kXor,       atoms::kEqEq,    atoms::kNotEq,  atoms::kExactEq,   atoms::kExactNotEq,
        atoms::kLess,      atoms::kGreater, atoms::kLessEq, atoms::kGreaterEq, atoms::kPlusPlus,
        atoms::kMinusMinus};
    for (Term t : kOps)
        if (t == name) return true;
    return false;
}

size_t listLen(Term l) {
    size_t n = 0;
    for (; l.isList(); l = l.tail())
        ++n;
    return n;
}

std::string argss(size_t n) {
    switch (n) {
    case 0: return "no arguments";
    case 1: return "one argument";
    case 2: return "two arguments";
    case 3: return "three arguments";
    default: return std::to_string(n) + " arguments";
    }
}

std::string atomText(const vm::Runtime& rt, Term a) {
    return stdlib::writeTerm(rt, a);
}

// " (m.erl, line 5)" or "" from a location list.
std::string locationText(const vm::Runtime& rt, Term loc) {
    std::string file;
    int64_t line = -1;
    for (; loc.isList(); loc = loc.tail()) {
        Term e = loc.head();
        if (!e.isTuple() || e.tupleArity() != 2) continue;
        if (e.element(0) == atoms::kFile) {
            std::string s;
            for (Term c = e.element(1); c.isList(); c = c.tail())
                if (c.head().isSmall()) s += char(c.head().small());
            file = s;
        } else if (e.element(0) == atoms::kLine && e.element(1).isSmall()) {
            line = e.element(1).small();
        }
    }
    (void)rt;
    if (file.empty()) return "";
    if (line < 0) return " (" + file + ")";
    return " (" + file + ", line " + std::to_string(line) + ")";
}

bool isFrame(Term f) {
    return f.isTuple() && f.tupleArity() == 4;
}

// "m:f/2" for a frame, "atom_to_list/1" for erlang BIFs.
std::string mfaText(const vm::Runtime& rt, Term m, Term f, Term arityOrArgs, bool dropErlang) {
    size_t arity = arityOrArgs.isSmall() ? size_t(arityOrArgs.small()) : listLen(arityOrArgs);
    std::string s;
    if (!(dropErlang && m == atoms::kErlang)) s = atomText(rt, m) + ":";
    return s + atomText(rt, f) + "/" + std::to_string(arity);
}

std::string argsText(const vm::Runtime& rt, Term args) {
    std::string s;
    for (Term l = args; l.isList(); l = l.tail()) {
        if (!s.empty()) s += ",";
        s += stdlib::writeTerm(rt, l.head(), kDepth);
    }
    return s;
}

// The explanation erl_error gives for an error reason; `skipTop` is set when the
// explanation already names the top frame (function_clause, undef).
std::string explainError(const vm::Runtime& rt, Term reason, Term stack, bool& skipTop,
                         int column) {
    skipTop = false;
    Term top = stack.isList() ? stack.head() : Term::nil();
    if (reason == atoms::kBadarg) return "bad argument";
    if (reason == atoms::kBadarith)
        return "an error occurred when evaluating an arithmetic expression";
    if (reason == atoms::kIfClause) return "no true branch found when evaluating an if expression";
    if (reason == atoms::kSystemLimit) return "a system limit has been reached";
    if (reason == atoms::kFunctionClause && isFrame(top) && top.element(2).isListOrNil()) {
        skipTop = true;
        return "no function clause matching " + atomText(rt, top.element(0)) + ":" +
               atomText(rt, top.element(1)) + "(" + argsText(rt, top.element(2)) + ")" +
               locationText(rt, top.element(3));
    }
    if (reason == atoms::kUndef && isFrame(top)) {
        skipTop = true;
        return "undefined function " +
               mfaText(rt, top.element(0), top.element(1), top.element(2), false);
    }
    if (reason.isTuple() && reason.tupleArity() == 2) {
        Term tag = reason.element(0), v = reason.element(1);
        auto withTerm = [&](std::string_view text) {
            // A term too wide for the rest of the line goes on its own line, as erl does.
            std::string prefix(text);
            std::string same = termText(rt, v, column + int(prefix.size()));
            if (same.find('\n') == std::string::npos &&
                column - 1 + prefix.size() + same.size() <= size_t(kLineLength))
                return prefix + same;
            return prefix + "\n" + std::string(size_t(column - 1), ' ') + termText(rt, v, column);
        };
        if (tag == atoms::kBadmatch) return withTerm("no match of right hand side value ");
        if (tag == atoms::kCaseClause) return withTerm("no case clause matching ");
        if (tag == atoms::kTryClause) return withTerm("no try clause matching ");
        if (tag == atoms::kBadfun) return withTerm("bad function ");
        if (tag == atoms::kBadmap) return withTerm("bad map: ");
        if (tag == atoms::kBadkey) return withTerm("bad key: ");
        if (tag == atoms::kBadarg) return withTerm("bad argument: ");
        if (tag == atoms::kBadarity && v.isTuple() && v.tupleArity() == 2 && v.element(0).isFun()) {
            Term fun = v.element(0);
            std::string name;
            if (fun.isBoxKind(vm::BoxKind::Export)) {
                const Term* ex = fun.boxedPtr();
                name = mfaText(rt, ex[1], ex[2], ex[3], false);
            } else {
                auto* e = reinterpret_cast<const vm::FunEntry*>(fun.boxedPtr()[1].raw());
                name = atomText(rt, e->module) + ":" + atomText(rt, e->code->name) + "/" +
                       std::to_string(e->arity);
            }
            return name + " called with " + argss(listLen(v.element(1)));
        }
    }
    return termText(rt, reason, column);
}

} // namespace

std::string termText(const vm::Runtime& rt, Term t, int column) {
    return stdlib::printTerm(rt, t, column, kLineLength, kDepth);
}

std::string formatException(const vm::Runtime& rt, vm::ExceptionClass cls, Term reason,
                            Term stack) {
    const std::string indent = "     ";
    std::string head = "** exception " +
                       std::string(cls == vm::ExceptionClass::Error   ? "error"
                                   : cls == vm::ExceptionClass::Throw ? "throw"
                                                                      : "exit") +
                       ": ";
    int column = int(head.size()) + 1;
    bool skipTop = false;
    std::string msg = cls == vm::ExceptionClass::Error
                          ? explainError(rt, reason, stack, skipTop, column)
                          : termText(rt, reason, column);
    std::string out = head + msg + "\n";
    bool first = true;
    for (Term l = stack; l.isList(); l = l.tail()) {
        Term f = l.head();
        if (skipTop) {
            skipTop = false;
            continue;
        }
        if (!isFrame(f)) continue;
        Term m = f.element(0), fn = f.element(1), a = f.element(2), loc = f.element(3);
        std::string what = first ? "in function  " : "in call from ";
        if (first && m == atoms::kErlang && a.isListOrNil() && isOperator(fn)) {
            // A failing operator: "in operator  +/2" and "called as 1 + a".
            // erl writes operator names bare, except '/' which would read ambiguously.
            std::string op = rt.atoms().name(fn);
            std::string shown = op == "/" ? "'/'" : op;
            out += indent + "in operator  " + shown + "/" + std::to_string(listLen(a)) + "\n";
            std::string call;
            if (listLen(a) == 2)
                call = stdlib::writeTerm(rt, a.head(), kDepth) + " " + op + " " +
                       stdlib::writeTerm(rt, a.tail().head(), kDepth);
            else if (listLen(a) == 1)
                call = op + " " + stdlib::writeTerm(rt, a.head(), kDepth);
            out += indent + "   called as " + call + "\n";
            first = false;
            continue;
        }
        std::string loctext = locationText(rt, loc);
        out += indent + what + mfaText(rt, m, fn, a, true) +
               (loctext.empty() ? (a.isSmall() ? " " : "") : loctext) + "\n";
        if (first && a.isListOrNil()) {
            std::string callee =
                m == atoms::kErlang ? atomText(rt, fn) : atomText(rt, m) + ":" + atomText(rt, fn);
            out += indent + "   called as " + callee + "(" + argsText(rt, a) + ")\n";
        }
        first = false;
    }
    return out;
}

} // namespace pfun::cli
