#include "pfun/vm/float_format.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace pfun::vm {

void shortestDigits(double d, std::string& digits, int& place) {
    digits.clear();
    d = std::fabs(d);
    if (d == 0.0) {
        digits = "0";
        place = 1;
        return;
    }
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    // buf holds "D[.DDD]e[+-]XX".
    const char* p = buf;
    const char* end = res.ptr;
    while (p < end && *p != 'e') {
        if (*p != '.') digits.push_back(*p);
        ++p;
    }
    int exp = std::atoi(std::string(p + 1, end).c_str());
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    place = exp + 1;
}

std::string formatFloatShortest(double d) {
    std::string out;
    if (std::signbit(d)) out.push_back('-');
    if (d == 0.0) return out + "0.0";
    std::string s;
    int place;
    shortestDigits(d, s, place);
    int len = static_cast<int>(s.size());
    auto expForm = [&] {
        std::string r(1, s[0]);
        r.push_back('.');
        r += len == 1 ? std::string("0") : s.substr(1);
        r.push_back('e');
        r += std::to_string(place - 1);
        return r;
    };
    if (place == 0) return out + "0." + s;
    if (place < 0 || place >= len) {
        int expLen = static_cast<int>(std::to_string(place - 1).size());
        int expCost = expLen + 1 + (len == 1 ? 2 : 1);
        if (place < 0) {
            if (2 - place <= expCost) return out + "0." + std::string(-place, '0') + s;
            return out + expForm();
        }
        // Integral values: plain when not longer, but never from 2^53 up, where a
        // double no longer holds every integer (erl prints 9.007199254740992e15).
        if (place - len + 2 <= expCost && std::fabs(d) < 9007199254740992.0)
            return out + s + std::string(place - len, '0') + ".0";
        return out + expForm();
    }
    return out + s.substr(0, place) + "." + s.substr(place);
}

std::string floatToListDefault(double d) {
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%.20e", d);
    return std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
}

} // namespace pfun::vm
