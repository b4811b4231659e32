// The math module: libm with erl's errors (badarg for a non-number, badarith when the
// result is not a finite number: math:sqrt(-1), math:log(0), math:exp(1000)).
#include "bif_util.h"

#include "pfun/vm/number.h"

#include <cmath>
#include <numbers>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;

namespace {

bool number(Term t, double& d) {
    return t.isNumber() && vm::termToDouble(t, d);
}

Term result(Process& p, double r) {
    if (!std::isfinite(r)) return p.badarith();
    return vm::makeFloat(p.heap(), r);
}

template <double (*F)(double)>
Term unary(Process& p, const Term* a) {
    double x;
    if (!a[0].isNumber()) return p.badarg();
    if (!number(a[0], x)) return p.badarith();
    return result(p, F(x));
}
template <double (*F)(double, double)>
Term binary(Process& p, const Term* a) {
    double x, y;
    if (!a[0].isNumber() || !a[1].isNumber()) return p.badarg();
    if (!number(a[0], x) || !number(a[1], y)) return p.badarith();
    return result(p, F(x, y));
}

double sqrtD(double x) {
    return std::sqrt(x);
}
double expD(double x) {
    return std::exp(x);
}
double logD(double x) {
    return x <= 0 ? NAN : std::log(x);
}
double log2D(double x) {
    return x <= 0 ? NAN : std::log2(x);
}
double log10D(double x) {
    return x <= 0 ? NAN : std::log10(x);
}
double sinD(double x) {
    return std::sin(x);
}
double cosD(double x) {
    return std::cos(x);
}
double tanD(double x) {
    return std::tan(x);
}
double asinD(double x) {
    return std::asin(x);
}
double acosD(double x) {
    return std::acos(x);
}
double atanD(double x) {
    return std::atan(x);
}
double sinhD(double x) {
    return std::sinh(x);
}
double coshD(double x) {
    return std::cosh(x);
}
double tanhD(double x) {
    return std::tanh(x);
}
double asinhD(double x) {
    return std::asinh(x);
}
double acoshD(double x) {
    return std::acosh(x);
}
double atanhD(double x) {
    return std::atanh(x);
}
double erfD(double x) {
    return std::erf(x);
}
double erfcD(double x) {
    return std::erfc(x);
}
double floorD(double x) {
    return std::floor(x);
}
double ceilD(double x) {
    return std::ceil(x);
}
double powD(double x, double y) {
    return std::pow(x, y);
}
double atan2D(double y, double x) {
    return std::atan2(y, x);
}
double fmodD(double x, double y) {
    return y == 0 ? NAN : std::fmod(x, y);
}

Term pi(Process& p, const Term*) {
    return vm::makeFloat(p.heap(), std::numbers::pi);
}
Term tau(Process& p, const Term*) {
    return vm::makeFloat(p.heap(), 2 * std::numbers::pi);
}

constexpr BifSpec kMathBifs[] = {
    {"math", "pi", 0, pi},
    {"math", "tau", 0, tau},
    {"math", "sqrt", 1, unary<sqrtD>},
    {"math", "exp", 1, unary<expD>},
    {"math", "log", 1, unary<logD>},
    {"math", "log2", 1, unary<log2D>},
    {"math", "log10", 1, unary<log10D>},
    {"math", "sin", 1, unary<sinD>},
    {"math", "cos", 1, unary<cosD>},
    {"math", "tan", 1, unary<tanD>},
    {"math", "asin", 1, unary<asinD>},
    {"math", "acos", 1, unary<acosD>},
    {"math", "atan", 1, unary<atanD>},
    {"math", "sinh", 1, unary<sinhD>},
    {"math", "cosh", 1, unary<coshD>},
    {"math", "tanh", 1, unary<tanhD>},
    {"math", "asinh", 1, unary<asinhD>},
    {"math", "acosh", 1, unary<acoshD>},
    {"math", "atanh", 1, unary<atanhD>},
    {"math", "erf", 1, unary<erfD>},
    {"math", "erfc", 1, unary<erfcD>},
    {"math", "floor", 1, unary<floorD>},
    {"math", "ceil", 1, unary<ceilD>},
    {"math", "pow", 2, binary<powD>},
    {"math", "atan2", 2, binary<atan2D>},
    {"math", "fmod", 2, binary<fmodD>},
};

} // namespace

void registerMathBifs(vm::Runtime& rt) {
    registerTable(rt, kMathBifs);
}

} // namespace pfun::stdlib::detail
