// The hot functions of the lists module, native: reverse, member, keyfind, sort, seq...
// The rest of lists is Erlang code in stdlib/erl/lists.erl.
#include "bif_util.h"

#include "pfun/vm/compare.h"
#include "pfun/vm/construct.h"

#include <algorithm>
#include <vector>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;
namespace atoms = vm::atoms;

namespace {

Term functionClause(Process& p) {
    return p.error(atoms::kFunctionClause);
}

Term reverse2(Process& p, const Term* a) {
    Term acc = a[1];
    Term l = a[0];
    for (; l.isList(); l = l.tail())
        acc = vm::makeCons(p.heap(), l.head(), acc);
    if (!l.isNil()) return p.badarg();
    return acc;
}
// Like erl: no clause matches a non-list or [X | NonList]; a longer improper list
// fails inside reverse/2 with badarg.
Term reverse1(Process& p, const Term* a) {
    Term l = a[0];
    if (!l.isNil() && !(l.isList() && (l.tail().isList() || l.tail().isNil())))
        return functionClause(p);
    Term args[2] = {a[0], Term::nil()};
    return reverse2(p, args);
}

Term member(Process& p, const Term* a) {
    Term l = a[1];
    for (; l.isList(); l = l.tail())
        if (vm::exactEq(l.head(), a[0])) return atoms::kTrue;
    if (!l.isNil()) return p.badarg();
    return atoms::kFalse;
}

// The first tuple whose N-th element == Key; nonValue after badarg.
Term keyFind(Process& p, Term key, Term n, Term list, bool& found) {
    found = false;
    if (!n.isSmall() || n.small() < 1) return p.badarg();
    auto pos = static_cast<uint64_t>(n.small());
    Term l = list;
    for (; l.isList(); l = l.tail()) {
        Term t = l.head();
        if (t.isTuple() && t.tupleArity() >= pos && vm::eq(t.element(pos - 1), key)) {
            found = true;
            return t;
        }
    }
    if (!l.isNil()) return p.badarg();
    return atoms::kFalse;
}
Term keyfind(Process& p, const Term* a) {
    bool found;
    return keyFind(p, a[0], a[1], a[2], found);
}
Term keymember(Process& p, const Term* a) {
    bool found;
    Term r = keyFind(p, a[0], a[1], a[2], found);
    if (r.isNonValue()) return r;
    return vm::boolAtom(found);
}
Term keysearch(Process& p, const Term* a) {
    bool found;
    Term r = keyFind(p, a[0], a[1], a[2], found);
    if (r.isNonValue() || !found) return r;
    return vm::makeTuple(p.heap(), {atom(p, "value"), r});
}

// lists:append/2 is '++'.
Term append2(Process& p, const Term* a) {
    if (a[0].isNil()) return a[1];
    int64_t n = properLength(a[0]);
    if (n < 0) return p.badarg();
    std::vector<Term> elems;
    elems.reserve(static_cast<size_t>(n));
    for (Term l = a[0]; l.isList(); l = l.tail())
        elems.push_back(l.head());
    return vm::makeList(p.heap(), elems, a[1]);
}

// Collects a proper list; false otherwise.
bool toVector(Term l, std::vector<Term>& out) {
    for (; l.isList(); l = l.tail())
        out.push_back(l.head());
    return l.isNil();
}

// Term order as <0, 0, >0, with a shortcut for two small integers.
struct TermOrder {
    const vm::AtomTable* atoms;
    int operator()(Term x, Term y) const {
        if (x.isSmall() && y.isSmall())
            return x.small() < y.small() ? -1 : (x.small() > y.small() ? 1 : 0);
        return vm::compareTerms(x, y, *atoms);
    }
};

// erl's lists:sort/1 and usort/1 are natural merge sorts: a first pass cuts the list
// into runs, then runs are merged three at a time. Every merge is stable with respect
// to a fixed priority of the runs, so the result equals a stable sort of the runs
// concatenated in priority order. Which element comes first among those that compare
// equal but differ (1 and 1.0) therefore depends only on how the runs are cut, which
// RunCutter reproduces; the merging is left to std::stable_sort.
//
// A run grows in one direction (ascending, or descending when the first two elements
// decrease). Its last two elements x and y take a new element z after y, between x
// and y, or, while the run holds only x and y, before both; any other element is kept
// aside as a spare, and the next element that fits nowhere starts a new run with it.
class RunCutter {
  public:
    // Unique drops elements equal to one
    // already in the current run (or to the spare), as usort does.
    RunCutter(TermOrder cmp, bool descending, bool unique)
        : cmp_(cmp), desc_(descending), unique_(unique) {}

    // Starts the first run with x then y (in build order), body holding earlier elements.
    void start(std::vector<Term> body, Term x, Term y) {
        body_ = std::move(body);
        x_ = x;
        y_ = y;
    }

    void add(Term z) {
        int zy = dir(z, y_), zx = dir(z, x_);
        if (unique_ && (zy == 0 || zx == 0)) return;
        if (zy > 0 || (!unique_ && zy == 0)) {
            body_.push_back(x_);
            x_ = y_;
            y_ = z;
        } else if (zx > 0 || (!unique_ && zx == 0)) {
            body_.push_back(x_);
            x_ = z;
        } else if (body_.empty() && !hasSpare_) {
            body_.push_back(z);
        } else if (!hasSpare_) {
            spare_ = z;
            hasSpare_ = true;
        } else {
            int zs = dir(z, spare_);
            if (unique_ && zs == 0) return;
            // Ascending sort puts an equal spare first, the other directions last.
            bool spareFirst = zs > 0 || (zs == 0 && !desc_);
            close();
            hasSpare_ = false;
            if (spareFirst)
                start({}, spare_, z);
            else
                start({}, z, spare_);
        }
    }

    // The runs in priority order, each ascending.
    std::vector<std::vector<Term>> finish(bool laterRunsFirst) {
        close();
        if (hasSpare_) runs_.push_back({spare_});
        if (laterRunsFirst) std::reverse(runs_.begin(), runs_.end());
        return std::move(runs_);
    }

  private:
    // Compares in the run's build direction.
    int dir(Term a, Term b) const {
        int c = cmp_(a, b);
        return desc_ ? -c : c;
    }
    void close() {
        body_.push_back(x_);
        body_.push_back(y_);
        if (desc_) std::reverse(body_.begin(), body_.end());
        runs_.push_back(std::move(body_));
        body_.clear();
    }

    TermOrder cmp_;
    bool desc_;
    bool unique_;
    std::vector<Term> body_;
    Term x_, y_, spare_;
    bool hasSpare_ = false;
    std::vector<std::vector<Term>> runs_;
};

// Concatenates the runs (already in priority order) and sorts stably.
std::vector<Term> mergeRuns(std::vector<std::vector<Term>> runs, TermOrder cmp) {
    std::vector<Term> all;
    for (auto& r : runs)
        all.insert(all.end(), r.begin(), r.end());
    std::stable_sort(all.begin(), all.end(), [&](Term x, Term y) { return cmp(x, y) < 0; });
    return all;
}

// lists:sort/1, ordering equal elements exactly as erl does (see RunCutter).
Term sort1(Process& p, const Term* a) {
    std::vector<Term> v;
    if (!toVector(a[0], v)) return functionClause(p);
    if (std::all_of(v.begin(), v.end(), [](Term t) { return t.isSmall(); })) {
        // Equal small integers are identical, so any order of ties is erl's.
        std::sort(v.begin(), v.end(), [](Term x, Term y) { return x.small() < y.small(); });
        return vm::makeList(p.heap(), v);
    }
    TermOrder cmp{&p.runtime().atoms()};
    size_t n = v.size();
    if (n < 2) return a[0];
    Term x = v[0], y = v[1];
    int c = cmp(x, y);
    if (n == 3) {
        Term z = v[2];
        if (c <= 0) {
            if (cmp(y, z) <= 0) return a[0];
            if (cmp(x, z) <= 0) return vm::makeList(p.heap(), {x, z, y});
            return vm::makeList(p.heap(), {z, x, y});
        }
        if (cmp(x, z) <= 0) return vm::makeList(p.heap(), {y, x, z});
        if (cmp(y, z) <= 0) return vm::makeList(p.heap(), {y, z, x});
        return vm::makeList(p.heap(), {z, y, x});
    }
    if (n == 2) return c <= 0 ? a[0] : vm::makeList(p.heap(), {y, x});
    size_t i = 2;
    std::vector<Term> body;
    bool desc = c > 0;
    if (c == 0) {
        // A leading group of equal elements joins the first run in input order.
        body.push_back(x);
        x = y;
        while (i < n && cmp(x, v[i]) == 0) {
            body.push_back(x);
            x = v[i++];
        }
        if (i == n) {
            body.push_back(x);
            return vm::makeList(p.heap(), body);
        }
        y = v[i++];
        desc = cmp(x, y) >= 0;
    }
    RunCutter cutter(cmp, desc, false);
    cutter.start(std::move(body), x, y);
    for (; i < n; ++i)
        cutter.add(v[i]);
    // Descending runs reverse the input, so later runs win ties.
    return vm::makeList(p.heap(), mergeRuns(cutter.finish(desc), cmp));
}

// lists:usort/1: sorted without duplicates (==); which of equal elements survives is
// erl's choice (see RunCutter).
Term usort1(Process& p, const Term* a) {
    std::vector<Term> v;
    if (!toVector(a[0], v)) return functionClause(p);
    TermOrder cmp{&p.runtime().atoms()};
    size_t n = v.size();
    if (n < 2) return a[0];
    Term x = v[0], y = v[1];
    int c = cmp(x, y);
    if (n == 2) {
        if (c < 0) return a[0];
        if (c > 0) return vm::makeList(p.heap(), {y, x});
        return vm::makeList(p.heap(), {x});
    }
    if (n == 3 && c != 0) {
        Term z = v[2];
        if (c > 0) std::swap(x, y); // now x < y, both kept
        int yz = cmp(y, z), xz = cmp(x, z);
        if (yz < 0) return vm::makeList(p.heap(), {x, y, z});
        if (yz == 0 || xz == 0) return vm::makeList(p.heap(), {x, y});
        if (xz > 0) return vm::makeList(p.heap(), {z, x, y});
        return vm::makeList(p.heap(), {x, z, y});
    }
    size_t i = 2;
    if (c == 0) {
        while (i < n && cmp(x, v[i]) == 0)
            ++i;
        if (i == n) return vm::makeList(p.heap(), {x});
        y = v[i++];
        c = cmp(x, y);
    }
    bool desc = c > 0;
    RunCutter cutter(cmp, desc, true);
    cutter.start({}, x, y);
    for (; i < n; ++i)
        cutter.add(v[i]);
    std::vector<Term> all = mergeRuns(cutter.finish(false), cmp);
    std::vector<Term> out;
    out.reserve(all.size());
    for (Term t : all)
        if (out.empty() || cmp(out.back(), t) != 0) out.push_back(t);
    return vm::makeList(p.heap(), out);
}

Term nth(Process& p, const Term* a) {
    if (!a[0].isSmall() || a[0].small() < 1) return functionClause(p);
    int64_t n = a[0].small();
    Term l = a[1];
    for (; n > 1 && l.isList(); --n)
        l = l.tail();
    if (!l.isList()) return functionClause(p);
    return l.head();
}

Term seqImpl(Process& p, Term from, Term to, Term incr) {
    if (!from.isSmall() || !to.isSmall() || !incr.isSmall()) return functionClause(p);
    int64_t f = from.small(), t = to.small(), i = incr.small();
    int64_t count;
    if (i > 0) {
        if (t < f - i) return p.badarg();
        count = t < f ? 0 : (t - f) / i + 1;
    } else if (i < 0) {
        if (t > f - i) return p.badarg();
        count = t > f ? 0 : (f - t) / (-i) + 1;
    } else {
        if (f != t) return p.badarg();
        count = 1;
    }
    if (count > (int64_t(1) << 32)) return p.error(atoms::kSystemLimit);
    std::vector<Term> v;
    v.reserve(static_cast<size_t>(count));
    for (int64_t k = 0, x = f; k < count; ++k, x += i)
        v.push_back(Term::makeSmall(x));
    return vm::makeList(p.heap(), v);
}
Term seq2(Process& p, const Term* a) {
    if (!a[0].isSmall() || !a[1].isSmall() || a[1].small() < a[0].small() - 1)
        return functionClause(p);
    return seqImpl(p, a[0], a[1], Term::makeSmall(1));
}
Term seq3(Process& p, const Term* a) {
    return seqImpl(p, a[0], a[1], a[2]);
}

constexpr BifSpec kListsBifs[] = {
    {"lists", "reverse", 1, reverse1},
    {"lists", "reverse", 2, reverse2},
    {"lists", "member", 2, member},
    {"lists", "keyfind", 3, keyfind},
    {"lists", "keymember", 3, keymember},
    {"lists", "keysearch", 3, keysearch},
    {"lists", "append", 2, append2},
    {"lists", "sort", 1, sort1},
    {"lists", "usort", 1, usort1},
    {"lists", "nth", 2, nth},
    {"lists", "seq", 2, seq2},
    {"lists", "seq", 3, seq3},
};

} // namespace

void registerListsBifs(vm::Runtime& rt) {
    registerTable(rt, kListsBifs);
}

} // namespace pfun::stdlib::detail
