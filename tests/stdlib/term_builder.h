// Test helper: builds terms from Erlang term syntax ("{a,[1,2|t],\"s\",#{k => 1.5}}"),
// so tests state inputs the way erl would print them. Supports integers of any size,
// floats, atoms (bare and quoted), strings, binaries (<<"..">>, <<1,2>>), lists with
// tails, tuples and maps. Throws std::runtime_error on malformed text (tests only).
#pragma once

#include "pfun/vm/construct.h"
#include "pfun/vm/map.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pfun::testing {

class TermBuilder {
  public:
    TermBuilder(vm::Process& p, std::string_view text) : p_(p), s_(text) {}

    vm::Term parse() {
        vm::Term t = term();
        skip();
        if (i_ != s_.size()) fail("trailing text");
        return t;
    }

  private:
    [[noreturn]] void fail(const char* what) {
        throw std::runtime_error(std::string(what) + " at " + std::to_string(i_) + " in " +
                                 std::string(s_));
    }
    void skip() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t'))
            ++i_;
    }
    bool eat(char c) {
        skip();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!eat(c)) fail("expected character");
    }
    char32_t escaped() {
        char c = s_[i_++];
        if (c != '\\') return static_cast<unsigned char>(c);
        c = s_[i_++];
        switch (c) {
        case 'n': return '\n';
        case 't': return '\t';
        case 'r': return '\r';
        case 'e': return 27;
        case 'b': return 8;
        case 'f': return 12;
        case 'v': return 11;
        case 'd': return 127;
        case 's': return ' ';
        case 'x': { // \x{H...}
            ++i_;
            size_t end = s_.find('}', i_);
            char32_t v = static_cast<char32_t>(
                std::stoul(std::string(s_.substr(i_, end - i_)), nullptr, 16));
            i_ = end + 1;
            return v;
        }
        default:
            if (c >= '0' && c <= '7') {
                char32_t v = static_cast<char32_t>(c - '0');
                while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '7')
                    v = v * 8 + static_cast<char32_t>(s_[i_++] - '0');
                return v;
            }
            return static_cast<unsigned char>(c);
        }
    }
    std::u32string quoted(char q) {
        std::u32string out;
        while (i_ < s_.size() && s_[i_] != q)
            out.push_back(escaped());
        if (i_ >= s_.size()) fail("unterminated quote");
        ++i_;
        return out;
    }
    static std::string utf8(const std::u32string& s) {
        std::string o;
        for (char32_t c : s) {
            if (c < 0x80)
                o.push_back(static_cast<char>(c));
            else if (c < 0x800) {
                o.push_back(static_cast<char>(0xc0 | (c >> 6)));
                o.push_back(static_cast<char>(0x80 | (c & 0x3f)));
            } else {
                o.push_back(static_cast<char>(0xe0 | (c >> 12)));
                o.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3f)));
                o.push_back(static_cast<char>(0x80 | (c & 0x3f)));
            }
        }
        return o;
    }
    vm::Term atom(std::string_view name) { return *p_.runtime().atoms().intern(name); }

    vm::Term term() {
        skip();
        if (i_ >= s_.size()) fail("unexpected end");
        char c = s_[i_];
        vm::Heap& h = p_.heap();
        if (c == '[') {
            ++i_;
            std::vector<vm::Term> elems;
            vm::Term tail = vm::Term::nil();
            if (eat(']')) return tail;
            do
                elems.push_back(term());
            while (eat(','));
            if (eat('|')) tail = term();
            expect(']');
            return vm::makeList(h, elems, tail);
        }
        if (c == '{') {
            ++i_;
            std::vector<vm::Term> elems;
            if (!eat('}')) {
                do
                    elems.push_back(term());
                while (eat(','));
                expect('}');
            }
            return vm::makeTuple(h, elems);
        }
        if (c == '#') {
            ++i_;
            expect('{');
            std::vector<vm::Term> keys, values;
            if (!eat('}')) {
                do {
                    keys.push_back(term());
                    expect('=');
                    expect('>');
                    values.push_back(term());
                } while (eat(','));
                expect('}');
            }
            return vm::mapNew(h, keys, values, p_.runtime().atoms());
        }
        if (c == '<' && s_.substr(i_, 2) == "<<") {
            i_ += 2;
            std::string bytes;
            if (!eat('>')) {
                do {
                    skip();
                    if (s_[i_] == '"') {
                        ++i_;
                        std::u32string cs = quoted('"');
                        if (s_.substr(i_, 5) == "/utf8") {
                            i_ += 5;
                            bytes += utf8(cs);
                        } else {
                            for (char32_t ch : cs)
                                bytes.push_back(static_cast<char>(ch));
                        }
                    } else {
                        vm::Term n = term();
                        bytes.push_back(static_cast<char>(n.small()));
                    }
                } while (eat(','));
                expect('>');
            }
            expect('>');
            return vm::makeBinary(h, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        }
        if (c == '"') {
            ++i_;
            return vm::makeCharList(h, quoted('"'));
        }
        if (c == '\'') {
            ++i_;
            return atom(utf8(quoted('\'')));
        }
        if (c == '$') {
            ++i_;
            return vm::Term::makeSmall(static_cast<int64_t>(escaped()));
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t b = i_++;
            while (i_ < s_.size() && ((s_[i_] >= '0' && s_[i_] <= '9') || s_[i_] == '.' ||
                                      s_[i_] == 'e' || (s_[i_] == '-' && s_[i_ - 1] == 'e')))
                ++i_;
            std::string num(s_.substr(b, i_ - b));
            if (num.find('.') != std::string::npos) return vm::makeFloat(h, std::stod(num));
            return vm::parseInteger(h, num, 10);
        }
        if ((c >= 'a' && c <= 'z')) {
            size_t b = i_;
            while (i_ < s_.size() &&
                   (isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == '@'))
                ++i_;
            return atom(s_.substr(b, i_ - b));
        }
        fail("unexpected character");
    }

    vm::Process& p_;
    std::string_view s_;
    size_t i_ = 0;
};

inline vm::Term term(vm::Process& p, std::string_view text) {
    return TermBuilder(p, text).parse();
}

} // namespace pfun::testing
