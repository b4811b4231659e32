#include "pp_eval.h"

#include "pfun/compiler/erlang_builtins.h"

#include <cmath>
#include <optional>
#include <string>
#include <vector>

namespace pfun::compiler {

namespace {

struct Value {
    enum class Kind { Int, Float, Atom, Tuple, List } kind = Kind::Atom;
    int64_t i = 0;
    double f = 0;
    std::string atom;
    std::vector<Value> elems; // Tuple, List

    static Value integer(int64_t v) {
        Value x;
        x.kind = Kind::Int;
        x.i = v;
        return x;
    }
    static Value flt(double v) {
        Value x;
        x.kind = Kind::Float;
        x.f = v;
        return x;
    }
    static Value atomNamed(std::string name) {
        Value x;
        x.atom = std::move(name);
        return x;
    }
    static Value boolean(bool b) { return atomNamed(b ? "true" : "false"); }
    bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
    bool isBool() const { return kind == Kind::Atom && (atom == "true" || atom == "false"); }
    double num() const { return kind == Kind::Int ? double(i) : f; }
};

using Result = std::optional<Value>;

int rank(const Value& v) {
    switch (v.kind) {
    case Value::Kind::Int:
    case Value::Kind::Float: return 0;
    case Value::Kind::Atom: return 1;
    case Value::Kind::Tuple: return 2;
    case Value::Kind::List: return 3;
    }
    return 4;
}

// Term order; `exact` distinguishes 1 from 1.0 (=:=).
int compare(const Value& a, const Value& b, bool exact) {
    if (rank(a) != rank(b)) return rank(a) < rank(b) ? -1 : 1;
    switch (a.kind) {
    case Value::Kind::Int:
    case Value::Kind::Float: {
        if (a.kind == Value::Kind::Int && b.kind == Value::Kind::Int)
            return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
        double x = a.num(), y = b.num();
        if (x != y) return x < y ? -1 : 1;
        if (exact && a.kind != b.kind) return a.kind == Value::Kind::Int ? -1 : 1;
        return 0;
    }
    case Value::Kind::Atom: return a.atom.compare(b.atom) < 0 ? -1 : (a.atom == b.atom ? 0 : 1);
    case Value::Kind::Tuple:
        if (a.elems.size() != b.elems.size()) return a.elems.size() < b.elems.size() ? -1 : 1;
        [[fallthrough]];
    case Value::Kind::List:
        for (size_t k = 0; k < a.elems.size() && k < b.elems.size(); ++k)
            if (int c = compare(a.elems[k], b.elems[k], exact)) return c;
        if (a.elems.size() == b.elems.size()) return 0;
        return a.elems.size() < b.elems.size() ? -1 : 1;
    }
    return 0;
}

class Evaluator {
  public:
    Result eval(const Expr& e) {
        if (++depth_ > 200) return std::nullopt;
        Result r = evalInner(e);
        --depth_;
        return r;
    }

  private:
    int depth_ = 0;

    Result evalInner(const Expr& e) {
        switch (e.kind) {
        case ExprKind::Integer:
            if (!e.bigValue.empty()) return std::nullopt;
            return Value::integer(e.intValue);
        case ExprKind::Char: return Value::integer(e.intValue);
        case ExprKind::Float: return Value::flt(e.floatValue);
        case ExprKind::Atom: return Value::atomNamed(e.text);
        case ExprKind::Nil: return list({});
        case ExprKind::String: {
            std::vector<Value> cs;
            for (char32_t c : e.str)
                cs.push_back(Value::integer(int64_t(c)));
            return list(std::move(cs));
        }
        case ExprKind::Tuple: {
            Value t;
            t.kind = Value::Kind::Tuple;
            for (const auto& k : e.kids) {
                Result v = eval(*k);
                if (!v) return std::nullopt;
                t.elems.push_back(std::move(*v));
            }
            return t;
        }
        case ExprKind::Cons: {
            std::vector<Value> elems;
            const Expr* c = &e;
            while (c->kind == ExprKind::Cons) {
                Result v = eval(*c->kids[0]);
                if (!v) return std::nullopt;
                elems.push_back(std::move(*v));
                c = c->kids[1].get();
            }
            Result tail = eval(*c);
            if (!tail || tail->kind != Value::Kind::List) return std::nullopt;
            for (Value& v : tail->elems)
                elems.push_back(std::move(v));
            return list(std::move(elems));
        }
        case ExprKind::BinOp: return binOp(e);
        case ExprKind::UnaryOp: return unaryOp(e);
        case ExprKind::AndAlso:
        case ExprKind::OrElse: {
            Result l = eval(*e.kids[0]);
            if (!l || !l->isBool()) return std::nullopt;
            bool lv = l->atom == "true";
            if (e.kind == ExprKind::AndAlso ? !lv : lv) return l;
            return eval(*e.kids[1]);
        }
        case ExprKind::Call: return call(e);
        default: return std::nullopt;
        }
    }

    static Value list(std::vector<Value> elems) {
        Value l;
        l.kind = Value::Kind::List;
        l.elems = std::move(elems);
        return l;
    }

    Result binOp(const Expr& e) {
        Result a = eval(*e.kids[0]);
        Result b = eval(*e.kids[1]);
        if (!a || !b) return std::nullopt;
        const std::string& op = e.text;
        if (op == "==") return Value::boolean(compare(*a, *b, false) == 0);
        if (op == "/=") return Value::boolean(compare(*a, *b, false) != 0);
        if (op == "=:=") return Value::boolean(compare(*a, *b, true) == 0);
        if (op == "=/=") return Value::boolean(compare(*a, *b, true) != 0);
        if (op == "<") return Value::boolean(compare(*a, *b, false) < 0);
        if (op == ">") return Value::boolean(compare(*a, *b, false) > 0);
        if (op == "=<") return Value::boolean(compare(*a, *b, false) <= 0);
        if (op == ">=") return Value::boolean(compare(*a, *b, false) >= 0);
        if (op == "and" || op == "or" || op == "xor") {
            if (!a->isBool() || !b->isBool()) return std::nullopt;
            bool x = a->atom == "true", y = b->atom == "true";
            return Value::boolean(op == "and" ? (x && y) : op == "or" ? (x || y) : (x != y));
        }
        if (!a->isNumber() || !b->isNumber()) return std::nullopt;
        if (op == "/") {
            if (b->num() == 0) return std::nullopt;
            return Value::flt(a->num() / b->num());
        }
        bool ints = a->kind == Value::Kind::Int && b->kind == Value::Kind::Int;
        if (op == "+" || op == "-" || op == "*") {
            if (!ints) {
                double r = op == "+"   ? a->num() + b->num()
                           : op == "-" ? a->num() - b->num()
                                       : a->num() * b->num();
                if (!std::isfinite(r)) return std::nullopt;
                return Value::flt(r);
            }
            int64_t r = 0;
            bool overflow = op == "+"   ? __builtin_add_overflow(a->i, b->i, &r)
                            : op == "-" ? __builtin_sub_overflow(a->i, b->i, &r)
                                        : __builtin_mul_overflow(a->i, b->i, &r);
            if (overflow) return std::nullopt;
            return Value::integer(r);
        }
        if (!ints) return std::nullopt;
        int64_t x = a->i, y = b->i;
        if (op == "div" || op == "rem") {
            if (y == 0 || (x == INT64_MIN && y == -1)) return std::nullopt;
            return Value::integer(op == "div" ? x / y : x % y);
        }
        if (op == "band") return Value::integer(x & y);
        if (op == "bor") return Value::integer(x | y);
        if (op == "bxor") return Value::integer(x ^ y);
        if (op == "bsl" || op == "bsr") {
            if (y < 0 || y > 62) return std::nullopt;
            if (op == "bsr") return Value::integer(x >> y);
            int64_t r = x * (int64_t(1) << y);
            if (x != 0 && r / (int64_t(1) << y) != x) return std::nullopt;
            return Value::integer(r);
        }
        return std::nullopt;
    }

    Result unaryOp(const Expr& e) {
        Result a = eval(*e.kids[0]);
        if (!a) return std::nullopt;
        if (e.text == "not") {
            if (!a->isBool()) return std::nullopt;
            return Value::boolean(a->atom != "true");
        }
        if (!a->isNumber()) return std::nullopt;
        if (e.text == "+") return a;
        if (e.text == "-") {
            if (a->kind == Value::Kind::Float) return Value::flt(-a->f);
            if (a->i == INT64_MIN) return std::nullopt;
            return Value::integer(-a->i);
        }
        if (e.text == "bnot" && a->kind == Value::Kind::Int) return Value::integer(~a->i);
        return std::nullopt;
    }

    // The guard BIFs a condition may use, local or as erlang:F(...).
    Result call(const Expr& e) {
        std::string name;
        size_t first = 0;
        if (e.remote) {
            if (e.kids.size() < 2 || e.kids[0]->kind != ExprKind::Atom ||
                e.kids[0]->text != "erlang" || e.kids[1]->kind != ExprKind::Atom)
                return std::nullopt;
            name = e.kids[1]->text;
            first = 2;
        } else {
            if (e.text.empty()) return std::nullopt;
            name = e.text;
        }
        std::vector<Value> args;
        for (size_t k = first; k < e.kids.size(); ++k) {
            Result v = eval(*e.kids[k]);
            if (!v) return std::nullopt;
            args.push_back(std::move(*v));
        }
        using K = Value::Kind;
        if (args.size() == 1) {
            const Value& x = args[0];
            if (name == "is_atom") return Value::boolean(x.kind == K::Atom);
            if (name == "is_boolean") return Value::boolean(x.isBool());
            if (name == "is_integer") return Value::boolean(x.kind == K::Int);
            if (name == "is_float") return Value::boolean(x.kind == K::Float);
            if (name == "is_number") return Value::boolean(x.isNumber());
            if (name == "is_tuple") return Value::boolean(x.kind == K::Tuple);
            if (name == "is_list") return Value::boolean(x.kind == K::List);
            if (name == "tuple_size" && x.kind == K::Tuple)
                return Value::integer(int64_t(x.elems.size()));
            if (name == "length" && x.kind == K::List)
                return Value::integer(int64_t(x.elems.size()));
            if (name == "hd" && x.kind == K::List && !x.elems.empty()) return x.elems.front();
            if (name == "tl" && x.kind == K::List && !x.elems.empty())
                return list(std::vector<Value>(x.elems.begin() + 1, x.elems.end()));
            if (name == "abs" && x.kind == K::Int && x.i != INT64_MIN)
                return Value::integer(x.i < 0 ? -x.i : x.i);
            if (name == "abs" && x.kind == K::Float) return Value::flt(std::fabs(x.f));
        }
        if (args.size() == 2) {
            if (name == "element" && args[0].kind == K::Int && args[1].kind == K::Tuple &&
                args[0].i >= 1 && size_t(args[0].i) <= args[1].elems.size())
                return args[1].elems[size_t(args[0].i - 1)];
            if (name == "min") return compare(args[0], args[1], false) <= 0 ? args[0] : args[1];
            if (name == "max") return compare(args[0], args[1], false) >= 0 ? args[0] : args[1];
        }
        return std::nullopt;
    }
};

bool isIfConditionAt(const Expr& e, int depth) {
    if (depth > 200) return false;
    auto all = [&](const ExprList& kids, size_t from) {
        for (size_t k = from; k < kids.size(); ++k)
            if (!kids[k] || !isIfConditionAt(*kids[k], depth + 1)) return false;
        return true;
    };
    switch (e.kind) {
    case ExprKind::Integer:
    case ExprKind::Float:
    case ExprKind::Atom:
    case ExprKind::Char:
    case ExprKind::String:
    case ExprKind::Nil:
    case ExprKind::Var: return true;
    case ExprKind::Tuple:
    case ExprKind::Cons:
    case ExprKind::Map:
    case ExprKind::MapField:
    case ExprKind::AndAlso:
    case ExprKind::OrElse: return all(e.kids, 0);
    case ExprKind::Binary:
        for (const BinSegment& seg : e.segments)
            if ((seg.value && !isIfConditionAt(*seg.value, depth + 1)) ||
                (seg.size && !isIfConditionAt(*seg.size, depth + 1)))
                return false;
        return true;
    case ExprKind::BinOp:
        return (isArithOp(e.text, 2) || isBoolOp(e.text, 2) || isCompOp(e.text, 2)) &&
               all(e.kids, 0);
    case ExprKind::UnaryOp: return (isArithOp(e.text, 1) || isBoolOp(e.text, 1)) && all(e.kids, 0);
    case ExprKind::Call: {
        if (e.remote) {
            if (e.kids.size() < 2 || e.kids[0]->kind != ExprKind::Atom ||
                e.kids[0]->text != "erlang" || e.kids[1]->kind != ExprKind::Atom)
                return false;
            auto n = static_cast<unsigned>(e.kids.size() - 2);
            const std::string& f = e.kids[1]->text;
            return (isGuardBif(f, n) || isArithOp(f, n) || isBoolOp(f, n) || isCompOp(f, n)) &&
                   all(e.kids, 2);
        }
        if (e.text.empty()) return false;
        auto n = static_cast<unsigned>(e.kids.size());
        if (isAutoImported(e.text, n) && !isGuardBif(e.text, n)) return false;
        return all(e.kids, 0);
    }
    default: return false;
    }
}

} // namespace

bool isIfCondition(const Expr& e) {
    return isIfConditionAt(e, 0);
}

bool evalIfCondition(const Expr& e) {
    Evaluator ev;
    Result r = ev.eval(e);
    return r && r->kind == Value::Kind::Atom && r->atom == "true";
}

} // namespace pfun::compiler
