#include "preprocessor.h"

#include "lexer.h"
#include "parser.h"
#include "pp_eval.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

namespace pfun::compiler {

namespace {

constexpr size_t kMaxExpansionDepth = 64;
constexpr size_t kMaxFormTokens = 1'000'000;
constexpr size_t kMaxIncludes = 64;

struct MacroDef {
    std::vector<std::string> params; // empty for a macro without parentheses
    bool hasParens = false;
    std::vector<Token> body;
};

using Form = std::vector<Token>; // tokens of one form, the Dot included (if present)

class Preprocessor {
  public:
    Preprocessor(std::string_view fileName, Diagnostics& diags)
        : fileName_(fileName), diags_(diags) {}

    std::vector<Token> run(std::vector<Token> in) {
        input_ = std::move(in);
        std::vector<Token> out;
        out.reserve(input_.size()); // exact unless macros expand
        while (pos_ < input_.size() && input_[pos_].kind != TokKind::Eof) {
            Form form;
            while (pos_ < input_.size() && input_[pos_].kind != TokKind::Eof) {
                form.push_back(std::move(input_[pos_]));
                ++pos_;
                if (form.back().kind == TokKind::Dot) break;
            }
            handleForm(std::move(form), out);
        }
        Token eof;
        eof.kind = TokKind::Eof;
        if (pos_ < input_.size()) eof = std::move(input_[pos_]);
        if (!conds_.empty()) diags_.error(eof.loc, "unterminated '-" + condName_ + "'");
        out.push_back(std::move(eof));
        return out;
    }

  private:
    std::string_view fileName_;
    Diagnostics& diags_;
    std::vector<Token> input_;
    size_t pos_ = 0;
    std::unordered_map<std::string, std::map<int, MacroDef>> macros_; // arity -1: no parens
    std::string moduleName_;
    bool haveModule_ = false;
    struct Cond {
        bool active;
        bool sawElse;
        bool taken; // some branch of this -if/-elif/-else chain was (or is) active
    };
    std::vector<Cond> conds_;
    Loc condLoc_;
    std::string condName_;
    size_t includes_ = 0;
    // Per form, for ?FUNCTION_NAME / ?FUNCTION_ARITY.
    std::string functionName_;
    int functionArity_ = -1;

    bool skipping() const {
        for (const Cond& c : conds_)
            if (!c.active) return true;
        return false;
    }

    static bool isName(const Token& t) {
        return t.kind == TokKind::Atom || t.kind == TokKind::Var || (t.kind == TokKind::Keyword);
    }

    void handleForm(Form form, std::vector<Token>& out) {
        std::string directive;
        if (form.size() >= 2 && form[0].is("-") &&
            (form[1].kind == TokKind::Atom || form[1].kind == TokKind::Keyword))
            directive = form[1].text;
        static const char* const kDirectives[] = {"define", "undef", "ifdef",   "ifndef",
                                                  "else",   "endif", "include", "include_lib",
                                                  "if",     "elif",  "error",   "warning"};
        bool isDirective = false;
        for (const char* d : kDirectives)
            if (directive == d) isDirective = true;
        if (isDirective && directive == "if") {
            bool outerSkipping = skipping();
            bool value = !outerSkipping && ifCondition(form);
            pushCond(value, form[1].loc, "if");
            if (outerSkipping) conds_.back().taken = true;
            return;
        }
        if (isDirective && directive == "elif") {
            if (conds_.empty()) {
                diags_.error(form[1].loc, "unbalanced '-elif'");
                return;
            }
            if (conds_.back().sawElse) {
                diags_.error(form[1].loc, "'elif' following 'else'");
                return;
            }
            bool outerSkipping = false;
            for (size_t k = 0; k + 1 < conds_.size(); ++k)
                if (!conds_[k].active) outerSkipping = true;
            if (conds_.back().taken || outerSkipping) {
                conds_.back().active = false;
                return;
            }
            bool value = ifCondition(form);
            conds_.back().active = value;
            conds_.back().taken = value;
            return;
        }
        if (isDirective) {
            if (directive == "ifdef" || directive == "ifndef") {
                if (skipping()) {
                    pushCond(false, form[1].loc, directive);
                    return;
                }
                std::string name;
                if (!argName(form, name)) {
                    diags_.error(form[1].loc, "badly formed '" + directive + "'");
                    pushCond(false, form[1].loc, directive);
                    return;
                }
                bool defined = isDefined(name);
                pushCond(directive == "ifdef" ? defined : !defined, form[1].loc, directive);
                return;
            }
            if (directive == "else") {
                if (conds_.empty() || conds_.back().sawElse) {
                    diags_.error(form[1].loc, "unbalanced '-else'");
                    return;
                }
                conds_.back().active = !conds_.back().taken;
                conds_.back().taken = true;
                conds_.back().sawElse = true;
                return;
            }
            if (directive == "endif") {
                if (conds_.empty()) {
                    diags_.error(form[1].loc, "unbalanced '-endif'");
                    return;
                }
                conds_.pop_back();
                return;
            }
            if (skipping()) return;
            if (directive == "define") return define(form);
            if (directive == "undef") {
                std::string name;
                if (!argName(form, name)) {
                    diags_.error(form[1].loc, "badly formed 'undef'");
                    return;
                }
                macros_.erase(name);
                return;
            }
            if (directive == "include" || directive == "include_lib")
                return include(form, directive);
            if (directive == "error" || directive == "warning") {
                // Exactly one term in parentheses, else "badly formed" as epp says.
                if (form.size() < 3 || !form[2].is("(")) {
                    diags_.error(form[form.size() > 2 ? 2 : 1].loc,
                                 "badly formed '" + directive + "'");
                    return;
                }
                std::vector<Token> toks(form.begin() + 2, form.end());
                toks.push_back(makeAt(TokKind::Eof, form.back()));
                Diagnostics scratch("", "");
                std::optional<ExprList> arg = parseExprTokens(toks, scratch);
                if (!arg || arg->size() != 1 || scratch.hasErrors()) {
                    diags_.error(form[1].loc, "badly formed '" + directive + "'");
                    return;
                }
                std::string msg = "-" + directive + "(" + argumentText(form) + ").";
                if (directive == "error")
                    diags_.error(form[1].loc, msg);
                else
                    diags_.warning(form[1].loc, msg);
                return;
            }
        }
        if (skipping()) return;
        if (form.size() >= 4 && form[0].is("-") && form[1].kind == TokKind::Atom &&
            form[1].text == "module" && form[2].is("(") && form[3].kind == TokKind::Atom) {
            moduleName_ = form[3].text;
            haveModule_ = true;
        }
        functionName_.clear();
        functionArity_ = -1;
        if (form.size() >= 2 && form[0].kind == TokKind::Atom && form[1].is("(")) {
            functionName_ = form[0].text;
            functionArity_ = countArgs(form, 1);
        }
        std::vector<Token> expanded;
        std::vector<std::string> active;
        size_t errorsBefore = diags_.errorCount();
        expand(form, 0, form.size(), expanded, active, 0);
        if (diags_.errorCount() != errorsBefore) return; // epp drops the whole form
        for (Token& t : expanded)
            out.push_back(std::move(t));
    }

    void pushCond(bool active, Loc loc, const std::string& name) {
        if (conds_.empty()) {
            condLoc_ = loc;
            condName_ = name;
        }
        conds_.push_back({active, false, active});
    }

    // -if(Cond). / -elif(Cond).: defined(NAME) is answered first, then macros are
    // expanded and the parenthesised condition parsed and evaluated (pp_eval.h).
    // Syntax errors are reported; a condition that fails to evaluate is false.
    bool ifCondition(const Form& form) {
        if (form.size() < 5 || !form[2].is("(") || form.back().kind != TokKind::Dot) {
            diags_.error(form[form.size() > 2 ? 2 : 1].loc, "badly formed 'if'");
            return false;
        }
        std::vector<Token> toks;
        for (size_t i = 2; i < form.size(); ++i) {
            if (form[i].kind == TokKind::Atom && form[i].text == "defined" && i + 3 < form.size() &&
                form[i + 1].is("(") && isName(form[i + 2]) && form[i + 3].is(")")) {
                Token t = makeAt(TokKind::Atom, form[i]);
                t.text = isDefined(form[i + 2].text) ? "true" : "false";
                toks.push_back(std::move(t));
                i += 3;
                continue;
            }
            toks.push_back(form[i]);
        }
        std::vector<Token> expanded;
        std::vector<std::string> active;
        size_t errorsBefore = diags_.errorCount();
        expand(toks, 0, toks.size(), expanded, active, 0);
        if (diags_.errorCount() != errorsBefore) return false;
        Token eof = makeAt(TokKind::Eof, form.back());
        expanded.push_back(std::move(eof));
        std::optional<ExprList> exprs = parseExprTokens(expanded, diags_);
        if (!exprs || exprs->size() != 1) return false;
        if (!isIfCondition(*(*exprs)[0])) {
            diags_.error(form[1].loc, "badly formed 'if'");
            return false;
        }
        return evalIfCondition(*(*exprs)[0]);
    }

    // The argument of -error(...)/-warning(...) as written (a string is quoted).
    static std::string argumentText(const Form& form) {
        std::string out;
        for (size_t i = 3; i + 2 < form.size(); ++i) {
            const Token& t = form[i];
            if (t.kind == TokKind::String) {
                out += '"';
                for (char32_t c : t.str) {
                    if (c == '"' || c == '\\') out += '\\';
                    appendUtf8(out, c);
                }
                out += '"';
            } else if (t.kind == TokKind::Integer) {
                out += t.bigValue.empty() ? std::to_string(t.intValue) : t.bigValue;
            } else {
                out += t.text;
            }
        }
        return out;
    }

    bool isDefined(const std::string& name) const {
        if (name == "MODULE" || name == "MODULE_STRING") return haveModule_;
        if (name == "LINE" || name == "FILE" || name == "MACHINE" || name == "OTP_RELEASE")
            return true;
        return macros_.count(name) != 0;
    }

    // -name(NAME). -> NAME
    static bool argName(const Form& f, std::string& name) {
        if (f.size() < 5 || !f[2].is("(") || !isName(f[3]) || !f[4].is(")")) return false;
        name = f[3].text;
        return true;
    }

    // Number of arguments in the parenthesised group starting at `open`.
    static int countArgs(const Form& f, size_t open) {
        int depth = 0, commas = 0;
        bool any = false;
        for (size_t i = open; i < f.size(); ++i) {
            const Token& t = f[i];
            if (t.is("(") || t.is("[") || t.is("{") || t.is("<<")) {
                ++depth;
                if (depth > 1) any = true;
                continue;
            }
            if (t.is(")") || t.is("]") || t.is("}") || t.is(">>")) {
                --depth;
                if (depth == 0) return any ? commas + 1 : 0;
                continue;
            }
            if (depth == 1 && t.is(",")) ++commas;
            if (depth >= 1) any = true;
        }
        return -1;
    }

    void define(const Form& f) {
        // - define ( NAME [ ( P, ... ) ] , Body ) .
        Loc at = f[1].loc;
        if (f.size() < 5 || !f[2].is("(") || !isName(f[3])) {
            diags_.error(at, "badly formed 'define'");
            return;
        }
        MacroDef def;
        std::string name = f[3].text;
        size_t i = 4;
        if (i < f.size() && f[i].is("(")) {
            def.hasParens = true;
            ++i;
            if (i < f.size() && f[i].is(")")) {
                ++i;
            } else {
                while (true) {
                    if (i >= f.size() || f[i].kind != TokKind::Var) {
                        diags_.error(at, "badly formed 'define'");
                        return;
                    }
                    for (const std::string& p : def.params)
                        if (p == f[i].text) {
                            diags_.error(f[i].loc, "argument '" + p + "' already used");
                            return;
                        }
                    def.params.push_back(f[i].text);
                    ++i;
                    if (i < f.size() && f[i].is(",")) {
                        ++i;
                        continue;
                    }
                    if (i < f.size() && f[i].is(")")) {
                        ++i;
                        break;
                    }
                    diags_.error(at, "badly formed 'define'");
                    return;
                }
            }
        }
        // The body runs from after the comma to the `)` just before the Dot.
        size_t last = f.size();
        if (last > 0 && f[last - 1].kind == TokKind::Dot) --last;
        if (i >= f.size() || !f[i].is(",") || last == 0 || last <= i + 1 || !f[last - 1].is(")")) {
            // -define(NAME). is not allowed in OTP 25 either.
            diags_.error(at, "badly formed 'define'");
            return;
        }
        for (size_t k = i + 1; k + 1 < last; ++k)
            def.body.push_back(f[k]);
        int arity = def.hasParens ? static_cast<int>(def.params.size()) : -1;
        auto& defs = macros_[name];
        if (defs.count(arity)) {
            diags_.error(f[3].loc, "redefining macro '" + name + "'");
            return;
        }
        defs[arity] = std::move(def);
    }

    void include(const Form& f, const std::string& directive) {
        Loc at = f[1].loc;
        if (f.size() < 5 || !f[2].is("(") || f[3].kind != TokKind::String || !f[4].is(")")) {
            diags_.error(at, "badly formed '" + directive + "'");
            return;
        }
        std::string path;
        for (char32_t c : f[3].str)
            appendUtf8(path, c);
        if (++includes_ > kMaxIncludes) {
            diags_.error(at, "too many nested includes");
            return;
        }
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::path dir = fs::path(std::string(fileName_)).parent_path();
        fs::path full = fs::path(path).is_absolute() ? fs::path(path) : dir / path;
        std::ifstream in(full, std::ios::binary);
        if (directive == "include_lib" || !in || fs::is_directory(full, ec)) {
            diags_.error(f[3].loc, "can't find include file \"" + path + "\"");
            return;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        // Errors inside the included file point at the -include line: this file's
        // diagnostics can only show this file's source.
        Diagnostics inner(path, text);
        std::vector<Token> toks = lex(text, inner);
        for (const Diagnostic& d : inner.items())
            if (d.severity == Severity::Error)
                diags_.error(f[3].loc, path + ":" + std::to_string(d.loc.line) + ":" +
                                           std::to_string(d.loc.col) + ": " + d.message);
        if (!toks.empty() && toks.back().kind == TokKind::Eof) toks.pop_back();
        for (Token& t : toks) {
            t.loc = f[3].loc;
            t.begin = f[0].begin;
            t.end = f.back().end;
        }
        input_.insert(input_.begin() + static_cast<std::ptrdiff_t>(pos_),
                      std::make_move_iterator(toks.begin()), std::make_move_iterator(toks.end()));
    }

    Token makeAt(TokKind k, const Token& at) {
        Token t;
        t.kind = k;
        t.loc = at.loc;
        t.begin = at.begin;
        t.end = at.end;
        return t;
    }

    // Expands in[from, to) into out. Returns false after reporting an error.
    bool expand(const std::vector<Token>& in, size_t from, size_t to, std::vector<Token>& out,
                std::vector<std::string>& active, size_t depth) {
        for (size_t i = from; i < to; ++i) {
            if (out.size() > kMaxFormTokens) {
                diags_.error(in[from].loc, "macro expansion too large");
                return false;
            }
            if (!in[i].is("?")) {
                out.push_back(in[i]);
                continue;
            }
            const Token& q = in[i];
            if (i + 1 >= to || !isName(in[i + 1])) {
                diags_.error(i + 1 < in.size() ? in[i + 1].loc : q.loc, "syntax error before: '?'");
                return false;
            }
            const Token& nameTok = in[i + 1];
            const std::string& name = nameTok.text;
            ++i; // at the name
            Token at = nameTok;
            at.begin = q.begin;
            if (name == "LINE") {
                Token t = makeAt(TokKind::Integer, at);
                t.intValue = nameTok.loc.line;
                out.push_back(std::move(t));
                continue;
            }
            if (name == "MODULE" && haveModule_ && !macros_.count(name)) {
                Token t = makeAt(TokKind::Atom, at);
                t.text = moduleName_;
                out.push_back(std::move(t));
                continue;
            }
            if (name == "MODULE_STRING" && haveModule_ && !macros_.count(name)) {
                Token t = makeAt(TokKind::String, at);
                for (char32_t c : decodeUtf8(moduleName_))
                    t.str += c;
                out.push_back(std::move(t));
                continue;
            }
            if (name == "FILE" && !macros_.count(name)) {
                Token t = makeAt(TokKind::String, at);
                t.str = decodeUtf8(std::string(fileName_));
                out.push_back(std::move(t));
                continue;
            }
            if (name == "MACHINE" && !macros_.count(name)) {
                Token t = makeAt(TokKind::Atom, at);
                t.text = "BEAM";
                out.push_back(std::move(t));
                continue;
            }
            if (name == "OTP_RELEASE" && !macros_.count(name)) {
                Token t = makeAt(TokKind::Integer, at);
                t.intValue = 25;
                out.push_back(std::move(t));
                continue;
            }
            if ((name == "FUNCTION_NAME" || name == "FUNCTION_ARITY") && !macros_.count(name)) {
                if (functionArity_ < 0) {
                    diags_.error(nameTok.loc, "?" + name + " can only be used within a function");
                    return false;
                }
                Token t = makeAt(name == "FUNCTION_NAME" ? TokKind::Atom : TokKind::Integer, at);
                t.text = functionName_;
                t.intValue = functionArity_;
                out.push_back(std::move(t));
                continue;
            }
            auto it = macros_.find(name);
            if (it == macros_.end()) {
                // epp names the arity when the use has arguments: 'MAX/2'.
                std::string shown = name;
                std::vector<std::pair<size_t, size_t>> uargs;
                size_t uend;
                if (i + 1 < to && in[i + 1].is("(") && collectArgs(in, i + 1, to, uargs, uend))
                    shown += "/" + std::to_string(uargs.size());
                diags_.error(nameTok.loc, "undefined macro '" + shown + "'");
                return false;
            }
            for (const std::string& a : active)
                if (a == name) {
                    diags_.error(nameTok.loc, "circular macro '" + name + "'");
                    return false;
                }
            if (depth >= kMaxExpansionDepth) {
                diags_.error(nameTok.loc, "macro expansion too deep");
                return false;
            }
            const auto& defs = it->second;
            bool hasArgDefs = !defs.empty() && defs.rbegin()->first >= 0;
            std::vector<std::pair<size_t, size_t>> args; // ranges in `in`
            const MacroDef* def = nullptr;
            size_t resume = i + 1;
            if (hasArgDefs && i + 1 < to && in[i + 1].is("(")) {
                size_t end;
                if (!collectArgs(in, i + 1, to, args, end)) {
                    diags_.error(nameTok.loc, "argument mismatch for macro '" + name + "'");
                    return false;
                }
                auto d = defs.find(static_cast<int>(args.size()));
                if (d != defs.end()) {
                    def = &d->second;
                    resume = end;
                }
            }
            if (!def) {
                auto d = defs.find(-1);
                if (d == defs.end()) {
                    diags_.error(nameTok.loc, "argument mismatch for macro '" + name + "'");
                    return false;
                }
                def = &d->second;
                args.clear();
            }
            // Arguments are expanded first, in the caller's context, so that
            // ?SQUARE(?SQUARE(X)) is not mistaken for a circular definition.
            std::vector<std::vector<Token>> argToks(args.size());
            for (size_t k = 0; k < args.size(); ++k)
                if (!expand(in, args[k].first, args[k].second, argToks[k], active, depth + 1))
                    return false;
            // Substitute parameters, then rescan the result for further macros.
            std::vector<Token> body;
            Loc cur = nameTok.loc;
            for (const Token& bt : def->body) {
                int p = -1;
                if (bt.kind == TokKind::Var)
                    for (size_t k = 0; k < def->params.size(); ++k)
                        if (def->params[k] == bt.text) p = static_cast<int>(k);
                if (p >= 0) {
                    for (const Token& at : argToks[size_t(p)]) {
                        body.push_back(at);
                        cur = at.loc;
                    }
                    if (body.size() > kMaxFormTokens) {
                        diags_.error(nameTok.loc, "macro expansion too large");
                        return false;
                    }
                    continue;
                }
                Token t = bt;
                t.loc = cur;
                t.begin = q.begin;
                t.end = nameTok.end;
                body.push_back(std::move(t));
            }
            active.push_back(name);
            bool ok = expand(body, 0, body.size(), out, active, depth + 1);
            active.pop_back();
            if (!ok) return false;
            i = resume - 1;
        }
        return true;
    }

    // Splits `( a, b, ... )` starting at `open` into argument ranges. Commas nested in
    // brackets or in begin/case/fun/if/receive/try ... end do not split.
    static bool collectArgs(const std::vector<Token>& in, size_t open, size_t to,
                            std::vector<std::pair<size_t, size_t>>& args, size_t& end) {
        int depth = 0;
        size_t argStart = open + 1;
        for (size_t i = open; i < to; ++i) {
            const Token& t = in[i];
            if (t.kind == TokKind::Dot) return false;
            bool opener =
                t.is("(") || t.is("[") || t.is("{") || t.is("<<") || t.isKeyword("begin") ||
                t.isKeyword("case") || t.isKeyword("if") || t.isKeyword("receive") ||
                t.isKeyword("try") ||
                ((t.isKeyword("fun") || t.isKeyword("pfun")) && i + 1 < to && in[i + 1].is("("));
            bool closer = t.is(")") || t.is("]") || t.is("}") || t.is(">>") || t.isKeyword("end");
            if (opener) {
                ++depth;
            } else if (closer) {
                --depth;
                if (depth == 0) {
                    if (i > argStart || !args.empty()) args.push_back({argStart, i});
                    end = i + 1;
                    return true;
                }
                if (depth < 0) return false;
            } else if (depth == 1 && t.is(",")) {
                args.push_back({argStart, i});
                argStart = i + 1;
            }
        }
        return false;
    }

    static std::u32string decodeUtf8(const std::string& s) {
        std::u32string out;
        size_t i = 0;
        while (i < s.size()) {
            auto b = static_cast<unsigned char>(s[i]);
            if (b >= 0xC0 && b < 0xE0 && i + 1 < s.size()) {
                out +=
                    char32_t(((b & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu));
                i += 2;
            } else if (b >= 0xE0 && b < 0xF0 && i + 2 < s.size()) {
                out += char32_t(((b & 0x0Fu) << 12) |
                                ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                                (static_cast<unsigned char>(s[i + 2]) & 0x3Fu));
                i += 3;
            } else if (b >= 0xF0 && i + 3 < s.size()) {
                out += char32_t(((b & 0x07u) << 18) |
                                ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
                                ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) |
                                (static_cast<unsigned char>(s[i + 3]) & 0x3Fu));
                i += 4;
            } else {
                out += char32_t(b);
                ++i;
            }
        }
        return out;
    }
};

} // namespace

std::vector<Token> preprocess(std::vector<Token> tokens, std::string_view fileName,
                              Diagnostics& diags) {
    return Preprocessor(fileName, diags).run(std::move(tokens));
}

} // namespace pfun::compiler
