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

// erlc adds {vsn, [N]} when a module has none, N being its code's MD5 as an integer.
// Ours is a 128-bit hash of the source text: as stable, not the same number.
ExprPtr defaultVsn(Builder& b, std::string_view source) {
    uint64_t h1 = 14695981039346656037ull, h2 = 0x9E3779B97F4A7C15ull;
    for (unsigned char c : source) {
        h1 = (h1 ^ c) * 1099511628211ull;
        h2 = (h2 ^ c) * 0x100000001B3ull + 0x2545F4914F6CDD1Dull;
    }
    unsigned __int128 v = (static_cast<unsigned __int128>(h1) << 64) | h2;
    std::string digits;
    do {
        digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    } while (v != 0);
    auto n = makeExpr(ExprKind::Integer, b.loc);
    n->bigValue = digits;
    ExprList one;
    one.push_back(std::move(n));
    return b.pair("vsn", b.list(std::move(one)));
}

ExprPtr attributesLiteral(Builder& b, const Module& m, std::string_view source) {
    ExprList items;
    bool hasVsn = false;
    for (const Attribute& a : m.otherAttributes)
        if (keptAttribute(a) && a.name == "vsn") hasVsn = true;
    if (!hasVsn) items.push_back(defaultVsn(b, source));
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

std::vector<std::unique_ptr<Function>> moduleInfoFunctions(const Module& m,
                                                           std::string_view source) {
    std::vector<std::unique_ptr<Function>> out;
    Builder b;
    const std::string& mod = m.name;

    auto info0 = std::make_unique<Function>();
    info0->name = "module_info";
    info0->arity = 0;
    ExprList items;
    items.push_back(b.pair("module", b.atom(mod)));
    items.push_back(b.pair("exports", b.getInfo(mod, b.atom("exports"))));
    items.push_back(b.pair("attributes", attributesLiteral(b, m, source)));
    items.push_back(b.pair("compile", compileLiteral(b, m)));
    items.push_back(b.pair("md5", b.getInfo(mod, b.atom("md5"))));
    info0->clauses.push_back(clause(nullptr, b.list(std::move(items)), b.loc));
    out.push_back(std::move(info0));

    auto info1 = std::make_unique<Function>();
    info1->name = "module_info";
    info1->arity = 1;
    info1->clauses.push_back(clause(b.atom("module"), b.atom(mod), b.loc));
    info1->clauses.push_back(clause(b.atom("attributes"), attributesLiteral(b, m, source), b.loc));
    info1->clauses.push_back(clause(b.atom("compile"), compileLiteral(b, m), b.loc));
    info1->clauses.push_back(clause(b.var("Key"), b.getInfo(mod, b.var("Key")), b.loc));
    out.push_back(std::move(info1));
    return out;
}

} // namespace pfun::compiler
