// Pattern-match compilation: a clause matrix becomes a decision tree, emitted as code.
//
// The matrix has one column per subject register and one row per clause. The
// algorithm is the classic one (Wadler's, as erlc's v3_kernel uses it):
//   - no columns left: the rows are leaves, tried in order (a failing guard falls to
//     the next row);
//   - otherwise the rows are cut into blocks by their first column: a run of
//     variables/wildcards (variable rule: bind and drop the column), a run of
//     exclusive constructors (constructor rule: one type dispatch, then one branch per
//     constructor — tuple arity via SELECT_ARITY, atoms and integers via SELECT_VAL —
//     whose rows are expanded with the constructor's fields), or one non-exclusive
//     test (map, binary, an already-bound variable). A block that fails jumps to the
//     next block: that is the shared failure continuation, and the only way control
//     reaches a position again.
// Each position is thus tested once per block, each clause body is emitted once, and
// subject registers are never written (so a failing function head still has its
// arguments in R[0..arity) for function_clause).
#include "codegen.h"

#include <algorithm>
#include <deque>

namespace pfun::compiler {

using vm::Term;

struct Pat {
    enum Kind { Wild, Var, Lit, Cons, Tuple, Map, Bin, Alias } kind = Wild;
    std::string name;
    Term lit;
    std::vector<Pat*> kids;
    const Expr* src = nullptr;
    Loc loc;
};

struct MatchCompiler {
    FunctionGen& g;
    const Env& outer;
    bool headsShadow;
    const FunctionGen::LeafFn& leaf;
    const std::vector<FunctionGen::MatchClause>& clauses;
    std::deque<Pat> arena;
    Pat* wild = nullptr;

    struct Row {
        std::vector<Pat*> cols;
        std::vector<std::pair<std::string, Reg>> binds;
        size_t clause = 0;
    };

    Pat* make(Pat::Kind k, const Loc& loc) {
        arena.push_back({});
        arena.back().kind = k;
        arena.back().loc = loc;
        return &arena.back();
    }

    // ---- AST pattern -> Pat ----
    Pat* listPat(const Expr& e, Pat* tailOverride) {
        // A cons chain or string whose final [] is replaced by tailOverride (for ++).
        switch (e.kind) {
        case ExprKind::Nil: return tailOverride;
        case ExprKind::String: {
            Pat* tail = tailOverride;
            for (size_t i = e.str.size(); i-- > 0;) {
                Pat* c = make(Pat::Cons, e.loc);
                Pat* h = make(Pat::Lit, e.loc);
                h->lit = Term::makeSmall(int64_t(e.str[i]));
                c->kids = {h, tail};
                tail = c;
            }
            return tail;
        }
        case ExprKind::Cons: {
            Pat* c = make(Pat::Cons, e.loc);
            c->kids = {convert(*e.kids[0]), listPat(*e.kids[1], tailOverride)};
            return c;
        }
        default: g.error(e.loc, "illegal pattern"); return wild;
        }
    }

    Pat* convert(const Expr& e) {
        switch (e.kind) {
        case ExprKind::Var: {
            if (e.text == "_") return wild;
            Pat* p = make(Pat::Var, e.loc);
            p->name = e.text;
            return p;
        }
        case ExprKind::Integer:
        case ExprKind::Char:
        case ExprKind::Float:
        case ExprKind::Atom:
        case ExprKind::Nil:
        case ExprKind::UnaryOp: {
            auto c = g.constant(e);
            if (!c) {
                g.error(e.loc, "illegal pattern");
                return wild;
            }
            Pat* p = make(Pat::Lit, e.loc);
            p->lit = *c;
            return p;
        }
        case ExprKind::String: {
            Pat* nil = make(Pat::Lit, e.loc);
            nil->lit = Term::nil();
            return listPat(e, nil);
        }
        case ExprKind::Tuple: {
            Pat* p = make(Pat::Tuple, e.loc);
            for (const auto& k : e.kids)
                p->kids.push_back(convert(*k));
            return p;
        }
        case ExprKind::Cons: {
            Pat* p = make(Pat::Cons, e.loc);
            p->kids = {convert(*e.kids[0]), convert(*e.kids[1])};
            return p;
        }
        case ExprKind::Map: {
            Pat* p = make(Pat::Map, e.loc);
            p->src = &e;
            for (const auto& f : e.kids)
                p->kids.push_back(convert(*f->kids[1]));
            return p;
        }
        case ExprKind::Binary: {
            Pat* p = make(Pat::Bin, e.loc);
            p->src = &e;
            return p;
        }
        case ExprKind::Match: {
            Pat* p = make(Pat::Alias, e.loc);
            p->kids = {convert(*e.kids[0]), convert(*e.kids[1])};
            return p;
        }
        case ExprKind::BinOp:
            if (e.text == "++") return listPat(*e.kids[0], convert(*e.kids[1]));
            if (auto c = g.constant(e)) {
                Pat* p = make(Pat::Lit, e.loc);
                p->lit = *c;
                return p;
            }
            break;
        default: break;
        }
        g.error(e.loc, "illegal pattern");
        return wild;
    }

    // ---- variables ----
    std::optional<Reg> lookup(const Row& r, const std::string& name) const {
        for (auto it = r.binds.rbegin(); it != r.binds.rend(); ++it)
            if (it->first == name) return it->second;
        if (!headsShadow) {
            auto it = outer.find(name);
            if (it != outer.end()) return it->second;
        }
        return std::nullopt;
    }
    std::optional<Reg> lookupAny(const Row& r, const std::string& name) const {
        if (auto x = lookup(r, name)) return x;
        auto it = outer.find(name);
        if (it != outer.end()) return it->second;
        return std::nullopt;
    }
    bool isFreshVar(const Row& r, const Pat* p) const {
        return p->kind == Pat::Var && !lookup(r, p->name);
    }

    enum class Cls { Var, Ctor, Single };
    Cls classify(const Row& r) const {
        const Pat* p = r.cols[0];
        switch (p->kind) {
        case Pat::Wild: return Cls::Var;
        case Pat::Var: return lookup(r, p->name) ? Cls::Single : Cls::Var;
        case Pat::Lit:
        case Pat::Cons:
        case Pat::Tuple: return Cls::Ctor;
        default: return Cls::Single;
        }
    }

    // Splits aliases (P1 = P2) in the first column: a fresh variable side becomes a
    // binding; otherwise the subject is duplicated into a new second column.
    void resolveAliases(std::vector<Reg>& occ, std::vector<Row>& rows) {
        for (;;) {
            bool needDup = false;
            for (Row& r : rows) {
                while (r.cols[0]->kind == Pat::Alias) {
                    Pat* a = r.cols[0]->kids[0];
                    Pat* b = r.cols[0]->kids[1];
                    if (a->kind == Pat::Wild) {
                        r.cols[0] = b;
                    } else if (b->kind == Pat::Wild) {
                        r.cols[0] = a;
                    } else if (isFreshVar(r, a)) {
                        r.binds.push_back({a->name, occ[0]});
                        r.cols[0] = b;
                    } else if (isFreshVar(r, b)) {
                        r.binds.push_back({b->name, occ[0]});
                        r.cols[0] = a;
                    } else {
                        needDup = true;
                        break;
                    }
                }
            }
            if (!needDup) return;
            occ.insert(occ.begin() + 1, occ[0]);
            for (Row& r : rows) {
                if (r.cols[0]->kind == Pat::Alias) {
                    Pat* a = r.cols[0];
                    r.cols[0] = a->kids[0];
                    r.cols.insert(r.cols.begin() + 1, a->kids[1]);
                } else {
                    r.cols.insert(r.cols.begin() + 1, wild);
                }
            }
        }
    }

    // ---- the algorithm ----
    void match(std::vector<Reg> occ, std::vector<Row> rows, Label fail) {
        if (rows.empty()) {
            g.as.jump(fail);
            return;
        }
        if (occ.empty()) {
            leaves(rows, fail);
            return;
        }
        resolveAliases(occ, rows);
        // Cut into blocks.
        std::vector<std::pair<Cls, std::vector<Row>>> blocks;
        for (Row& r : rows) {
            Cls c = classify(r);
            if (blocks.empty() || c == Cls::Single || blocks.back().first != c ||
                blocks.back().first == Cls::Single)
                blocks.push_back({c, {}});
            blocks.back().second.push_back(std::move(r));
        }
        for (size_t i = 0; i < blocks.size(); ++i) {
            Label next = i + 1 == blocks.size() ? fail : g.as.newLabel();
            Reg saved = g.top;
            switch (blocks[i].first) {
            case Cls::Var: varBlock(occ, blocks[i].second, next); break;
            case Cls::Ctor: ctorBlock(occ, blocks[i].second, next); break;
            case Cls::Single: singleBlock(occ, blocks[i].second[0], next); break;
            }
            g.top = saved;
            if (next != fail) g.as.bind(next);
        }
    }

    void leaves(std::vector<Row>& rows, Label fail) {
        for (size_t i = 0; i < rows.size(); ++i) {
            // A row without a guard always succeeds: the rows after it are unreachable.
            const Clause* c = clauses[rows[i].clause].clause;
            bool last = i + 1 == rows.size() || !c || c->guards.empty();
            Label next = last ? fail : g.as.newLabel();
            Env env = outer;
            for (auto& [name, reg] : rows[i].binds)
                env[name] = reg;
            Reg saved = g.top;
            g.m.dump("  leaf clause " + std::to_string(rows[i].clause + 1));
            leaf(rows[i].clause, env, next);
            g.top = saved;
            if (last) break;
            g.as.bind(next);
        }
    }

    static std::vector<Reg> rest(const std::vector<Reg>& occ) {
        return std::vector<Reg>(occ.begin() + 1, occ.end());
    }

    void varBlock(const std::vector<Reg>& occ, std::vector<Row>& rows, Label fail) {
        for (Row& r : rows) {
            if (r.cols[0]->kind == Pat::Var) r.binds.push_back({r.cols[0]->name, occ[0]});
            r.cols.erase(r.cols.begin());
        }
        match(rest(occ), std::move(rows), fail);
    }

    // Expands rows of one constructor with `fields` new leading columns, dropping
    // columns that every row leaves as a wildcard; returns which fields to load.
    std::vector<bool> expand(std::vector<Row>& rows, size_t fields,
                             const std::function<Pat*(Pat*, size_t)>& field) {
        std::vector<bool> needed(fields, false);
        for (Row& r : rows)
            for (size_t f = 0; f < fields; ++f)
                if (field(r.cols[0], f)->kind != Pat::Wild) needed[f] = true;
        for (Row& r : rows) {
            Pat* p = r.cols[0];
            std::vector<Pat*> cols;
            for (size_t f = 0; f < fields; ++f)
                if (needed[f]) cols.push_back(field(p, f));
            cols.insert(cols.end(), r.cols.begin() + 1, r.cols.end());
            r.cols = std::move(cols);
        }
        return needed;
    }

    void ctorBlock(const std::vector<Reg>& occ, std::vector<Row>& rows, Label fail) {
        Reg s = occ[0];
        std::vector<Row> consRows;
        std::map<size_t, std::vector<Row>> tupleRows; // by arity
        std::vector<size_t> arityOrder;
        std::vector<std::pair<Term, std::vector<Row>>> valueRows;
        for (Row& r : rows) {
            Pat* p = r.cols[0];
            if (p->kind == Pat::Cons) {
                consRows.push_back(std::move(r));
            } else if (p->kind == Pat::Tuple) {
                size_t n = p->kids.size();
                if (!tupleRows.count(n)) arityOrder.push_back(n);
                tupleRows[n].push_back(std::move(r));
            } else {
                bool immediate = !p->lit.isBoxed() && !p->lit.isList();
                auto it = std::find_if(valueRows.begin(), valueRows.end(),
                                       [&](auto& v) { return immediate && v.first == p->lit; });
                if (it == valueRows.end()) {
                    valueRows.push_back({p->lit, {}});
                    it = valueRows.end() - 1;
                }
                it->second.push_back(std::move(r));
            }
        }
        int parts = !consRows.empty() + !tupleRows.empty() + !valueRows.empty();
        std::string trace = "switch R" + std::to_string(s) + ":";
        if (!consRows.empty()) trace += " cons";
        for (size_t n : arityOrder)
            trace += " {}/" + std::to_string(n);
        for (auto& v : valueRows)
            trace += " " + formatLiteral(v.first, g.m.rt.atoms());
        g.m.dump(trace);

        auto nextPart = [&]() { return --parts == 0 ? fail : g.as.newLabel(); };
        if (!consRows.empty()) {
            Label next = nextPart();
            Reg saved = g.top;
            auto needed = expand(consRows, 2, [](Pat* p, size_t f) { return p->kids[f]; });
            std::vector<Reg> sub;
            if (!needed[0] || !needed[1])
                g.as.emit(Opcode::TEST_TYPE, s, uint32_t(vm::TypeTest::Cons), 0,
                          {Word::label(next)});
            if (needed[0] && needed[1]) {
                // The head of every list loop: test and split in one instruction.
                Reg h = g.alloc(), t = g.alloc();
                g.as.emit(Opcode::TEST_GET_LIST, h, t, s, {Word::label(next)});
                sub = {h, t};
            } else if (needed[0]) {
                Reg h = g.alloc();
                g.as.emit(Opcode::GET_HD, h, s);
                sub = {h};
            } else if (needed[1]) {
                Reg t = g.alloc();
                g.as.emit(Opcode::GET_TL, t, s);
                sub = {t};
            }
            auto r = rest(occ);
            sub.insert(sub.end(), r.begin(), r.end());
            match(sub, std::move(consRows), fail);
            g.top = saved;
            if (next != fail) g.as.bind(next);
        }
        if (!tupleRows.empty()) {
            Label next = nextPart();
            std::vector<Label> labels;
            if (arityOrder.size() == 1) {
                g.as.emit(Opcode::TEST_ARITY, s, 0, 0,
                          {Word::val(uint32_t(arityOrder[0])), Word::label(next)});
                labels.push_back(0);
            } else {
                g.as.emit(Opcode::TEST_TYPE, s, uint32_t(vm::TypeTest::Tuple), 0,
                          {Word::label(next)});
                std::vector<Term> vals;
                for (size_t n : arityOrder) {
                    vals.push_back(Term::makeSmall(int64_t(n)));
                    labels.push_back(g.as.newLabel());
                }
                uint32_t start = g.as.pc();
                uint32_t t = g.as.table(vals, labels, start);
                g.as.emit(Opcode::SELECT_ARITY, s, 0, 0, {Word::val(t), Word::label(next)});
            }
            for (size_t i = 0; i < arityOrder.size(); ++i) {
                size_t n = arityOrder[i];
                if (arityOrder.size() > 1) g.as.bind(labels[i]);
                Reg saved = g.top;
                auto& trs = tupleRows[n];
                auto needed = expand(trs, n, [](Pat* p, size_t f) { return p->kids[f]; });
                std::vector<Reg> sub;
                for (size_t f = 0; f < n; ++f) {
                    if (!needed[f]) continue;
                    Reg e = g.alloc();
                    g.as.emit(Opcode::GET_ELEM, e, s, 0, {Word::val(uint32_t(f))});
                    sub.push_back(e);
                }
                auto r = rest(occ);
                sub.insert(sub.end(), r.begin(), r.end());
                match(sub, std::move(trs), fail);
                g.top = saved;
            }
            if (next != fail) g.as.bind(next);
        }
        if (!valueRows.empty()) {
            Label next = nextPart();
            bool allImmediate = std::all_of(valueRows.begin(), valueRows.end(), [](auto& v) {
                return !v.first.isBoxed() && !v.first.isList();
            });
            if (allImmediate && valueRows.size() >= 3) {
                std::vector<Term> vals;
                std::vector<Label> labels;
                for (auto& v : valueRows) {
                    vals.push_back(v.first);
                    labels.push_back(g.as.newLabel());
                }
                uint32_t start = g.as.pc();
                uint32_t t = g.as.table(vals, labels, start);
                g.as.emit(Opcode::SELECT_VAL, s, 0, 0, {Word::val(t), Word::label(next)});
                for (size_t i = 0; i < valueRows.size(); ++i) {
                    g.as.bind(labels[i]);
                    for (Row& r : valueRows[i].second)
                        r.cols.erase(r.cols.begin());
                    Reg saved = g.top;
                    match(rest(occ), std::move(valueRows[i].second), fail);
                    g.top = saved;
                }
            } else {
                for (size_t i = 0; i < valueRows.size(); ++i) {
                    Label lv = i + 1 == valueRows.size() ? next : g.as.newLabel();
                    uint32_t k = g.as.literal(valueRows[i].first);
                    g.as.emit(Opcode::TEST_EQ_K, s, 0, 0, {Word::val(k), Word::label(lv)});
                    for (Row& r : valueRows[i].second)
                        r.cols.erase(r.cols.begin());
                    Reg saved = g.top;
                    match(rest(occ), std::move(valueRows[i].second), fail);
                    g.top = saved;
                    if (lv != next) g.as.bind(lv);
                }
            }
            if (next != fail) g.as.bind(next);
        }
    }

    // A register holding the value of a map key or binary size expression.
    std::optional<Reg> valueOf(const Row& r, const Expr& e) {
        if (e.kind == ExprKind::Var) {
            if (auto reg = lookupAny(r, e.text)) return g.use(*reg);
            g.error(e.loc, "variable '" + e.text + "' is unbound");
            return std::nullopt;
        }
        if (auto c = g.constant(e)) {
            Reg t = g.alloc();
            g.as.emit(Opcode::LOADK, t, 0, 0, {Word::val(g.as.literal(*c))});
            return t;
        }
        g.error(e.loc, "illegal expression in a pattern");
        return std::nullopt;
    }

    void singleBlock(const std::vector<Reg>& occ, Row& row, Label fail) {
        Reg s = occ[0];
        Pat* p = row.cols[0];
        std::vector<Reg> sub;
        std::vector<Pat*> cols;
        switch (p->kind) {
        case Pat::Var: {
            Reg v = g.use(*lookup(row, p->name));
            g.m.dump("test R" + std::to_string(s) + " =:= " + p->name);
            g.as.emit(Opcode::TEST_CMP, s, v, uint32_t(vm::CmpKind::ExactEq), {Word::label(fail)});
            break;
        }
        case Pat::Map: {
            g.m.dump("map R" + std::to_string(s));
            g.as.emit(Opcode::TEST_TYPE, s, uint32_t(vm::TypeTest::Map), 0, {Word::label(fail)});
            for (size_t i = 0; i < p->kids.size(); ++i) {
                auto key = valueOf(row, *p->src->kids[i]->kids[0]);
                if (!key) continue;
                Reg v = g.alloc();
                g.as.emit(Opcode::MAP_GET, v, s, *key, {Word::label(fail)});
                sub.push_back(v);
                cols.push_back(p->kids[i]);
            }
            break;
        }
        case Pat::Bin: binary(row, s, *p->src, fail); break;
        default: break;
        }
        auto r = rest(occ);
        sub.insert(sub.end(), r.begin(), r.end());
        cols.insert(cols.end(), row.cols.begin() + 1, row.cols.end());
        row.cols = std::move(cols);
        std::vector<Row> rows;
        rows.push_back(std::move(row));
        match(sub, std::move(rows), fail);
    }

    void binary(Row& row, Reg subject, const Expr& bin, Label fail) {
        g.m.dump("binary R" + std::to_string(subject));
        Reg state = g.alloc();
        g.as.emit(Opcode::BS_START, state, subject, 0, {Word::label(fail)});
        bool endsWithAll = false;
        auto loadSmall = [&](int64_t v) {
            Reg t = g.alloc();
            g.as.emit(Opcode::LOADI, t, 0, 0, {Word::val(uint32_t(int32_t(v)))});
            return t;
        };
        auto loadAtom = [&](Term a) {
            Reg t = g.alloc();
            g.as.emit(Opcode::LOADK, t, 0, 0, {Word::val(g.as.literal(a))});
            return t;
        };
        for (size_t i = 0; i < bin.segments.size(); ++i) {
            const BinSegment& seg = bin.segments[i];
            g.setLine(seg.loc);
            FunctionGen::SegInfo info = g.segInfo(seg);
            const Expr& v = *seg.value;
            if (v.kind == ExprKind::String) {
                FunctionGen::SegInfo ci;
                ci.type = vm::atoms::kUndefined;
                ci.type = g.m.atom("integer");
                uint32_t k = g.as.literal(g.segDescriptor(ci));
                Reg size = loadSmall(8);
                for (char32_t ch : v.str) {
                    Reg t = g.alloc();
                    g.as.emit(Opcode::BS_GET, t, state, size, {Word::val(k), Word::label(fail)});
                    g.as.emit(
                        Opcode::TEST_EQ_K, t, 0, 0,
                        {Word::val(g.as.literal(Term::makeSmall(int64_t(ch)))), Word::label(fail)});
                }
                continue;
            }
            Reg size = 0;
            if (seg.size) {
                if (seg.size->kind == ExprKind::Atom && seg.size->text == "all") {
                    size = loadAtom(vm::atoms::kAll);
                } else if (auto r = valueOf(row, *seg.size)) {
                    size = *r;
                } else {
                    continue;
                }
            } else if (info.isBinaryType) {
                if (i + 1 != bin.segments.size()) {
                    g.error(seg.loc, "a binary field without size is only allowed at the end of "
                                     "a binary pattern");
                    continue;
                }
                size = loadAtom(vm::atoms::kAll);
                endsWithAll = true;
            } else if (info.isUtf) {
                size = loadAtom(vm::atoms::kUndefined);
            } else {
                size = loadSmall(info.isFloat ? 64 : 8);
            }
            uint32_t k = g.as.literal(g.segDescriptor(info));
            Reg dst = g.alloc();
            g.as.emit(Opcode::BS_GET, dst, state, size, {Word::val(k), Word::label(fail)});
            if (v.kind == ExprKind::Var) {
                if (v.text == "_") continue;
                if (auto bound = lookup(row, v.text)) {
                    g.as.emit(Opcode::TEST_CMP, dst, g.use(*bound), uint32_t(vm::CmpKind::ExactEq),
                              {Word::label(fail)});
                } else {
                    row.binds.push_back({v.text, dst});
                }
            } else if (auto c = g.constant(v)) {
                g.as.emit(Opcode::TEST_EQ_K, dst, 0, 0,
                          {Word::val(g.as.literal(*c)), Word::label(fail)});
            } else {
                g.error(v.loc, "illegal binary segment pattern");
            }
        }
        if (!endsWithAll)
            g.as.emit(Opcode::BS_TEST_TAIL, state, 0, 0, {Word::val(0), Word::label(fail)});
    }
};

void FunctionGen::matchClauses(const std::vector<Reg>& subjects,
                               const std::vector<MatchClause>& clauses, const Env& env,
                               bool headsShadow, Label fail, const LeafFn& leaf) {
    MatchCompiler mc{*this, env, headsShadow, leaf, clauses, {}, nullptr};
    mc.wild = mc.make(Pat::Wild, {});
    std::vector<MatchCompiler::Row> rows;
    for (size_t i = 0; i < clauses.size(); ++i) {
        MatchCompiler::Row r;
        r.clause = i;
        for (const Expr* p : clauses[i].patterns)
            r.cols.push_back(p ? mc.convert(*p) : mc.wild);
        if (r.cols.size() != subjects.size()) {
            error(clauses[i].clause ? clauses[i].clause->loc : Loc{}, "wrong number of patterns");
            continue;
        }
        rows.push_back(std::move(r));
    }
    mc.match(subjects, std::move(rows), fail);
}

} // namespace pfun::compiler
