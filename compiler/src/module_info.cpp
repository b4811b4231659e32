// module_info/0 and module_info/1, which erlc adds to every module. The answers that
// only the compiler knows (attributes, compile information) are literals in the
// generated code; the rest (exports, functions, md5) comes from
// erlang:get_module_info/2, which reads the loaded module.
#include "module_info.h"
#include "codegen.h"

#include <filesystem>
#include <system_error>

namespace pfun::compiler {

namespace {

struct Builder {
    Loc loc;
    ExprPtr atom(const std::string& name) {
        auto a = makeExpr(ExprKind::Atom, loc);
        a->text = name;
        return a;
    }
    ExprPtr string(const std::string& s) {
        auto e = makeExpr(ExprKind::String, loc);
        for (unsigned char c : s)
            e->str.push_back(c); // file names are shown byte by byte, as erl does
        return e;
    }
    ExprPtr tuple(ExprList kids) {
        auto t = makeExpr(ExprKind::Tuple, loc);
        t->kids = std::move(kids);
        return t;
    }
    ExprPtr pair(const std::string& key, ExprPtr value) {
        ExprList kids;
        kids.push_back(atom(key));
        kids.push_back(std::move(value));
        return tuple(std::move(kids));
    }
    ExprPtr list(ExprList elems) {
        ExprPtr l = makeExpr(ExprKind::Nil, loc);
        for (size_t i = elems.size(); i-- > 0;) {
            auto c = makeExpr(ExprKind::Cons, loc);
            c->kids.push_back(std::move(elems[i]));
            c->kids.push_back(std::move(l));
            l = std::move(c);
        }
        return l;
    }
    ExprPtr var(const std::string& name) {
        auto v = makeExpr(ExprKind::Var, loc);
        v->text = name;
        return v;
    }
    // erlang:get_module_info(Module, Key)
    ExprPtr getInfo(const std::string& module, ExprPtr key) {
        auto c = makeExpr(ExprKind::Call, loc);
        c->remote = true;
        c->kids.push_back(atom("erlang"));
        c->kids.push_back(atom("get_module_info"));
        c->kids.push_back(atom(module));
        c->kids.push_back(std::move(key));
        return c;
    }
};

bool isListExpr(const Expr& e) {
    return e.kind == ExprKind::Cons || e.kind == ExprKind::Nil || e.kind == ExprKind::String;
}

// Attributes erl keeps in module_info(attributes): all but those the compiler
// consumes (module, export, import, compile, record: not in otherAttributes) and the
// type language and on_load.
bool keptAttribute(const Attribute& a) {
    static const char* const kDropped[] = {
        "spec",    "type", "opaque", "callback", "export_type", "optional_callbacks",
        "on_load", "nifs", "file",   "nominal"};
    if (!a.value) return false;
    for (const char* d : kDropped)
        if (a.name == d) return false;
    return true;
}

ExprPtr attributesLiteral(Builder& b, const Module& m) {
    ExprList items;
    for (const Attribute& a : m.otherAttributes) {
        if (!keptAttribute(a)) continue;
        ExprPtr v = cloneExpr(*a.value);
        if (!isListExpr(*v)) {
            ExprList one;
            one.push_back(std::move(v));
            v = b.list(std::move(one));
        }
        items.push_back(b.pair(a.name, std::move(v)));
    }
    return b.list(std::move(items));
}

ExprPtr compileLiteral(Builder& b, const Module& m) {
    std::error_code ec;
    std::filesystem::path src = std::filesystem::absolute(m.fileName, ec);
    std::string source = ec ? m.fileName : src.lexically_normal().string();
    ExprList items;
    items.push_back(b.pair("version", b.string("pfun")));
    items.push_back(b.pair("options", b.list({})));
    items.push_back(b.pair("source", b.string(source)));
    return b.list(std::move(items));
}

Clause clause(ExprPtr pattern, ExprPtr body, Loc loc) {
    Clause c;
    c.loc = loc;
    if (pattern) c.patterns.push_back(std::move(pattern));
    c.body.push_back(std::move(body));
    return c;
}

} // namespace

std::vector<std::unique_ptr<Function>> moduleInfoFunctions(const Module& m) {
    std::vector<std::unique_ptr<Function>> out;
    Builder b;
    const std::string& mod = m.name;

    auto info0 = std::make_unique<Function>();
    info0->name = "module_info";
    info0->arity = 0;
    ExprList items;
    items.push_back(b.pair("module", b.atom(mod)));
    items.push_back(b.pair("exports", b.getInfo(mod, b.atom("exports"))));
    items.push_back(b.pair("attributes", attributesLiteral(b, m)));
    items.push_back(b.pair("compile", compileLiteral(b, m)));
    items.push_back(b.pair("md5", b.getInfo(mod, b.atom("md5"))));
    info0->clauses.push_back(clause(nullptr, b.list(std::move(items)), b.loc));
    out.push_back(std::move(info0));

    auto info1 = std::make_unique<Function>();
    info1->name = "module_info";
    info1->arity = 1;
    info1->clauses.push_back(clause(b.atom("module"), b.atom(mod), b.loc));
    info1->clauses.push_back(clause(b.atom("attributes"), attributesLiteral(b, m), b.loc));
    info1->clauses.push_back(clause(b.atom("compile"), compileLiteral(b, m), b.loc));
    info1->clauses.push_back(clause(b.var("Key"), b.getInfo(mod, b.var("Key")), b.loc));
    out.push_back(std::move(info1));
    return out;
}

} // namespace pfun::compiler
