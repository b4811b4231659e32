#include "repl_session.h"

#include "error_format.h"

#include "pfun/compiler/compile.h"
#include "pfun/compiler/frontend.h"
#include "pfun/net/node.h"
#include "pfun/stdlib/format.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/copy.h"
#include "pfun/vm/interpreter.h"
#include "pfun/vm/process_registry.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/signals.h"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace pfun::cli {

using compiler::Expr;
using compiler::ExprKind;
using compiler::ExprPtr;

namespace {

constexpr const char* kResultVar = "$Result"; // not a legal source variable: no clash

// ---- full-stop scanning ----

// Calls onDot(endIndex) for each full stop (a '.' followed by whitespace, '%' or the
// end) outside strings, quoted atoms, character literals and comments.
template <typename F>
void scanFullStops(std::string_view s, F onDot) {
    size_t i = 0, n = s.size();
    while (i < n) {
        char c = s[i];
        if (c == '%') {
            while (i < n && s[i] != '\n')
                ++i;
        } else if (c == '"' || c == '\'') {
            ++i;
            while (i < n && s[i] != c)
                i += (s[i] == '\\') ? 2 : 1;
            ++i;
        } else if (c == '$') {
            i += (i + 1 < n && s[i + 1] == '\\') ? 3 : 2;
        } else if (c == '.') {
            bool prevDot = i > 0 && s[i - 1] == '.';
            bool end = i + 1 >= n || s[i + 1] == ' ' || s[i + 1] == '\t' || s[i + 1] == '\n' ||
                       s[i + 1] == '\r' || s[i + 1] == '%';
            if (end && !prevDot) onDot(i + 1);
            ++i;
        } else {
            ++i;
        }
    }
}

// Variables a pattern binds (Erlang: every variable in it except `_`).
void patternVariables(const Expr& e, std::set<std::string>& out) {
    switch (e.kind) {
    case ExprKind::Var:
        if (e.text != "_") out.insert(e.text);
        return;
    case ExprKind::MapField: // keys are expressions, values are patterns
        if (e.kids.size() == 2 && e.kids[1]) patternVariables(*e.kids[1], out);
        return;
    case ExprKind::Binary:
        for (const auto& seg : e.segments)
            if (seg.value) patternVariables(*seg.value, out);
        return;
    default:
        for (const ExprPtr& k : e.kids)
            if (k) patternVariables(*k, out);
    }
}

// Variables bound at the top level of an expression sequence: the patterns of `=`
// (including chains A = B = Expr).
std::set<std::string> boundByExpressions(const compiler::ExprList& exprs) {
    std::set<std::string> out;
    for (const ExprPtr& e : exprs) {
        const Expr* m = e.get();
        while (m && m->kind == ExprKind::Match && m->kids.size() == 2) {
            patternVariables(*m->kids[0], out);
            m = m->kids[1].get();
        }
    }
    return out;
}

ExprPtr var(const std::string& name) {
    ExprPtr v = compiler::makeExpr(ExprKind::Var, {});
    v->text = name;
    return v;
}

ExprPtr atom(const std::string& name) {
    ExprPtr a = compiler::makeExpr(ExprKind::Atom, {});
    a->text = name;
    return a;
}

// A shell command is a call of one of these names with no module prefix.
bool isShellCommandCall(const Expr& e, std::string_view name, size_t arity) {
    return e.kind == ExprKind::Call && !e.remote && e.text == name && e.kids.size() == arity;
}

// The shell shows errors only: warnings such as unused variables are noise there.
std::string renderErrorsOnly(const compiler::Diagnostics& d) {
    compiler::Diagnostics errors(d.fileName(), d.source());
    for (const compiler::Diagnostic& item : d.items())
        if (item.severity == compiler::Severity::Error) errors.error(item.loc, item.message);
    return errors.render();
}

} // namespace

std::vector<std::string> splitAtFullStops(std::string_view text) {
    std::vector<std::string> parts;
    size_t start = 0;
    scanFullStops(text, [&](size_t end) {
        std::string_view piece = text.substr(start, end - start);
        if (piece.find_first_not_of(" \t\r\n.") != std::string_view::npos)
            parts.emplace_back(piece);
        start = end;
    });
    return parts;
}

bool ReplSession::inputComplete(std::string_view text) {
    size_t lastDot = std::string_view::npos;
    scanFullStops(text, [&](size_t end) { lastDot = end; });
    if (lastDot == std::string_view::npos) return false;
    // Only whitespace and comments may follow the last full stop.
    std::string_view rest = text.substr(lastDot);
    size_t i = 0;
    while (i < rest.size()) {
        if (rest[i] == '%') {
            while (i < rest.size() && rest[i] != '\n')
                ++i;
        } else if (rest[i] == ' ' || rest[i] == '\t' || rest[i] == '\n' || rest[i] == '\r') {
            ++i;
        } else {
            return false;
        }
    }
    return true;
}

ReplSession::ReplSession(std::vector<std::filesystem::path> codePath)
    : rt_(std::make_unique<vm::Runtime>()),
      loader_(std::make_unique<ModuleLoader>(std::move(codePath))),
      store_(std::make_unique<vm::Heap>()) {
    stdlib::registerBifs(*rt_);
    net::registerNetBifs(*rt_); // before any code links against the BIF table
    loader_->install(*rt_);
    // The shell's evaluator is a process like any other: spawned processes can
    // send to self() and link to it.
    process_ = std::make_shared<vm::Process>(*rt_);
    rt_->processes().add(process_);
}

ReplSession::~ReplSession() = default;

void ReplSession::interrupt() {
    if (!evaluating_.load()) return;
    vm::sendSignal(*rt_, process_->self(),
                   vm::makeSignal(vm::SignalKind::Exit, process_->self(), vm::atoms::kKill),
                   nullptr);
}

std::string ReplSession::evaluate(std::string_view input) {
    std::string out;
    for (const std::string& part : splitAtFullStops(input)) {
        out += evaluateOne(part);
        if (quit_) break;
    }
    return out;
}

std::string ReplSession::showBindings() const {
    std::string out;
    for (const Binding& b : bindings_) {
        std::string prefix = b.name + " = ";
        out += prefix + termText(*rt_, b.value, int(prefix.size()) + 1) + "\n";
    }
    return out;
}

// Parses shell commands; true when `exprs` was one (its output in `out`).
bool ReplSession::shellCommand(std::string_view text, std::string& out) {
    compiler::Diagnostics diags("shell", text);
    auto parsed = compiler::parseExpressions(text, diags);
    if (!parsed || diags.hasErrors() || parsed->size() != 1) return false;
    const Expr& e = *(*parsed)[0];
    if (isShellCommandCall(e, "q", 0) || isShellCommandCall(e, "halt", 0)) {
        quit_ = true;
        out = "ok\n";
        return true;
    }
    if (isShellCommandCall(e, "b", 0)) {
        out = showBindings() + "ok\n";
        return true;
    }
    if (isShellCommandCall(e, "f", 0)) {
        bindings_.clear();
        out = "ok\n";
        return true;
    }
    if (isShellCommandCall(e, "f", 1) && e.kids[0]->kind == ExprKind::Var) {
        std::erase_if(bindings_, [&](const Binding& b) { return b.name == e.kids[0]->text; });
        out = "ok\n";
        return true;
    }
    if (isShellCommandCall(e, "flush", 0)) {
        vm::handleSignals(*process_);
        vm::Mailbox& mb = process_->mailbox();
        while (!mb.empty()) {
            out += "Shell got " + termText(*rt_, mb[0]) + "\n";
            mb.removeAt(0);
        }
        process_->receiveCursor = 0;
        out += "ok\n";
        return true;
    }
    if (isShellCommandCall(e, "help", 0)) {
        out = "b()        -- display all variable bindings\n"
              "c(File)    -- compile and load the module in File\n"
              "f()        -- forget all variable bindings\n"
              "f(X)       -- forget the binding of variable X\n"
              "flush()    -- print and drop the shell's messages\n"
              "q()        -- quit the shell\n"
              "rp(Term)   -- print Term in full\n"
              "v(N)       -- the value of evaluation N\n"
              "ok\n";
        return true;
    }
    if (isShellCommandCall(e, "v", 1) && e.kids[0]->kind == ExprKind::Integer) {
        int64_t n = e.kids[0]->intValue;
        if (n < 0) n = int64_t(history_.size()) + n; // v(-1): the previous result
        if (n >= 1 && n <= int64_t(history_.size())) {
            out = termText(*rt_, history_[size_t(n - 1)]) + "\n";
        } else {
            out = fmt::format("* no value for v({})\n", e.kids[0]->intValue);
        }
        return true;
    }
    if (isShellCommandCall(e, "c", 1) &&
        (e.kids[0]->kind == ExprKind::Atom || e.kids[0]->kind == ExprKind::String)) {
        std::string file;
        if (e.kids[0]->kind == ExprKind::Atom) {
            file = e.kids[0]->text;
        } else {
            for (char32_t c : e.kids[0]->str)
                file += char(c); // file names: ASCII in practice
        }
        if (!file.ends_with(".erl")) file += ".erl";
        std::string text;
        if (!readWholeFile(file, text)) {
            out = fmt::format("{}: no such file\nerror\n", file);
            return true;
        }
        bool compileError = false;
        const vm::ModuleCode* mod = loader_->loadSource(*rt_, text, file, &compileError);
        out = mod ? "{ok," + rt_->atoms().name(mod->name) + "}\n" : std::string("error\n");
        return true;
    }
    return false;
}

std::string ReplSession::evaluateOne(std::string_view text) {
    std::string commandOut;
    if (shellCommand(text, commandOut)) return commandOut;

    ++counter_;
    // The source kept for diagnostics and fun_info must outlive the module.
    sources_.emplace_back(text);
    std::string_view source = sources_.back();
    compiler::Diagnostics diags("shell", source);
    auto exprs = compiler::parseExpressions(source, diags);
    if (!exprs || diags.hasErrors() || exprs->empty()) {
        sources_.pop_back();
        return renderErrorsOnly(diags);
    }

    // rp(Term): evaluate Term, print it without a depth limit.
    bool printInFull = false;
    if (exprs->size() == 1 && isShellCommandCall(*(*exprs)[0], "rp", 1)) {
        ExprPtr inner = std::move((*exprs)[0]->kids[0]);
        (*exprs)[0] = std::move(inner);
        printInFull = true;
    }

    // Variables after this evaluation: the old ones plus those the input binds.
    std::set<std::string> after;
    for (const Binding& b : bindings_)
        after.insert(b.name);
    for (const std::string& v : boundByExpressions(*exprs))
        after.insert(v);

    // '$shell_N':eval(Old...) -> Exprs..., {LastValue, [{'Name', Name}, ...]}.
    compiler::Module module;
    module.name = fmt::format("$shell_{}", counter_);
    module.fileName = "shell";
    compiler::Function fn;
    fn.name = "eval";
    fn.arity = uint32_t(bindings_.size());
    fn.sourceEnd = uint32_t(source.size());
    compiler::Clause clause;
    for (const Binding& b : bindings_)
        clause.patterns.push_back(var(b.name));
    ExprPtr last = std::move(exprs->back());
    exprs->pop_back();
    for (ExprPtr& e : *exprs)
        clause.body.push_back(std::move(e));
    ExprPtr bindResult = compiler::makeExpr(ExprKind::Match, last->loc);
    bindResult->kids.push_back(var(kResultVar));
    bindResult->kids.push_back(std::move(last));
    clause.body.push_back(std::move(bindResult));
    ExprPtr list = compiler::makeExpr(ExprKind::Nil, {});
    for (auto it = after.rbegin(); it != after.rend(); ++it) {
        ExprPtr pair = compiler::makeExpr(ExprKind::Tuple, {});
        pair->kids.push_back(atom(*it));
        pair->kids.push_back(var(*it));
        ExprPtr cons = compiler::makeExpr(ExprKind::Cons, {});
        cons->kids.push_back(std::move(pair));
        cons->kids.push_back(std::move(list));
        list = std::move(cons);
    }
    ExprPtr result = compiler::makeExpr(ExprKind::Tuple, {});
    result->kids.push_back(var(kResultVar));
    result->kids.push_back(std::move(list));
    clause.body.push_back(std::move(result));
    fn.clauses.push_back(std::move(clause));
    module.functions.push_back(std::move(fn));
    module.exports.push_back({"eval", uint32_t(bindings_.size()), {}});

    compiler::lintModule(module, diags);
    if (diags.hasErrors()) return renderErrorsOnly(diags);
    auto code = compiler::compileModule(module, source, *rt_, diags);
    if (!code || diags.hasErrors()) return renderErrorsOnly(diags);
    std::string loadError;
    const vm::ModuleCode* loaded = rt_->loadModule(std::move(code), &loadError);
    if (!loaded) return "* " + loadError + "\n";

    // Copy the bindings into the process, call, copy the results out.
    std::vector<vm::Term> args;
    for (const Binding& b : bindings_)
        args.push_back(vm::copyTerm(b.value, process_->heap()));
    // An interrupt that arrived after the previous evaluation ended must not kill
    // this one.
    if (process_->signals().pending() && !vm::handleSignals(*process_)) {
        process_->killed = false;
        process_->raise(vm::ExceptionClass::Error, vm::Term::nil());
    }
    evaluating_.store(true);
    vm::CallResult r = vm::callMfa(*process_, loaded->name, rt_->atom("eval"), args);
    evaluating_.store(false);
    if (!r.ok) return formatException(*rt_, r.cls, r.reason, r.stacktrace);

    vm::Term value = r.value.element(0);
    std::vector<Binding> next;
    for (vm::Term l = r.value.element(1); l.isList(); l = l.tail()) {
        vm::Term pair = l.head();
        next.push_back({rt_->atoms().name(pair.element(0)), pair.element(1)});
    }
    std::vector<vm::Term> history = history_;
    history.push_back(value);
    std::string printed =
        printInFull ? stdlib::printTerm(*rt_, value, 1, 80, -1) : termText(*rt_, value);
    republish(std::move(next), std::move(history));
    return printed + "\n";
}

// Moves bindings and history into a fresh store heap, so the old store (and whatever
// died in it) is freed and the process heap no longer matters for them.
void ReplSession::republish(std::vector<Binding> bindings, std::vector<vm::Term> history) {
    auto fresh = std::make_unique<vm::Heap>();
    for (Binding& b : bindings)
        b.value = vm::copyTerm(b.value, *fresh);
    for (vm::Term& t : history)
        t = vm::copyTerm(t, *fresh);
    bindings_ = std::move(bindings);
    history_ = std::move(history);
    store_ = std::move(fresh);
}

} // namespace pfun::cli
