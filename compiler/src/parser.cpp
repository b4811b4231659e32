#include "parser.h"

#include "lexer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <unordered_map>

namespace pfun::compiler {

namespace {

constexpr int kMaxNesting = 250;   // recursive constructs inside one another
constexpr int kMaxAstDepth = 5000; // nodes on any root-to-leaf path, chains included

struct SyntaxError {}; // unwinds to the form boundary; never leaves this file

struct RecordField {
    std::string name;
    ExprPtr init; // null: undefined
};
struct RecordDef {
    std::vector<RecordField> fields;
};

bool atomNeedsQuotes(const std::string& a) {
    if (a.empty()) return true;
    auto c0 = static_cast<unsigned char>(a[0]);
    if (!(c0 >= 'a' && c0 <= 'z')) return true;
    for (char ch : a) {
        auto c = static_cast<unsigned char>(ch);
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '@'))
            return true;
    }
    static const char* const kWords[] = {
        "after", "and",  "andalso", "band",   "begin",   "bnot", "bor", "bsl",  "bsr",
        "bxor",  "case", "catch",   "cond",   "div",     "end",  "fun", "if",   "let",
        "not",   "of",   "or",      "orelse", "receive", "rem",  "try", "when", "xor"};
    for (const char* w : kWords)
        if (a == w) return true;
    return false;
}

std::string quoteAtom(const std::string& a) {
    if (!atomNeedsQuotes(a)) return a;
    std::string out = "'";
    for (char c : a) {
        if (c == '\'' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "'";
}

class Parser {
  public:
    Parser(const std::vector<Token>& toks, Diagnostics& diags) : toks_(toks), diags_(diags) {}

    Module parseModule(std::string_view fileName) {
        Module m;
        m.fileName = std::string(fileName);
        bool haveModule = false;
        while (!at().kind_is(TokKind::Eof)) {
            size_t formStart = pos_;
            formStart_ = pos_;
            try {
                if (at().is("-")) {
                    parseAttribute(m, haveModule);
                } else {
                    parseFunction(m);
                }
            } catch (const SyntaxError&) {
                // Resume after the Dot that ends the broken form.
                if (pos_ == formStart && !peekKind(TokKind::Eof)) ++pos_;
                while (!peekKind(TokKind::Eof) && !peekKind(TokKind::Dot))
                    ++pos_;
                if (peekKind(TokKind::Dot)) ++pos_;
                nesting_ = 0;
                depth_ = 0;
                patternMode_ = false;
                noRemote_ = false;
            }
        }
        if (!haveModule) {
            m.isScript = true;
            std::filesystem::path p{std::string(fileName)};
            m.name = p.stem().string();
        }
        return m;
    }

    std::optional<ExprList> parseShell() {
        try {
            ExprList out = parseExprs();
            if (!peekKind(TokKind::Dot)) syntaxError();
            ++pos_;
            if (!peekKind(TokKind::Eof)) syntaxError();
            return out;
        } catch (const SyntaxError&) {
            return std::nullopt;
        }
    }

  private:
    const std::vector<Token>& toks_;
    Diagnostics& diags_;
    size_t pos_ = 0;
    int nesting_ = 0;
    int depth_ = 0;
    size_t formStart_ = 0;
    bool noRemote_ = false;    // inside a catch-clause pattern, `:` separates Class:Reason
    bool patternMode_ = false; // inside a function or fun head
    std::unordered_map<std::string, RecordDef> records_;

    struct TokView {
        const Token& t;
        bool kind_is(TokKind k) const { return t.kind == k; }
        bool is(std::string_view s) const { return t.is(s); }
    };
    TokView at() const { return {cur()}; }
    const Token& cur() const { return toks_[std::min(pos_, toks_.size() - 1)]; }
    const Token& ahead(size_t k) const { return toks_[std::min(pos_ + k, toks_.size() - 1)]; }
    bool peek(std::string_view s) const { return cur().is(s); }
    bool peekKind(TokKind k) const { return cur().kind == k; }
    Loc loc() const { return cur().loc; }
    const Token& advance() {
        const Token& t = cur();
        if (pos_ < toks_.size() - 1) ++pos_;
        return t;
    }

    [[noreturn]] void syntaxError() { syntaxErrorAt(cur()); }
    [[noreturn]] void syntaxErrorAt(const Token& t) {
        // A form holding a token the lexer rejected is dropped silently.
        for (size_t i = formStart_; i < toks_.size() && toks_[i].kind != TokKind::Dot; ++i)
            if (toks_[i].kind == TokKind::Error) throw SyntaxError{};
        if (t.kind == TokKind::Eof) // erl_parse shows nothing and points at the last token
            diags_.error(pos_ > 0 ? toks_[std::min(pos_, toks_.size() - 1) - 1].loc : t.loc,
                         "syntax error before: ");
        else
            diags_.error(t.loc, "syntax error before: " + describeToken(t));
        throw SyntaxError{};
    }
    [[noreturn]] void errorAt(Loc l, std::string msg) {
        diags_.error(l, std::move(msg));
        throw SyntaxError{};
    }
    void expect(std::string_view s) {
        if (!peek(s)) syntaxError();
        advance();
    }
    void expectDot() {
        if (!peekKind(TokKind::Dot)) syntaxError();
        advance();
    }

    // RAII guard for nesting depth.
    struct Nest {
        Parser& p;
        int savedDepth;
        Nest(Parser& parser, int extraDepth = 1) : p(parser), savedDepth(parser.depth_) {
            if (++p.nesting_ > kMaxNesting) p.errorAt(p.loc(), "expression nested too deeply");
            p.depth_ += extraDepth;
            if (p.depth_ > kMaxAstDepth) p.errorAt(p.loc(), "expression nested too deeply");
        }
        ~Nest() {
            --p.nesting_;
            p.depth_ = savedDepth;
        }
    };
    void chainStep(int& chain) {
        if (++chain + depth_ > kMaxAstDepth) errorAt(loc(), "expression nested too deeply");
    }

    // ---------------------------------------------------------------- attributes

    void skipForm() {
        while (!peekKind(TokKind::Dot) && !peekKind(TokKind::Eof))
            advance();
        expectDot();
    }

    std::string atomText() {
        if (!peekKind(TokKind::Atom)) syntaxError();
        return advance().text;
    }

    void parseFunctionList(std::vector<NameArity>& out, Loc attrLoc) {
        expect("[");
        if (peek("]")) {
            advance();
            return;
        }
        while (true) {
            NameArity na;
            na.loc = attrLoc; // erlc points at the attribute for export errors
            na.name = atomText();
            expect("/");
            if (!peekKind(TokKind::Integer) || !cur().bigValue.empty()) syntaxError();
            na.arity = static_cast<uint32_t>(std::min<int64_t>(advance().intValue, 1 << 20));
            out.push_back(std::move(na));
            if (peek(",")) {
                advance();
                continue;
            }
            expect("]");
            return;
        }
    }

    void parseAttribute(Module& m, bool& haveModule) {
        Loc dashLoc = loc();
        advance(); // '-'
        Loc nameLoc = loc();
        std::string name;
        if (peekKind(TokKind::Atom) || peekKind(TokKind::Keyword))
            name = advance().text;
        else
            syntaxError();
        if (name == "module") {
            expect("(");
            Loc l = loc();
            std::string mod = atomText();
            // -module(m, [Params]) does not exist in OTP 25.
            expect(")");
            expectDot();
            if (haveModule) {
                diags_.error(l, "redefining module");
                return;
            }
            m.name = mod;
            haveModule = true;
            return;
        }
        if (name == "export") {
            expect("(");
            parseFunctionList(m.exports, nameLoc);
            expect(")");
            expectDot();
            return;
        }
        if (name == "import") {
            expect("(");
            std::string mod = atomText();
            expect(",");
            std::vector<NameArity> fs;
            parseFunctionList(fs, nameLoc);
            expect(")");
            expectDot();
            for (auto& f : fs)
                m.imports.push_back({mod, std::move(f)});
            return;
        }
        if (name == "compile") {
            expect("(");
            ExprPtr opts = parseExpr();
            expect(")");
            expectDot();
            compileOptions(m, *opts);
            return;
        }
        if (name == "record") {
            parseRecordDef();
            return;
        }
        Attribute a;
        a.loc = dashLoc;
        a.name = name;
        m.otherAttributes.push_back(std::move(a));
        static const char* const kTypeSyntax[] = {
            "spec", "type", "opaque", "callback", "export_type", "optional_callbacks", "nominal"};
        bool typeSyntax = false;
        for (const char* t : kTypeSyntax)
            if (name == t) typeSyntax = true;
        if (typeSyntax) {
            // -spec f(...) -> ...: remember f/N so the linter can check it exists.
            if (name == "spec" && peekKind(TokKind::Atom) && ahead(1).is("(")) {
                NameArity na;
                na.loc = nameLoc;
                na.name = cur().text;
                int depth = 0, commas = 0;
                bool any = false;
                for (size_t i = pos_ + 1; i < toks_.size(); ++i) {
                    const Token& t = toks_[i];
                    if (t.kind == TokKind::Dot || t.kind == TokKind::Eof) break;
                    if (t.is("(") || t.is("[") || t.is("{") || t.is("<<")) {
                        if (++depth > 1) any = true;
                        continue;
                    }
                    if (t.is(")") || t.is("]") || t.is("}") || t.is(">>")) {
                        if (--depth == 0) {
                            na.arity = static_cast<uint32_t>(any ? commas + 1 : 0);
                            m.specs.push_back(na);
                            break;
                        }
                        continue;
                    }
                    if (depth == 1 && t.is(",")) ++commas;
                    if (depth >= 1) any = true;
                }
            }
            skipForm(); // type syntax is not expression syntax; nothing here is used
            return;
        }
        // Any other attribute: -name(Value). or -name(V1, V2, ...). with ordinary terms
        // (erl_parse's attr_val), so that a typo is still a syntax error.
        // The value is kept for module_info(attributes); several values form a tuple.
        ExprPtr value;
        if (peek("(")) {
            Loc at = loc();
            advance();
            ExprList vs = parseExprs();
            expect(")");
            if (vs.size() == 1) {
                value = std::move(vs[0]);
            } else {
                value = makeExpr(ExprKind::Tuple, at);
                value->kids = std::move(vs);
            }
        } else {
            value = parseExpr();
        }
        expectDot();
        m.otherAttributes.back().value = std::move(value);
    }

    void compileOptions(Module& m, const Expr& e) {
        if (e.kind == ExprKind::Atom) {
            if (e.text == "export_all") m.exportAll = true;
            m.compileFlags.push_back(e.text);
        } else if (e.kind == ExprKind::Cons) {
            const Expr* c = &e;
            while (c && c->kind == ExprKind::Cons) {
                compileOptions(m, *c->kids[0]);
                c = c->kids[1].get();
            }
        } else if (e.kind == ExprKind::Tuple && e.kids.size() == 2 &&
                   e.kids[0]->kind == ExprKind::Atom && e.kids[0]->text == "no_auto_import") {
            const Expr* c = e.kids[1].get();
            while (c && c->kind == ExprKind::Cons) {
                const Expr& fa = *c->kids[0];
                if (fa.kind == ExprKind::BinOp && fa.text == "/" &&
                    fa.kids[0]->kind == ExprKind::Atom && fa.kids[1]->kind == ExprKind::Integer)
                    m.noAutoImport.push_back({fa.kids[0]->text,
                                              static_cast<uint32_t>(fa.kids[1]->intValue & 0xFFFFF),
                                              fa.loc});
                c = c->kids[1].get();
            }
        }
    }

    // -record(name, {f1, f2 = Default, f3 :: type(), f4 = D :: type()}).
    void parseRecordDef() {
        expect("(");
        Loc nameLoc = loc();
        std::string name = atomText();
        expect(",");
        expect("{");
        RecordDef def;
        if (!peek("}")) {
            while (true) {
                RecordField f;
                Loc fl = loc();
                f.name = atomText();
                for (const auto& other : def.fields)
                    if (other.name == f.name)
                        diags_.error(fl, "field " + quoteAtom(f.name) +
                                             " already defined in record " + quoteAtom(name));
                if (peek("=")) {
                    advance();
                    f.init = parseExpr();
                }
                if (peek("::")) skipType();
                def.fields.push_back(std::move(f));
                if (peek(",")) {
                    advance();
                    continue;
                }
                break;
            }
        }
        expect("}");
        expect(")");
        expectDot();
        if (records_.count(name)) {
            diags_.error(nameLoc, "record " + quoteAtom(name) + " already defined");
            return;
        }
        records_[name] = std::move(def);
    }

    // Skips a type after `::` up to a `,` or `}` at bracket depth 0.
    void skipType() {
        int depth = 0;
        while (!peekKind(TokKind::Eof) && !peekKind(TokKind::Dot)) {
            if (depth == 0 && (peek(",") || peek("}"))) return;
            if (peek("(") || peek("[") || peek("{") || peek("<<")) ++depth;
            if (peek(")") || peek("]") || peek("}") || peek(">>")) {
                if (--depth < 0) return;
            }
            advance();
        }
    }

    // ---------------------------------------------------------------- functions

    void parseFunction(Module& m) {
        const Token& first = cur();
        Function f;
        f.loc = first.loc;
        f.sourceBegin = first.begin;
        if (!peekKind(TokKind::Atom)) syntaxError();
        f.name = first.text;
        bool firstClause = true;
        while (true) {
            Loc cl = loc();
            if (!peekKind(TokKind::Atom)) syntaxError();
            std::string name = advance().text;
            Clause c = parseClauseAfterName(cl);
            if (firstClause) {
                f.arity = static_cast<uint32_t>(c.patterns.size());
                firstClause = false;
            } else if (name != f.name || c.patterns.size() != f.arity) {
                errorAt(cl, "head mismatch");
            }
            f.clauses.push_back(std::move(c));
            if (peek(";")) {
                advance();
                continue;
            }
            break;
        }
        if (!peekKind(TokKind::Dot)) syntaxError();
        f.sourceEnd = cur().end;
        advance();
        for (auto& c : f.clauses)
            desugarClause(c, true);
        m.functions.push_back(std::move(f));
    }

    Clause parseClauseAfterName(Loc cl) {
        Clause c;
        c.loc = cl;
        expect("(");
        // Function and fun heads use erl_parse's pattern grammar: a call or a `fun`
        // there is a syntax error, not an illegal pattern.
        bool saved = patternMode_;
        patternMode_ = true;
        c.patterns = parseArgs();
        patternMode_ = saved;
        parseGuardOpt(c);
        expect("->");
        c.body = parseExprs();
        return c;
    }

    // After '(': arguments up to and including ')'.
    ExprList parseArgs() {
        ExprList out;
        if (peek(")")) {
            advance();
            return out;
        }
        while (true) {
            out.push_back(parseExpr());
            if (peek(",")) {
                advance();
                continue;
            }
            expect(")");
            return out;
        }
    }

    void parseGuardOpt(Clause& c) {
        if (!cur().isKeyword("when")) return;
        advance();
        while (true) {
            ExprList conj;
            while (true) {
                conj.push_back(parseExpr());
                if (peek(",")) {
                    advance();
                    continue;
                }
                break;
            }
            c.guards.push_back(std::move(conj));
            if (peek(";")) {
                advance();
                continue;
            }
            break;
        }
    }

    ExprList parseExprs() {
        ExprList out;
        while (true) {
            out.push_back(parseExpr());
            if (peek(",")) {
                advance();
                continue;
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- expressions

    ExprPtr parseExpr() {
        Nest n(*this);
        if (cur().isKeyword("catch") && !patternMode_) {
            Loc l = loc();
            advance();
            auto e = makeExpr(ExprKind::Catch, l);
            e->kids.push_back(parseExpr());
            return e;
        }
        return parseMatch();
    }

    // expr_100: expr_150 ('=' | '!') expr_100, right associative.
    ExprPtr parseMatch() {
        ExprPtr lhs = parseOrElse();
        if (peek("=") || (peek("!") && !patternMode_)) {
            Loc l = loc();
            bool send = peek("!");
            advance();
            Nest n(*this);
            // erlc accepts `X = catch f()`: the right-hand side may be a catch.
            ExprPtr rhs = parseExpr();
            auto e = makeExpr(send ? ExprKind::BinOp : ExprKind::Match, l);
            if (send) e->text = "!";
            e->loc = send ? l : lhs->loc;
            e->kids.push_back(std::move(lhs));
            e->kids.push_back(std::move(rhs));
            return e;
        }
        return lhs;
    }

    ExprPtr parseOrElse() {
        ExprPtr lhs = parseAndAlso();
        if (cur().isKeyword("orelse")) {
            Loc l = loc();
            advance();
            Nest n(*this);
            auto e = makeExpr(ExprKind::OrElse, l);
            e->kids.push_back(std::move(lhs));
            e->kids.push_back(parseOrElse());
            return e;
        }
        return lhs;
    }

    ExprPtr parseAndAlso() {
        ExprPtr lhs = parseComp();
        if (cur().isKeyword("andalso")) {
            Loc l = loc();
            advance();
            Nest n(*this);
            auto e = makeExpr(ExprKind::AndAlso, l);
            e->kids.push_back(std::move(lhs));
            e->kids.push_back(parseAndAlso());
            return e;
        }
        return lhs;
    }

    static bool isCompTok(const Token& t) {
        return t.kind == TokKind::Punct &&
               (t.text == "==" || t.text == "/=" || t.text == "=<" || t.text == "<" ||
                t.text == ">=" || t.text == ">" || t.text == "=:=" || t.text == "=/=");
    }

    ExprPtr binop(std::string op, Loc l, ExprPtr a, ExprPtr b) {
        auto e = makeExpr(ExprKind::BinOp, l);
        e->text = std::move(op);
        e->kids.push_back(std::move(a));
        e->kids.push_back(std::move(b));
        return e;
    }

    ExprPtr parseComp() {
        ExprPtr lhs = parseListOp();
        if (isCompTok(cur())) {
            Loc l = loc();
            std::string op = advance().text;
            ExprPtr rhs = parseListOp();
            // Comparison is non-associative: a second one is a syntax error.
            if (isCompTok(cur())) syntaxError();
            return binop(op, l, std::move(lhs), std::move(rhs));
        }
        return lhs;
    }

    ExprPtr parseListOp() {
        ExprPtr lhs = parseAdd();
        if (peek("++") || peek("--")) {
            Loc l = loc();
            std::string op = advance().text;
            Nest n(*this);
            return binop(op, l, std::move(lhs), parseListOp());
        }
        return lhs;
    }

    static bool isAddTok(const Token& t) {
        return t.is("+") || t.is("-") || t.isKeyword("bor") || t.isKeyword("bxor") ||
               t.isKeyword("bsl") || t.isKeyword("bsr") || t.isKeyword("or") || t.isKeyword("xor");
    }
    static bool isMulTok(const Token& t) {
        return t.is("*") || t.is("/") || t.isKeyword("div") || t.isKeyword("rem") ||
               t.isKeyword("band") || t.isKeyword("and");
    }

    ExprPtr parseAdd() {
        ExprPtr lhs = parseMul();
        int chain = 0;
        while (isAddTok(cur())) {
            chainStep(chain);
            Loc l = loc();
            std::string op = advance().text;
            lhs = binop(op, l, std::move(lhs), parseMul());
        }
        return lhs;
    }

    ExprPtr parseMul() {
        ExprPtr lhs = parseUnary();
        int chain = 0;
        while (isMulTok(cur())) {
            chainStep(chain);
            Loc l = loc();
            std::string op = advance().text;
            lhs = binop(op, l, std::move(lhs), parseUnary());
        }
        return lhs;
    }

    ExprPtr parseUnary() {
        if (peek("+") || peek("-") || cur().isKeyword("bnot") || cur().isKeyword("not")) {
            Loc l = loc();
            std::string op = advance().text;
            Nest n(*this);
            ExprPtr operand = parseUnary();
            // A negative numeric literal is a literal (erl_parse folds it too).
            if (op == "-" && operand->kind == ExprKind::Integer && operand->bigValue.empty() &&
                operand->intValue != INT64_MIN) {
                operand->intValue = -operand->intValue;
                operand->loc = l;
                return operand;
            }
            if (op == "-" && operand->kind == ExprKind::Integer && !operand->bigValue.empty()) {
                operand->bigValue = "-" + operand->bigValue;
                operand->loc = l;
                return operand;
            }
            if (op == "-" && operand->kind == ExprKind::Float) {
                operand->floatValue = -operand->floatValue;
                operand->loc = l;
                return operand;
            }
            auto e = makeExpr(ExprKind::UnaryOp, l);
            e->text = op;
            e->kids.push_back(std::move(operand));
            return e;
        }
        return parsePostfix();
    }

    // expr_max followed by any number of record/map suffixes, remote `:`, and calls.
    ExprPtr parsePostfix() {
        ExprPtr e = parsePrimary();
        int chain = 0;
        while (true) {
            if (peek("#") && cur().intValue == 0) {
                chainStep(chain);
                e = parseHashSuffix(std::move(e));
                continue;
            }
            if (patternMode_ && (peek(":") || peek("("))) return e;
            if (peek(":") && !noRemote_) {
                chainStep(chain);
                advance();
                ExprPtr fn = parsePrimary();
                if (!peek("(")) {
                    // `m:f` without arguments is grammatical (erl_parse's expr_800); the
                    // linter rejects it as an illegal expression or pattern.
                    Loc at = e->loc;
                    e = binop(":", at, std::move(e), std::move(fn));
                    continue;
                }
                Loc l = e->loc;
                advance();
                auto call = makeExpr(ExprKind::Call, l);
                call->remote = true;
                call->kids.push_back(std::move(e));
                call->kids.push_back(std::move(fn));
                for (auto& a : parseArgs())
                    call->kids.push_back(std::move(a));
                e = std::move(call);
                continue;
            }
            if (peek("(")) {
                chainStep(chain);
                Loc l = e->loc;
                advance();
                auto call = makeExpr(ExprKind::Call, l);
                if (e->kind == ExprKind::Atom) {
                    call->text = e->text;
                } else {
                    call->kids.push_back(std::move(e));
                }
                for (auto& a : parseArgs())
                    call->kids.push_back(std::move(a));
                e = recordInfo(std::move(call));
                continue;
            }
            return e;
        }
    }

    // After an expression: `#{...}` map update, `#name{...}` record update,
    // `#name.field` record access.
    ExprPtr parseHashSuffix(ExprPtr base) {
        Loc l = loc();
        advance(); // '#'
        if (peek("{")) {
            auto upd = makeExpr(ExprKind::MapUpdate, base->loc);
            upd->loc = l;
            upd->kids.push_back(std::move(base));
            parseMapFields(*upd);
            return upd;
        }
        std::string rec = atomText();
        if (peek(".")) {
            advance();
            const RecordDef* def = recordDef(rec, l);
            Loc fl = loc();
            std::string field = atomText();
            int idx = fieldIndex(def, rec, field, fl);
            if (idx < 0) return atom(l, "undefined");
            return callElement(l, idx, std::move(base));
        }
        if (peek("{")) return recordUpdate(l, rec, std::move(base));
        syntaxError();
    }

    void parseMapFields(Expr& into) {
        expect("{");
        if (peek("}")) {
            advance();
            return;
        }
        while (true) {
            ExprPtr key = parseExpr();
            Loc l = loc();
            std::string op;
            if (peek("=>") || peek(":="))
                op = advance().text;
            else
                syntaxError();
            auto f = makeExpr(ExprKind::MapField, l); // erl_parse locates a field at its operator
            f->text = op;
            f->kids.push_back(std::move(key));
            f->kids.push_back(parseExpr());
            into.kids.push_back(std::move(f));
            if (peek(",")) {
                advance();
                continue;
            }
            expect("}");
            return;
        }
    }

    ExprPtr atom(Loc l, std::string text) {
        auto e = makeExpr(ExprKind::Atom, l);
        e->text = std::move(text);
        return e;
    }
    ExprPtr integer(Loc l, int64_t v) {
        auto e = makeExpr(ExprKind::Integer, l);
        e->intValue = v;
        return e;
    }

    ExprPtr callElement(Loc l, int idx, ExprPtr base) {
        auto call = makeExpr(ExprKind::Call, l);
        call->remote = true;
        call->kids.push_back(atom(l, "erlang"));
        call->kids.push_back(atom(l, "element"));
        call->kids.push_back(integer(l, idx));
        call->kids.push_back(std::move(base));
        return call;
    }

    // Record errors are erl_lint's, not syntax errors: report, and keep parsing the
    // form with a placeholder, so the function still counts as defined.
    const RecordDef* recordDef(const std::string& rec, Loc at) {
        auto it = records_.find(rec);
        if (it == records_.end()) {
            diags_.error(at, "record " + quoteAtom(rec) + " undefined");
            return nullptr;
        }
        return &it->second;
    }

    // Index of `field` in the record's tuple (2 for the first field), or -1 after
    // reporting. `def` null: the record itself was undefined (already reported).
    int fieldIndex(const RecordDef* def, const std::string& rec, const std::string& field,
                   Loc fieldLoc) {
        if (!def) return -1;
        for (size_t i = 0; i < def->fields.size(); ++i)
            if (def->fields[i].name == field) return static_cast<int>(i) + 2;
        diags_.error(fieldLoc,
                     "field " + quoteAtom(field) + " undefined in record " + quoteAtom(rec));
        return -1;
    }

    struct RecordFieldValue {
        std::string name; // "_" for `_ = V`
        int index;        // -1: unknown (reported)
        Loc loc;
        ExprPtr value;
    };

    // Record fields in braces: name = Value, ... (`_ = V` sets every other field).
    std::vector<RecordFieldValue> parseRecordFields(const RecordDef* def, const std::string& rec) {
        std::vector<RecordFieldValue> out;
        expect("{");
        if (peek("}")) {
            advance();
            return out;
        }
        while (true) {
            Loc fl = loc();
            std::string name;
            if (peekKind(TokKind::Atom))
                name = advance().text;
            else if (peekKind(TokKind::Var) && cur().text == "_")
                name = advance().text;
            else
                syntaxError();
            expect("=");
            ExprPtr v = parseExpr();
            int idx = name == "_" ? 0 : fieldIndex(def, rec, name, fl);
            bool dup = false;
            for (const auto& other : out)
                if (other.name == name) dup = true;
            if (dup)
                diags_.error(fl, "field " + quoteAtom(name) + " already defined in record " +
                                     quoteAtom(rec));
            else if (idx >= 0)
                out.push_back({std::move(name), idx, fl, std::move(v)});
            if (peek(",")) {
                advance();
                continue;
            }
            expect("}");
            return out;
        }
    }

    ExprPtr recordUpdate(Loc l, const std::string& rec, ExprPtr base) {
        const RecordDef* def = recordDef(rec, l);
        auto fields = parseRecordFields(def, rec);
        ExprPtr e = std::move(base);
        for (auto& f : fields) {
            if (f.name == "_") {
                diags_.error(f.loc, "variable '_' is unbound");
                continue;
            }
            auto call = makeExpr(ExprKind::Call, l);
            call->remote = true;
            call->kids.push_back(atom(l, "erlang"));
            call->kids.push_back(atom(l, "setelement"));
            call->kids.push_back(integer(l, f.index));
            call->kids.push_back(std::move(e));
            call->kids.push_back(std::move(f.value));
            e = std::move(call);
        }
        return e;
    }

    // record_info(fields, r) and record_info(size, r) are compile-time constants.
    ExprPtr recordInfo(ExprPtr call) {
        // is_record(X, r) checks the size too, once r is known (as erlc does).
        if (call->text == "is_record" && call->kids.size() == 2 &&
            call->kids[1]->kind == ExprKind::Atom) {
            const RecordDef* def = recordDef(call->kids[1]->text, call->kids[1]->loc);
            if (def)
                call->kids.push_back(
                    integer(call->kids[1]->loc, static_cast<int64_t>(def->fields.size()) + 1));
            return call;
        }
        if (call->text != "record_info" || call->kids.size() != 2 ||
            call->kids[0]->kind != ExprKind::Atom || call->kids[1]->kind != ExprKind::Atom)
            return call;
        const std::string& what = call->kids[0]->text;
        if (what != "fields" && what != "size") return call;
        Loc l = call->loc;
        const RecordDef* def = recordDef(call->kids[1]->text, l);
        if (!def) return atom(l, "undefined");
        if (what == "size") return integer(l, static_cast<int64_t>(def->fields.size()) + 1);
        ExprPtr list = makeExpr(ExprKind::Nil, l);
        for (size_t i = def->fields.size(); i-- > 0;) {
            auto c = makeExpr(ExprKind::Cons, l);
            c->kids.push_back(atom(l, def->fields[i].name));
            c->kids.push_back(std::move(list));
            list = std::move(c);
        }
        return list;
    }

    // `#name{...}` (construction or pattern: decided later, by desugarClause) or
    // `#name.field` (the field index).
    ExprPtr parseRecordPrimary() {
        Loc l = loc();
        advance(); // '#'
        std::string rec = atomText();
        const RecordDef* def = recordDef(rec, l);
        if (peek(".")) {
            advance();
            Loc fl = loc();
            std::string field = atomText();
            return integer(l, std::max(fieldIndex(def, rec, field, fl), 0));
        }
        auto fields = parseRecordFields(def, rec);
        if (!def) return atom(l, "undefined");
        // Marker node: a Tuple whose text is "#name", kids MapField(field atom, value).
        // desugarClause rewrites it before the parser returns.
        auto e = makeExpr(ExprKind::Tuple, l);
        e->text = "#" + rec;
        for (auto& f : fields) {
            auto mf = makeExpr(ExprKind::MapField, l);
            mf->text = "=";
            mf->kids.push_back(atom(l, f.name));
            mf->kids.push_back(std::move(f.value));
            e->kids.push_back(std::move(mf));
        }
        return e;
    }

    ExprPtr parsePrimary() {
        Nest n(*this);
        const Token& t = cur();
        Loc l = t.loc;
        switch (t.kind) {
        case TokKind::Integer: {
            advance();
            auto e = makeExpr(ExprKind::Integer, l);
            e->intValue = t.intValue;
            e->bigValue = t.bigValue;
            return e;
        }
        case TokKind::Float: {
            advance();
            auto e = makeExpr(ExprKind::Float, l);
            e->floatValue = t.floatValue;
            return e;
        }
        case TokKind::Char: {
            advance();
            auto e = makeExpr(ExprKind::Char, l);
            e->intValue = t.intValue;
            return e;
        }
        case TokKind::Atom: advance(); return atom(l, t.text);
        case TokKind::Var: {
            advance();
            auto e = makeExpr(ExprKind::Var, l);
            e->text = t.text;
            return e;
        }
        case TokKind::String: {
            auto e = makeExpr(ExprKind::String, l);
            // Adjacent string literals are one string.
            while (peekKind(TokKind::String))
                e->str += advance().str;
            return e;
        }
        case TokKind::Punct:
            if (t.is("(")) {
                advance();
                ExprPtr e = parseExpr();
                expect(")");
                return e;
            }
            if (t.is("{")) {
                advance();
                auto e = makeExpr(ExprKind::Tuple, l);
                if (peek("}")) {
                    advance();
                    return e;
                }
                int chain = 0;
                while (true) {
                    chainStep(chain);
                    e->kids.push_back(parseExpr());
                    if (peek(",")) {
                        advance();
                        continue;
                    }
                    expect("}");
                    return e;
                }
            }
            if (t.is("[")) return parseList();
            if (t.is("<<")) return parseBinary();
            if (t.is("#") && t.intValue == 0) {
                if (ahead(1).is("{")) {
                    advance();
                    auto e = makeExpr(ExprKind::Map, l);
                    parseMapFields(*e);
                    return e;
                }
                return parseRecordPrimary();
            }
            syntaxError();
        case TokKind::Keyword:
            if (t.isKeyword("case")) return parseCase();
            if (t.isKeyword("if")) return parseIf();
            if (t.isKeyword("receive")) return parseReceive();
            if (t.isKeyword("try")) return parseTry();
            if (t.isKeyword("begin")) {
                advance();
                auto e = makeExpr(ExprKind::Block, l);
                e->kids = parseExprs();
                expect("end");
                return e;
            }
            if (t.isKeyword("fun") || t.isKeyword("pfun")) return parseFun();
            syntaxError();
        default: syntaxError();
        }
    }

    ExprPtr parseList() {
        Loc l = loc();
        advance(); // '['
        if (peek("]")) {
            advance();
            return makeExpr(ExprKind::Nil, l);
        }
        ExprPtr first = parseExpr();
        if (peek("||")) {
            advance();
            auto e = makeExpr(ExprKind::ListComp, l);
            e->kids.push_back(std::move(first));
            parseQualifiers(*e);
            expect("]");
            return e;
        }
        ExprList elems;
        elems.push_back(std::move(first));
        int saved = depth_;
        ExprPtr tail;
        while (true) {
            if (peek(",")) {
                advance();
                ++depth_; // each element sits one cons cell deeper
                if (depth_ > kMaxAstDepth) errorAt(loc(), "expression nested too deeply");
                elems.push_back(parseExpr());
                continue;
            }
            if (peek("|")) {
                advance();
                tail = parseExpr();
            }
            break;
        }
        depth_ = saved;
        Loc endLoc = loc();
        expect("]");
        if (!tail) tail = makeExpr(ExprKind::Nil, endLoc);
        for (size_t i = elems.size(); i-- > 0;) {
            auto c = makeExpr(ExprKind::Cons, elems[i]->loc);
            if (i == 0) c->loc = l;
            c->kids.push_back(std::move(elems[i]));
            c->kids.push_back(std::move(tail));
            tail = std::move(c);
        }
        return tail;
    }

    void parseQualifiers(Expr& into) {
        while (true) {
            ExprPtr q = parseExpr();
            if (peek("<-") || peek("<=")) {
                bool bin = peek("<=");
                Loc l = loc();
                advance();
                auto g = makeExpr(bin ? ExprKind::BinGenerator : ExprKind::Generator, q->loc);
                (void)l;
                g->kids.push_back(std::move(q));
                g->kids.push_back(parseExpr());
                into.kids.push_back(std::move(g));
            } else {
                into.kids.push_back(std::move(q));
            }
            if (peek(",")) {
                advance();
                continue;
            }
            return;
        }
    }

    ExprPtr parseBitExpr() {
        // bit_expr: prefix_op expr_max | expr_max
        if (peek("+") || peek("-") || cur().isKeyword("bnot") || cur().isKeyword("not")) {
            Loc l = loc();
            std::string op = advance().text;
            Nest n(*this);
            ExprPtr operand = parsePrimary();
            if (op == "-" && operand->kind == ExprKind::Integer && operand->bigValue.empty() &&
                operand->intValue != INT64_MIN) {
                operand->intValue = -operand->intValue;
                operand->loc = l;
                return operand;
            }
            if (op == "-" && operand->kind == ExprKind::Float) {
                operand->floatValue = -operand->floatValue;
                operand->loc = l;
                return operand;
            }
            auto e = makeExpr(ExprKind::UnaryOp, l);
            e->text = op;
            e->kids.push_back(std::move(operand));
            return e;
        }
        return parsePrimary();
    }

    ExprPtr parseBinary() {
        Loc l = loc();
        advance(); // '<<'
        auto e = makeExpr(ExprKind::Binary, l);
        if (peek(">>")) {
            advance();
            return e;
        }
        bool first = true;
        int chain = 0;
        while (true) {
            chainStep(chain);
            BinSegment seg;
            seg.loc = loc();
            seg.value = parseBitExpr();
            if (first && peek("||")) {
                advance();
                auto bc = makeExpr(ExprKind::BinComp, l);
                bc->kids.push_back(std::move(seg.value));
                parseQualifiers(*bc);
                expect(">>");
                return bc;
            }
            first = false;
            if (peek(":")) {
                advance();
                seg.size = parsePrimary();
            }
            if (peek("/")) {
                advance();
                while (true) {
                    std::string spec = atomText();
                    if (peek(":")) {
                        advance();
                        if (!peekKind(TokKind::Integer)) syntaxError();
                        const Token& n = advance();
                        spec +=
                            ":" + (n.bigValue.empty() ? std::to_string(n.intValue) : n.bigValue);
                    }
                    seg.specs.push_back(std::move(spec));
                    if (peek("-")) {
                        advance();
                        continue;
                    }
                    break;
                }
            }
            e->segments.push_back(std::move(seg));
            if (peek(",")) {
                advance();
                continue;
            }
            expect(">>");
            return e;
        }
    }

    // Clauses with one pattern each, `;`-separated: case, receive, try-of.
    std::vector<Clause> parseCrClauses() {
        std::vector<Clause> out;
        while (true) {
            Clause c;
            c.loc = loc();
            c.patterns.push_back(parseExpr());
            parseGuardOpt(c);
            expect("->");
            c.body = parseExprs();
            out.push_back(std::move(c));
            if (peek(";")) {
                advance();
                continue;
            }
            return out;
        }
    }

    ExprPtr parseCase() {
        Loc l = loc();
        advance();
        auto e = makeExpr(ExprKind::Case, l);
        e->kids.push_back(parseExpr());
        expect("of");
        e->clauses = parseCrClauses();
        expect("end");
        return e;
    }

    ExprPtr parseIf() {
        Loc l = loc();
        advance();
        auto e = makeExpr(ExprKind::If, l);
        while (true) {
            Clause c;
            c.loc = loc();
            while (true) {
                ExprList conj;
                while (true) {
                    conj.push_back(parseExpr());
                    if (peek(",")) {
                        advance();
                        continue;
                    }
                    break;
                }
                c.guards.push_back(std::move(conj));
                if (peek(";")) {
                    advance();
                    continue;
                }
                break;
            }
            expect("->");
            c.body = parseExprs();
            e->clauses.push_back(std::move(c));
            if (peek(";")) {
                advance();
                continue;
            }
            break;
        }
        expect("end");
        return e;
    }

    ExprPtr parseReceive() {
        Loc l = loc();
        advance();
        auto e = makeExpr(ExprKind::Receive, l);
        if (!cur().isKeyword("after")) e->clauses = parseCrClauses();
        if (cur().isKeyword("after")) {
            advance();
            e->hasAfter = true;
            e->kids.push_back(parseExpr());
            expect("->");
            for (auto& b : parseExprs())
                e->kids.push_back(std::move(b));
        }
        expect("end");
        return e;
    }

    ExprPtr parseTry() {
        Loc l = loc();
        advance();
        auto e = makeExpr(ExprKind::Try, l);
        e->kids = parseExprs();
        if (cur().isKeyword("of")) {
            advance();
            e->clauses = parseCrClauses();
        }
        bool any = false;
        if (cur().isKeyword("catch")) {
            advance();
            any = true;
            while (true) {
                e->catchClauses.push_back(parseCatchClause());
                if (peek(";")) {
                    advance();
                    continue;
                }
                break;
            }
        }
        if (cur().isKeyword("after")) {
            advance();
            any = true;
            e->afterBody = parseExprs();
        }
        if (!any) syntaxError();
        expect("end");
        return e;
    }

    Clause parseCatchClause() {
        Clause c;
        c.loc = loc();
        ExprPtr cls, reason, stack;
        bool saved = noRemote_;
        noRemote_ = true;
        if ((peekKind(TokKind::Atom) || peekKind(TokKind::Var)) && ahead(1).is(":")) {
            const Token& t = advance();
            cls = makeExpr(t.kind == TokKind::Atom ? ExprKind::Atom : ExprKind::Var, t.loc);
            cls->text = t.text;
            advance(); // ':'
        }
        reason = parseExpr();
        if (peek(":")) {
            advance();
            if (!peekKind(TokKind::Var)) syntaxError();
            const Token& t = advance();
            stack = makeExpr(ExprKind::Var, t.loc);
            stack->text = t.text;
        }
        noRemote_ = saved;
        if (!cls) cls = atom(reason->loc, "throw");
        c.patterns.push_back(std::move(cls));
        c.patterns.push_back(std::move(reason));
        c.patterns.push_back(std::move(stack));
        parseGuardOpt(c);
        expect("->");
        c.body = parseExprs();
        return c;
    }

    ExprPtr parseFun() {
        Loc l = loc();
        bool portable = cur().isKeyword("pfun");
        const uint32_t sourceBegin = cur().begin;
        advance();
        // fun (Args) -> ... end
        if (peek("(")) {
            auto e = makeExpr(ExprKind::Fun, l);
            e->portable = portable;
            size_t arity = 0;
            while (true) {
                Loc cl = loc();
                Clause c = parseClauseAfterName(cl);
                if (!e->clauses.empty() && c.patterns.size() != arity) errorAt(cl, "head mismatch");
                arity = c.patterns.size();
                e->clauses.push_back(std::move(c));
                if (peek(";")) {
                    advance();
                    if (!peek("(")) syntaxError();
                    continue;
                }
                break;
            }
            e->sourceBegin = sourceBegin;
            e->sourceEnd = cur().end;
            expect("end");
            return e;
        }
        // fun Name(Args) -> ... ; Name(Args) -> ... end
        if (peekKind(TokKind::Var) && ahead(1).is("(")) {
            auto e = makeExpr(ExprKind::Fun, l);
            e->portable = portable;
            e->text = cur().text;
            size_t arity = 0;
            while (true) {
                Loc cl = loc();
                if (!peekKind(TokKind::Var)) syntaxError();
                std::string name = advance().text;
                Clause c = parseClauseAfterName(cl);
                if (name != e->text || (!e->clauses.empty() && c.patterns.size() != arity))
                    errorAt(cl, "head mismatch");
                arity = c.patterns.size();
                e->clauses.push_back(std::move(c));
                if (peek(";")) {
                    advance();
                    continue;
                }
                break;
            }
            e->sourceBegin = sourceBegin;
            e->sourceEnd = cur().end;
            expect("end");
            return e;
        }
        // fun name/Arity, fun M:F/A
        auto atomOrVar = [&]() -> ExprPtr {
            const Token& t = cur();
            if (t.kind == TokKind::Atom) {
                advance();
                return atom(t.loc, t.text);
            }
            if (t.kind == TokKind::Var) {
                advance();
                auto v = makeExpr(ExprKind::Var, t.loc);
                v->text = t.text;
                return v;
            }
            syntaxError();
        };
        if (peekKind(TokKind::Atom) && ahead(1).is("/")) {
            std::string name = advance().text;
            advance();
            if (!peekKind(TokKind::Integer) || !cur().bigValue.empty()) syntaxError();
            auto e = makeExpr(ExprKind::FunRef, l);
            e->portable = portable;
            e->text = name;
            e->intValue = advance().intValue;
            return e;
        }
        ExprPtr m = atomOrVar();
        expect(":");
        ExprPtr f = atomOrVar();
        expect("/");
        ExprPtr a;
        if (peekKind(TokKind::Integer)) {
            const Token& t = advance();
            a = integer(t.loc, t.intValue);
            a->bigValue = t.bigValue;
        } else if (peekKind(TokKind::Var)) {
            a = atomOrVar();
        } else {
            syntaxError();
        }
        auto e = makeExpr(ExprKind::ExtFunRef, l);
        e->portable = portable;
        e->kids.push_back(std::move(m));
        e->kids.push_back(std::move(f));
        e->kids.push_back(std::move(a));
        return e;
    }

    // ---------------------------------------------------------------- records

    int desugarBudget_ = 0;

    void desugarClause(Clause& c, bool headsArePatterns) {
        for (auto& p : c.patterns)
            if (p) desugar(p, headsArePatterns);
        for (auto& g : c.guards)
            for (auto& t : g)
                desugar(t, false);
        for (auto& b : c.body)
            desugar(b, false);
    }

    void desugar(ExprPtr& e, bool pattern) {
        if (!e) return;
        Expr& x = *e;
        switch (x.kind) {
        case ExprKind::Tuple:
            if (!x.text.empty() && x.text[0] == '#') {
                e = buildRecord(x, pattern);
                desugar(e, pattern);
                return;
            }
            break;
        case ExprKind::Match:
            desugar(x.kids[0], true);
            desugar(x.kids[1], pattern);
            return;
        case ExprKind::Generator:
        case ExprKind::BinGenerator:
            desugar(x.kids[0], true);
            desugar(x.kids[1], false);
            return;
        case ExprKind::Case:
        case ExprKind::Receive:
        case ExprKind::Try:
        case ExprKind::Fun:
        case ExprKind::If:
            for (auto& c : x.clauses)
                desugarClause(c, true);
            for (auto& c : x.catchClauses)
                desugarClause(c, true);
            for (auto& a : x.afterBody)
                desugar(a, false);
            for (auto& k : x.kids)
                desugar(k, false);
            return;
        default: break;
        }
        for (auto& k : x.kids)
            desugar(k, pattern);
        for (auto& s : x.segments) {
            desugar(s.value, pattern);
            desugar(s.size, false);
        }
    }

    ExprPtr buildRecord(Expr& marker, bool pattern) {
        std::string rec = marker.text.substr(1);
        const RecordDef& def = records_.at(rec); // checked when parsed
        auto t = makeExpr(ExprKind::Tuple, marker.loc);
        t->kids.push_back(atom(marker.loc, rec));
        ExprPtr* wildcard = nullptr;
        for (auto& f : marker.kids)
            if (f->kids[0]->text == "_") wildcard = &f->kids[1];
        for (const RecordField& rf : def.fields) {
            ExprPtr v;
            for (auto& f : marker.kids)
                if (f->kids[0]->text == rf.name && f->kids[1]) v = std::move(f->kids[1]);
            if (!v && wildcard) v = cloneExpr(**wildcard);
            if (!v) {
                if (pattern) {
                    v = makeExpr(ExprKind::Var, marker.loc);
                    v->text = "_";
                } else if (rf.init && ++desugarBudget_ < 100000) {
                    v = cloneExpr(*rf.init);
                } else {
                    v = atom(marker.loc, "undefined");
                }
            }
            t->kids.push_back(std::move(v));
        }
        return t;
    }
};

} // namespace

// A float as Erlang writes it (~w): the shortest digits that read back exactly, in
// plain or scientific notation, whichever is shorter (plain on a tie): 0.0, 1.5e-5,
// 1.0e10, 123.456.
std::string formatFloat(double v) {
    if (std::isnan(v) || std::isinf(v)) return v < 0 ? "-inf" : "inf";
    char buf[64];
    int prec = 1;
    for (; prec < 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    std::snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
    std::string sci = buf; // [-]d.ddde[+-]XX
    bool neg = sci[0] == '-';
    if (neg) sci.erase(0, 1);
    size_t ePos = sci.find('e');
    std::string digits = sci.substr(0, 1) + (ePos > 2 ? sci.substr(2, ePos - 2) : "");
    int exp = std::atoi(sci.c_str() + ePos + 1);
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    std::string mant = digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
    std::string scientific = mant + "e" + std::to_string(exp);
    std::string plain;
    int pointAt = exp + 1; // digits before the decimal point
    if (pointAt <= 0) {
        plain = "0." + std::string(static_cast<size_t>(-pointAt), '0') + digits;
    } else if (static_cast<size_t>(pointAt) >= digits.size()) {
        plain = digits + std::string(static_cast<size_t>(pointAt) - digits.size(), '0') + ".0";
    } else {
        plain = digits.substr(0, static_cast<size_t>(pointAt)) + "." +
                digits.substr(static_cast<size_t>(pointAt));
    }
    std::string best = plain.size() <= scientific.size() ? plain : scientific;
    return neg ? "-" + best : best;
}

std::string describeToken(const Token& t) {
    switch (t.kind) {
    case TokKind::Atom: return quoteAtom(t.text);
    case TokKind::Var: return t.text;
    case TokKind::Integer: return t.bigValue.empty() ? std::to_string(t.intValue) : t.bigValue;
    case TokKind::Float: return formatFloat(t.floatValue);
    case TokKind::Char: {
        std::string s = "$";
        appendUtf8(s, static_cast<char32_t>(t.intValue));
        return s;
    }
    case TokKind::String: {
        std::string s = "\"";
        size_t n = 0;
        for (char32_t c : t.str) {
            if (++n > 40) {
                s += "...";
                break;
            }
            if (c == '"' || c == '\\') s += '\\';
            if (c == '\n') {
                s += "\\n";
                continue;
            }
            appendUtf8(s, c);
        }
        return s + "\"";
    }
    case TokKind::Punct:
    case TokKind::Keyword: {
        std::string out = "'";
        for (char c : t.text) {
            if (c == '\\' || c == '\'') out += '\\';
            out += c;
        }
        return out + "'";
    }
    case TokKind::Dot: return "'.'";
    case TokKind::Error: return "";
    case TokKind::Eof: return "end of file";
    }
    return "?";
}

Module parseTokens(const std::vector<Token>& tokens, std::string_view fileName,
                   Diagnostics& diags) {
    return Parser(tokens, diags).parseModule(fileName);
}

std::optional<ExprList> parseExprTokens(const std::vector<Token>& tokens, Diagnostics& diags) {
    return Parser(tokens, diags).parseShell();
}

} // namespace pfun::compiler
