// Shipping policy files: parsing with toml++ (header-only here, so `pfun run` loads
// no extra shared library), strict validation, and rule matching.
#include "pfun/loader/policy.h"

#include <toml++/toml.h>

#include <fmt/format.h>

#include <fstream>
#include <functional>
#include <sstream>

namespace pfun::loader {

std::string_view shipModeName(ShipMode m) {
    return m == ShipMode::Eager ? "eager" : "lazy";
}

bool globMatch(std::string_view pattern, std::string_view text) {
    // Iterative matcher with one backtrack point (the last '*'): linear in practice,
    // never exponential.
    size_t p = 0, t = 0, starP = std::string_view::npos, starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p, ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starT = t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

namespace {

// One problem, located in the file.
struct ParseProblem {
    std::string message;
    uint32_t line = 0, column = 0;
};

std::string formatProblem(std::string_view text, std::string_view fileName, const ParseProblem& e) {
    std::string out = fmt::format("{}:{}:{}: {}\n", fileName, e.line, e.column, e.message);
    // The offending line and a caret under the column.
    size_t begin = 0;
    for (uint32_t l = 1; l < e.line && begin < text.size(); ++l) {
        size_t nl = text.find('\n', begin);
        if (nl == std::string_view::npos) {
            begin = text.size();
            break;
        }
        begin = nl + 1;
    }
    if (e.line == 0 || begin >= text.size()) return out;
    size_t end = text.find('\n', begin);
    std::string_view lineText =
        text.substr(begin, end == std::string_view::npos ? end : end - begin);
    if (!lineText.empty() && lineText.back() == '\r') lineText.remove_suffix(1);
    out += fmt::format("  {}\n", lineText);
    std::string pad;
    for (uint32_t c = 1; c < e.column && c - 1 < lineText.size(); ++c)
        pad += lineText[c - 1] == '\t' ? '\t' : ' ';
    out += fmt::format("  {}^\n", pad);
    return out;
}

ParseProblem at(const toml::node& n, std::string message) {
    return {std::move(message), n.source().begin.line, n.source().begin.column};
}

ParseProblem at(const toml::key& k, std::string message) {
    return {std::move(message), k.source().begin.line, k.source().begin.column};
}

std::optional<ShipMode> parseMode(const toml::node& n, ParseProblem& err) {
    auto s = n.value<std::string>();
    if (!n.is_string() || !s) {
        err = at(n, "mode must be a string, \"eager\" or \"lazy\"");
        return std::nullopt;
    }
    if (*s == "eager") return ShipMode::Eager;
    if (*s == "lazy") return ShipMode::Lazy;
    err = at(n, fmt::format("unknown mode \"{}\" (expected \"eager\" or \"lazy\")", *s));
    return std::nullopt;
}

std::optional<int64_t> parseCount(const toml::node& n, const char* what, int64_t max,
                                  ParseProblem& err) {
    if (!n.is_integer()) {
        err = at(n, fmt::format("{} must be an integer", what));
        return std::nullopt;
    }
    int64_t v = n.as_integer()->get();
    if (v < 0 || v > max) {
        err = at(n, fmt::format("{} must be between 0 and {}", what, max));
        return std::nullopt;
    }
    return v;
}

bool isHexPrefix(std::string_view s) {
    if (s.empty() || s.size() > 32) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// A rule's `match` text: a Module:Function/Arity glob, or "hash:<hex prefix>".
bool parseMatch(const toml::node& v, PolicyRule& rule, ParseProblem& err) {
    auto s = v.value<std::string>();
    if (!v.is_string() || !s) {
        err = at(v, "match must be a string");
        return false;
    }
    if (s->empty()) {
        err = at(v, "match must not be empty");
        return false;
    }
    rule.match = *s;
    if (s->rfind("hash:", 0) == 0) {
        rule.byHash = true;
        rule.pattern = s->substr(5);
        if (!isHexPrefix(rule.pattern)) {
            err = at(v, "a hash rule is \"hash:\" followed by 1 to 32 lowercase hex digits");
            return false;
        }
    } else {
        rule.pattern = *s;
    }
    rule.line = v.source().begin.line;
    rule.column = v.source().begin.column;
    return true;
}

bool matches(const PolicyRule& r, const std::string& name, std::string_view hexHash) {
    return r.byHash ? (!hexHash.empty() && hexHash.substr(0, r.pattern.size()) == r.pattern)
                    : globMatch(r.pattern, name);
}

// A list of strings ([accept] peers/roots), each checked by `each`.
bool parseStringList(const toml::node& v, const char* what,
                     const std::function<bool(const toml::node&)>& each, ParseProblem& err) {
    const toml::array* a = v.as_array();
    if (!a) {
        err = at(v, fmt::format("{} must be a list of strings", what));
        return false;
    }
    for (const toml::node& e : *a) {
        if (!e.is_string()) {
            err = at(e, fmt::format("{} must be a list of strings", what));
            return false;
        }
        if (!each(e)) return false;
    }
    return true;
}

} // namespace

std::optional<Policy> Policy::parse(std::string_view text, std::string_view fileName,
                                    std::string* error) {
    auto fail = [&](const ParseProblem& e) -> std::optional<Policy> {
        if (error) *error = formatProblem(text, fileName, e);
        return std::nullopt;
    };
    toml::table doc;
    try {
        doc = toml::parse(text, fileName);
    } catch (const toml::parse_error& e) {
        return fail({std::string(e.description()), e.source().begin.line, e.source().begin.column});
    }
    Policy p;
    p.fileName_ = std::string(fileName);
    ParseProblem err;
    for (auto&& [key, node] : doc) {
        if (key.str() == "loading") {
            const toml::table* t = node.as_table();
            if (!t) return fail(at(key, "[loading] must be a table"));
            for (auto&& [k, v] : *t) {
                if (k.str() == "mode") {
                    auto m = parseMode(v, err);
                    if (!m) return fail(err);
                    p.defaultMode_ = *m;
                } else if (k.str() == "prefetch_depth") {
                    auto d = parseCount(v, "prefetch_depth", 64, err);
                    if (!d) return fail(err);
                    p.prefetchDepth_ = uint32_t(*d);
                } else if (k.str() == "max_closure_bytes") {
                    auto b = parseCount(v, "max_closure_bytes", int64_t(1) << 40, err);
                    if (!b) return fail(err);
                    if (*b == 0) return fail(at(v, "max_closure_bytes must be positive"));
                    p.maxClosureBytes_ = uint64_t(*b);
                } else {
                    return fail(at(k, fmt::format("unknown key \"{}\" in [loading] (expected "
                                                  "mode, prefetch_depth or max_closure_bytes)",
                                                  k.str())));
                }
            }
        } else if (key.str() == "rule") {
            const toml::array* rules = node.as_array();
            if (!rules || !rules->is_array_of_tables())
                return fail(at(key, "rules are written as [[rule]] tables"));
            for (const toml::node& rn : *rules) {
                const toml::table& r = *rn.as_table();
                PolicyRule rule;
                rule.line = rn.source().begin.line;
                rule.column = rn.source().begin.column;
                bool hasMatch = false;
                for (auto&& [k, v] : r) {
                    if (k.str() == "match") {
                        uint32_t line = rule.line, column = rule.column;
                        if (!parseMatch(v, rule, err)) return fail(err);
                        rule.line = line, rule.column = column; // the rule's, not the key's
                        hasMatch = true;
                    } else if (k.str() == "mode") {
                        auto m = parseMode(v, err);
                        if (!m) return fail(err);
                        rule.mode = *m;
                    } else if (k.str() == "deny") {
                        if (!v.is_boolean()) return fail(at(v, "deny must be true or false"));
                        rule.deny = v.as_boolean()->get();
                    } else if (k.str() == "prefetch_depth") {
                        auto d = parseCount(v, "prefetch_depth", 64, err);
                        if (!d) return fail(err);
                        rule.prefetchDepth = uint32_t(*d);
                    } else {
                        return fail(at(k, fmt::format("unknown key \"{}\" in [[rule]] (expected "
                                                      "match, mode, deny or prefetch_depth)",
                                                      k.str())));
                    }
                }
                if (!hasMatch)
                    return fail({"a [[rule]] needs a match = \"...\" key", rule.line, rule.column});
                if (rule.deny && rule.mode)
                    return fail(
                        {"a rule that denies cannot also set a mode", rule.line, rule.column});
                if (!rule.deny && !rule.mode && !rule.prefetchDepth)
                    return fail({"a [[rule]] must set mode, deny or prefetch_depth", rule.line,
                                 rule.column});
                p.rules_.push_back(std::move(rule));
            }
        } else if (key.str() == "accept") {
            const toml::table* t = node.as_table();
            if (!t) return fail(at(key, "[accept] must be a table"));
            p.hasAccept_ = true;
            AcceptPolicy& acc = p.accept_;
            for (auto&& [k, v] : *t) {
                if (k.str() == "peers") {
                    acc.peers.emplace();
                    p.peersLine_ = k.source().begin.line;
                    auto each = [&](const toml::node& e) {
                        std::string glob = *e.value<std::string>();
                        if (glob.empty()) {
                            err = at(e, "a peer glob must not be empty");
                            return false;
                        }
                        acc.peers->push_back(std::move(glob));
                        return true;
                    };
                    if (!parseStringList(v, "peers", each, err)) return fail(err);
                } else if (k.str() == "roots") {
                    acc.roots.emplace();
                    p.rootsLine_ = k.source().begin.line;
                    auto each = [&](const toml::node& e) {
                        PolicyRule r;
                        if (!parseMatch(e, r, err)) return false;
                        acc.roots->push_back(std::move(r));
                        return true;
                    };
                    if (!parseStringList(v, "roots", each, err)) return fail(err);
                } else if (k.str() == "max_heap_words" || k.str() == "max_mailbox" ||
                           k.str() == "max_reductions" || k.str() == "max_processes") {
                    std::string name(k.str());
                    auto n = parseCount(v, name.c_str(), int64_t(1) << 60, err);
                    if (!n) return fail(err);
                    (name == "max_heap_words"  ? acc.maxHeapWords
                     : name == "max_mailbox"   ? acc.maxMailbox
                     : name == "max_processes" ? acc.maxProcesses
                                               : acc.maxReductions) = uint64_t(*n);
                    if (name == "max_processes") p.maxProcessesLine_ = k.source().begin.line;
                } else {
                    return fail(at(k, fmt::format("unknown key \"{}\" in [accept] (expected "
                                                  "peers, roots, max_processes, max_heap_words, "
                                                  "max_mailbox or max_reductions)",
                                                  k.str())));
                }
            }
        } else {
            return fail(at(key, fmt::format("unknown section \"{}\" (expected [loading], "
                                            "[[rule]] or [accept])",
                                            key.str())));
        }
    }
    return p;
}

std::optional<Policy> Policy::load(const std::string& path, std::string* error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error) *error = fmt::format("{}: cannot read the policy file\n", path);
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path, error);
}

PolicyDecision Policy::decide(std::string_view module, std::string_view function, uint32_t arity,
                              std::string_view hexHash) const {
    // Formatted once, and only when a rule matches by name (a policy of [loading]
    // alone is asked about every function of a closure).
    std::string name;
    PolicyDecision d;
    d.mode = defaultMode_;
    d.prefetchDepth = prefetchDepth_;
    for (size_t i = 0; i < rules_.size(); ++i) {
        const PolicyRule& r = rules_[i];
        if (!r.byHash && name.empty()) name = fmt::format("{}:{}/{}", module, function, arity);
        if (!matches(r, name, hexHash)) continue;
        d.rule = int(i);
        d.deny = r.deny;
        if (r.mode) d.mode = *r.mode;
        if (r.prefetchDepth) d.prefetchDepth = *r.prefetchDepth;
        return d;
    }
    return d;
}

std::string Policy::explain(std::string_view module, std::string_view function, uint32_t arity,
                            std::string_view hexHash) const {
    PolicyDecision d = decide(module, function, arity, hexHash);
    std::string what = d.deny
                           ? std::string("denied: never shipped, a spawn that needs it fails")
                           : fmt::format("{}{}", shipModeName(d.mode),
                                         d.mode == ShipMode::Lazy
                                             ? fmt::format(" (prefetch depth {})", d.prefetchDepth)
                                             : std::string());
    std::string why = d.rule < 0
                          ? std::string("no rule matches, so [loading] decides")
                          : fmt::format("rule {} at {}:{} (match = \"{}\")", d.rule + 1,
                                        fileName_.empty() ? std::string("policy") : fileName_,
                                        rules_[size_t(d.rule)].line, rules_[size_t(d.rule)].match);
    std::string label = module.empty() ? fmt::format("hash:{}", hexHash)
                                       : fmt::format("{}:{}/{}", module, function, arity);
    std::string out = fmt::format("{}: {}\n  why: {}\n", label, what, why);
    if (accept_.roots) {
        std::string refused;
        out += acceptsRoot(module, function, arity, hexHash, &refused)
                   ? "  spawned here by a peer: accepted\n"
                   : fmt::format("  spawned here by a peer: refused ({})\n", refused);
    }
    return out;
}

std::string Policy::keyAt(uint32_t line) const {
    return fmt::format("{}:{}", fileName_.empty() ? std::string("policy") : fileName_, line);
}

bool Policy::acceptsPeer(std::string_view node, std::string* why) const {
    if (!accept_.peers) return true;
    for (const std::string& glob : *accept_.peers)
        if (globMatch(glob, node)) return true;
    if (why)
        *why = fmt::format("{} is not among the peers accepted at {}", node, keyAt(peersLine_));
    return false;
}

bool Policy::acceptsAnotherProcess(uint64_t running, std::string* why) const {
    if (!accept_.maxProcesses || running < accept_.maxProcesses) return true;
    if (why)
        *why = fmt::format("{} processes spawned by peers are running, the most accepted at {}",
                           running, keyAt(maxProcessesLine_));
    return false;
}

bool Policy::acceptsRoot(std::string_view module, std::string_view function, uint32_t arity,
                         std::string_view hexHash, std::string* why) const {
    if (!accept_.roots) return true;
    std::string name = fmt::format("{}:{}/{}", module, function, arity);
    for (const PolicyRule& r : *accept_.roots)
        if (matches(r, name, hexHash)) return true;
    if (why)
        *why = fmt::format("{} (hash {}) is not among the roots accepted at {}", name, hexHash,
                           keyAt(rootsLine_));
    return false;
}

std::string Policy::acceptSummary() const {
    if (!hasAccept_) return {};
    auto list = [](const auto& v, auto text) {
        if (!v) return std::string("any");
        if (v->empty()) return std::string("none");
        std::string out;
        for (const auto& e : *v)
            out += (out.empty() ? "" : ", ") + text(e);
        return out;
    };
    auto limit = [](uint64_t n) { return n ? fmt::format("{}", n) : std::string("none"); };
    return fmt::format("accepts spawns from: {}; roots: {}; processes at once: {}; limits per "
                       "process: heap {} words, mailbox {}, reductions {}",
                       list(accept_.peers, [](const std::string& s) { return s; }),
                       list(accept_.roots, [](const PolicyRule& r) { return r.match; }),
                       limit(accept_.maxProcesses), limit(accept_.maxHeapWords),
                       limit(accept_.maxMailbox), limit(accept_.maxReductions));
}

bool PolicyHolder::reload(const std::string& path, std::string* error) {
    auto p = Policy::load(path, error);
    if (!p) return false;
    set(std::move(*p));
    return true;
}

} // namespace pfun::loader
