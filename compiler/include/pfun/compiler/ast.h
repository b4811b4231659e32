// The abstract syntax tree: what the parser produces and every later pass reads.
//
// It mirrors Erlang's abstract format (erl_parse) closely, so anyone who knows that
// format knows this one. Patterns, guards and expressions share the Expr node; which
// kinds are legal where is checked by the linter (lint.h), not by the type system.
//
// Invariants after a successful parse:
//  - Every node has a location (line and column, both 1-based) in the original file.
//  - Macros are expanded: no node mentions a macro; ?LINE/?MODULE became literals.
//  - A Function's clauses all have `arity` patterns.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pfun::compiler {

struct Loc {
    uint32_t line = 0;
    uint32_t col = 0;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
using ExprList = std::vector<ExprPtr>;

// One clause of a function, fun, case, receive, if, try-of or try-catch.
struct Clause {
    Loc loc;
    // Function/fun clauses: one pattern per argument. case/receive/try-of: exactly one.
    // if: none. try-catch: exactly three: class (an Atom or Var, `throw` when the
    // source omitted it), reason, stacktrace (a Var, or null when omitted).
    ExprList patterns;
    // Guard sequence: alternatives separated by `;`, each a conjunction (`,`) of
    // guard tests. Empty means `true`.
    std::vector<ExprList> guards;
    ExprList body;
};

struct BinSegment {
    Loc loc;
    ExprPtr value;
    ExprPtr size; // null when the source gives none
    // Type specifiers in source order, e.g. {"integer","little","signed"} or {"binary"};
    // a unit is "unit:8".
    std::vector<std::string> specs;
};

enum class ExprKind : uint8_t {
    // ---- literals ----
    Integer, // intValue, or bigValue (decimal, with '-' if negative) when out of int64
    Float,   // floatValue
    Atom,    // text
    Char,    // intValue (code point); behaves as Integer
    String,  // str (code points); "" is an empty list
    Nil,     // []
    // ---- variables ----
    Var, // text ("_" for the anonymous variable)
    // ---- constructors ----
    Tuple,     // kids: elements
    Cons,      // kids[0] head, kids[1] tail
    Map,       // kids: MapField nodes (all "=>")
    MapUpdate, // kids[0] map expression, kids[1..]: MapField nodes
    MapField,  // text "=>" or ":=", kids[0] key, kids[1] value
    Binary,    // segments
    // ---- operators ----
    Match,   // kids[0] = kids[1]   (pattern = expression, or pattern = pattern in a pattern)
    BinOp,   // text operator ("+", "==", "band", "++", "!", ...), kids[0], kids[1]
    UnaryOp, // text operator ("-", "+", "not", "bnot"), kids[0]
    AndAlso, // kids[0] andalso kids[1]
    OrElse,  // kids[0] orelse kids[1]
    // ---- calls and functions ----
    Call,      // local: text = name, kids = args. remote: remote = true, kids[0] module
               // expr, kids[1] function expr, kids[2..] args. A local call through a
               // variable (F(X)) has text empty and kids[0] the callee, kids[1..] args.
    Fun,       // anonymous: clauses; text = name for a named fun (fun Name(..) -> end)
    FunRef,    // fun name/arity: text = name, intValue = arity
    ExtFunRef, // fun M:F/A: kids[0], kids[1], kids[2] (atoms/vars/integer)
    // ---- control ----
    Block,        // begin kids end
    Case,         // kids[0] scrutinee, clauses
    If,           // clauses (no patterns)
    Receive,      // clauses; kids[0] timeout and `after` body when hasAfter: kids[1..]
    Try,          // kids: body; clauses: `of` clauses; catchClauses; afterBody
    Catch,        // catch kids[0]
    ListComp,     // kids[0] template, kids[1..] qualifiers (Generator, BinGenerator or filters)
    BinComp,      // same shape as ListComp, template is a Binary
    Generator,    // kids[0] pattern <- kids[1] list
    BinGenerator, // kids[0] binary pattern <= kids[1] binary
};

struct Expr {
    ExprKind kind;
    Loc loc;
    std::string text;      // atoms, variables, operators, local call names
    int64_t intValue = 0;  // Integer, Char, FunRef arity
    std::string bigValue;  // Integer literals that do not fit int64 (decimal)
    double floatValue = 0; // Float
    std::u32string str;    // String
    bool remote = false;   // Call: Module:Function(Args)
    bool portable = false; // Fun/FunRef/ExtFunRef written with `pfun` instead of `fun`
    bool hasAfter = false; // Receive with an `after` section
    // Fun: byte range of `fun ... end` in the source (debug info: a pfun's
    // fun_info {code, Source}); 0, 0 when synthesised.
    uint32_t sourceBegin = 0, sourceEnd = 0;
    ExprList kids;
    std::vector<Clause> clauses;
    std::vector<Clause> catchClauses; // Try
    ExprList afterBody;               // Try
    std::vector<BinSegment> segments; // Binary

    Expr(ExprKind k, Loc l) : kind(k), loc(l) {}
};

inline ExprPtr makeExpr(ExprKind k, Loc l) {
    return std::make_unique<Expr>(k, l);
}

// Deep copies (null children stay null); see compiler/src/ast_clone.cpp.
ExprPtr cloneExpr(const Expr& e);
Clause cloneClause(const Clause& c);

struct Function {
    Loc loc;
    std::string name;
    uint32_t arity = 0;
    std::vector<Clause> clauses;
    // Byte range of the whole definition in the source, kept as debug info
    // (fun_info's {code, Source}).
    uint32_t sourceBegin = 0;
    uint32_t sourceEnd = 0;
};

struct NameArity {
    std::string name;
    uint32_t arity = 0;
    Loc loc;
};

struct Import {
    std::string module;
    NameArity function;
};

struct Attribute { // any attribute the compiler does not interpret (-vsn, -author, ...)
    Loc loc;
    std::string name;
    ExprPtr value; // -name(Value); null for type syntax (-spec, -type, ...)
};

struct Module {
    std::string name;       // from -module, or the file's base name for a script
    std::string fileName;   // as given on the command line, for diagnostics and traces
    bool isScript = false;  // no -module attribute
    bool exportAll = false; // -compile(export_all)
    std::vector<NameArity> exports;
    std::vector<Import> imports;
    std::vector<Function> functions;
    std::vector<Attribute> otherAttributes;
    // Added by the front end (additive): -compile({no_auto_import, [f/1, ...]}) lists the
    // local functions that shadow auto-imported BIFs; a local call to one of them calls
    // the module's own function.
    std::vector<NameArity> noAutoImport;
    // Added by the front end (additive): the plain atoms given to -compile, e.g.
    // "nowarn_unused_function" (export_all also sets exportAll).
    std::vector<std::string> compileFlags;
    // Added by the front end (additive): functions named by -spec (loc: the attribute).
    std::vector<NameArity> specs;
};

} // namespace pfun::compiler
