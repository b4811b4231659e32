#include "pfun/compiler/ast_print.h"

#include "lexer.h"

#include <cstdio>

namespace pfun::compiler {

namespace {

std::string atomText(const std::string& a) {
    bool plain = !a.empty() && a[0] >= 'a' && a[0] <= 'z';
    for (char c : a)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '@'))
            plain = false;
    if (plain) return a;
    std::string out = "'";
    for (char c : a) {
        if (c == '\'' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (static_cast<unsigned char>(c) < 32) {
            out += "\\" + std::to_string(static_cast<unsigned>(c));
            continue;
        }
        out += c;
    }
    return out + "'";
}

class Printer {
  public:
    std::string out;

    void expr(const Expr* e) {
        if (!e) {
            out += "_null";
            return;
        }
        switch (e->kind) {
        case ExprKind::Integer:
            out += e->bigValue.empty() ? std::to_string(e->intValue) : e->bigValue;
            return;
        case ExprKind::Float: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17g", e->floatValue);
            out += buf;
            if (out.find_first_of(".e", out.size() - std::string(buf).size()) == std::string::npos)
                out += ".0";
            return;
        }
        case ExprKind::Atom: out += atomText(e->text); return;
        case ExprKind::Char:
            out += "$";
            if (e->intValue >= 32 && e->intValue < 127)
                out += char(e->intValue);
            else
                out += "\\" + std::to_string(e->intValue);
            return;
        case ExprKind::String:
            out += '"';
            for (char32_t c : e->str) {
                if (c == '"' || c == '\\') out += '\\';
                if (c == '\n')
                    out += "\\n";
                else if (c < 32)
                    out += "\\" + std::to_string(unsigned(c));
                else
                    appendUtf8(out, c);
            }
            out += '"';
            return;
        case ExprKind::Nil: out += "[]"; return;
        case ExprKind::Var: out += e->text; return;
        case ExprKind::Tuple: node("tuple", e->kids); return;
        case ExprKind::Cons: node("cons", e->kids); return;
        case ExprKind::Map: node("map", e->kids); return;
        case ExprKind::MapUpdate: node("map-update", e->kids); return;
        case ExprKind::MapField: node(e->text, e->kids); return;
        case ExprKind::Binary:
            out += "(bin";
            for (const BinSegment& s : e->segments) {
                out += " (seg ";
                expr(s.value.get());
                if (s.size) {
                    out += " :";
                    expr(s.size.get());
                }
                for (const auto& sp : s.specs)
                    out += " /" + sp;
                out += ")";
            }
            out += ")";
            return;
        case ExprKind::Match: node("=", e->kids); return;
        case ExprKind::BinOp: node(e->text, e->kids); return;
        case ExprKind::UnaryOp: node(e->text, e->kids); return;
        case ExprKind::AndAlso: node("andalso", e->kids); return;
        case ExprKind::OrElse: node("orelse", e->kids); return;
        case ExprKind::Call:
            out += "(call ";
            if (e->remote) {
                out += "(: ";
                expr(e->kids.size() > 0 ? e->kids[0].get() : nullptr);
                out += " ";
                expr(e->kids.size() > 1 ? e->kids[1].get() : nullptr);
                out += ")";
                for (size_t i = 2; i < e->kids.size(); ++i) {
                    out += " ";
                    expr(e->kids[i].get());
                }
            } else if (e->text.empty()) {
                for (size_t i = 0; i < e->kids.size(); ++i) {
                    if (i) out += " ";
                    expr(e->kids[i].get());
                }
            } else {
                out += atomText(e->text);
                for (const auto& k : e->kids) {
                    out += " ";
                    expr(k.get());
                }
            }
            out += ")";
            return;
        case ExprKind::Fun:
            out += e->portable ? "(pfun" : "(fun";
            if (!e->text.empty()) out += " " + e->text;
            clauses(e->clauses);
            out += ")";
            return;
        case ExprKind::FunRef:
            out += std::string(e->portable ? "(pfun-ref " : "(fun-ref ") + atomText(e->text) + "/" +
                   std::to_string(e->intValue) + ")";
            return;
        case ExprKind::ExtFunRef: node(e->portable ? "pfun-ref" : "fun-ref", e->kids); return;
        case ExprKind::Block: node("begin", e->kids); return;
        case ExprKind::Case:
            out += "(case ";
            expr(e->kids.empty() ? nullptr : e->kids[0].get());
            clauses(e->clauses);
            out += ")";
            return;
        case ExprKind::If:
            out += "(if";
            clauses(e->clauses);
            out += ")";
            return;
        case ExprKind::Receive:
            out += "(receive";
            clauses(e->clauses);
            if (e->hasAfter) {
                out += " (after";
                for (const auto& k : e->kids) {
                    out += " ";
                    expr(k.get());
                }
                out += ")";
            }
            out += ")";
            return;
        case ExprKind::Try:
            out += "(try";
            list(e->kids);
            if (!e->clauses.empty()) {
                out += " (of";
                clauses(e->clauses);
                out += ")";
            }
            if (!e->catchClauses.empty()) {
                out += " (catch";
                clauses(e->catchClauses);
                out += ")";
            }
            if (!e->afterBody.empty()) {
                out += " (after";
                list(e->afterBody);
                out += ")";
            }
            out += ")";
            return;
        case ExprKind::Catch: node("catch", e->kids); return;
        case ExprKind::ListComp: node("lc", e->kids); return;
        case ExprKind::BinComp: node("bc", e->kids); return;
        case ExprKind::Generator: node("<-", e->kids); return;
        case ExprKind::BinGenerator: node("<=", e->kids); return;
        }
        out += "?";
    }

    void list(const ExprList& xs) {
        for (const auto& k : xs) {
            out += " ";
            expr(k.get());
        }
    }

    void node(const std::string& head, const ExprList& kids) {
        out += "(" + head;
        list(kids);
        out += ")";
    }

    void clauses(const std::vector<Clause>& cs) {
        for (const Clause& c : cs) {
            out += " (clause (";
            for (size_t i = 0; i < c.patterns.size(); ++i) {
                if (i) out += " ";
                expr(c.patterns[i].get());
            }
            out += ")";
            if (!c.guards.empty()) {
                out += " when";
                for (const auto& g : c.guards) {
                    out += " (";
                    for (size_t i = 0; i < g.size(); ++i) {
                        if (i) out += " ";
                        expr(g[i].get());
                    }
                    out += ")";
                }
            }
            out += " ->";
            list(c.body);
            out += ")";
        }
    }
};

} // namespace

std::string printExpr(const Expr& expr) {
    Printer p;
    p.expr(&expr);
    return p.out;
}

std::string printAst(const Module& m) {
    Printer p;
    p.out += "(module " + atomText(m.name);
    if (m.isScript) p.out += " script";
    if (m.exportAll) p.out += " export_all";
    if (!m.exports.empty()) {
        p.out += "\n  (export";
        for (const auto& e : m.exports)
            p.out += " " + atomText(e.name) + "/" + std::to_string(e.arity);
        p.out += ")";
    }
    for (const auto& i : m.imports)
        p.out += "\n  (import " + atomText(i.module) + " " + atomText(i.function.name) + "/" +
                 std::to_string(i.function.arity) + ")";
    for (const auto& f : m.functions) {
        p.out += "\n  (function " + atomText(f.name) + "/" + std::to_string(f.arity);
        p.clauses(f.clauses);
        p.out += ")";
    }
    p.out += ")\n";
    return p.out;
}

} // namespace pfun::compiler
