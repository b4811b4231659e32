// Deep copies of AST nodes, for passes that duplicate code (record defaults in the
// parser, comprehension lowering in the back end).
#include "pfun/compiler/ast.h"

namespace pfun::compiler {

Clause cloneClause(const Clause& c) {
    Clause n;
    n.loc = c.loc;
    for (const auto& p : c.patterns)
        n.patterns.push_back(p ? cloneExpr(*p) : nullptr);
    for (const ExprList& g : c.guards) {
        ExprList alt;
        for (const auto& t : g)
            alt.push_back(cloneExpr(*t));
        n.guards.push_back(std::move(alt));
    }
    for (const auto& b : c.body)
        n.body.push_back(cloneExpr(*b));
    return n;
}

ExprPtr cloneExpr(const Expr& e) {
    auto n = makeExpr(e.kind, e.loc);
    n->text = e.text;
    n->intValue = e.intValue;
    n->bigValue = e.bigValue;
    n->floatValue = e.floatValue;
    n->str = e.str;
    n->remote = e.remote;
    n->portable = e.portable;
    n->hasAfter = e.hasAfter;
    n->sourceBegin = e.sourceBegin;
    n->sourceEnd = e.sourceEnd;
    for (const auto& k : e.kids)
        n->kids.push_back(k ? cloneExpr(*k) : nullptr);
    for (const Clause& c : e.clauses)
        n->clauses.push_back(cloneClause(c));
    for (const Clause& c : e.catchClauses)
        n->catchClauses.push_back(cloneClause(c));
    for (const auto& k : e.afterBody)
        n->afterBody.push_back(cloneExpr(*k));
    for (const BinSegment& s : e.segments) {
        BinSegment ns;
        ns.loc = s.loc;
        ns.value = s.value ? cloneExpr(*s.value) : nullptr;
        ns.size = s.size ? cloneExpr(*s.size) : nullptr;
        ns.specs = s.specs;
        n->segments.push_back(std::move(ns));
    }
    return n;
}

} // namespace pfun::compiler
