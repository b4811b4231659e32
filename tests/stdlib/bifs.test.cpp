// Generated expectations: each result text is what erl (OTP 25) returns for the call
// (printed with ~p on one line; io_lib:format results flattened first), or
// "EXC Class:Reason" for what it raises.
#include "pfun/stdlib/format.h"
#include "pfun/stdlib/stdlib.h"
#include "pfun/vm/construct.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"
#include "term_builder.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace pfun;

namespace {

std::string flattenChars(vm::Term t, std::u32string& out) {
    for (; t.isList(); t = t.tail()) {
        vm::Term h = t.head();
        if (h.isSmall())
            out.push_back(static_cast<char32_t>(h.small()));
        else
            flattenChars(h, out);
    }
    return {};
}

std::string call(const std::string& mod, const std::string& fun, const std::string& argsText) {
    vm::Runtime rt;
    stdlib::registerBifs(rt);
    vm::Process p(rt);
    vm::Term args = testing::term(p, argsText);
    std::vector<vm::Term> argv;
    for (vm::Term l = args; l.isList(); l = l.tail())
        argv.push_back(l.head());
    auto& atoms = rt.atoms();
    const vm::BifEntry* e =
        rt.bifs().find(*atoms.intern(mod), *atoms.intern(fun), static_cast<uint32_t>(argv.size()));
    if (!e) return "NO BIF";
    vm::Term r = e->fn(p, argv.data());
    if (r.isNonValue()) {
        const char* cls = p.exceptionClass() == vm::ExceptionClass::Error   ? "error"
                          : p.exceptionClass() == vm::ExceptionClass::Throw ? "throw"
                                                                            : "exit";
        return std::string("EXC ") + cls + ":" + stdlib::writeTerm(rt, p.exceptionReason());
    }
    if (mod == "io_lib" && fun != "write_atom" && fun != "write_string") {
        std::u32string flat;
        flattenChars(r, flat);
        r = vm::makeCharList(p.heap(), flat);
    }
    stdlib::PrintOptions opt;
    opt.lineLength = 9999;
    return stdlib::toDeviceBytes(stdlib::printTermChars(atoms, r, opt));
}

} // namespace

#define CHECK_CALL(mod, fun, args, expected) CHECK(call(mod, fun, args) == std::string(expected))

TEST_CASE("io_lib:format directives match erl") {
    CHECK_CALL("io_lib", "format", "[\"~p ~w~n\",[{a,\"str\"},{a,\"str\"}]]",
               "\"{a,\\\"str\\\"} {a,[115,116,114]}\\n\"");
    CHECK_CALL("io_lib", "format",
               "[\"~s|~s|~s\",[<<\"h\303\251\">>,[\"ab\",[99,<<\"de\">>]],abc]]",
               "\"h\303\251|abcde|abc\"");
    CHECK_CALL("io_lib", "format",
               "[\"~g|~g|~g|~.3g|~.1g|~e|~.2e\",[12345.0,1234.5,0.5,99.99,0.5,-0.0,9.99]]",
               "\"1.23450e+4|1234.50|0.500000|100.0|0.5|-0.00000e+0|1.0e+1\"");
    CHECK_CALL("io_lib", "format", "[\"~8.3f|~-8.2f|~08.2f\",[3.14159,2.5,-1.5]]",
               "\"   3.142|2.50    |   -1.50\"");
    CHECK_CALL("io_lib", "format",
               "[\"~.2f ~.2f ~.1f ~f ~e ~.3e ~g ~g "
               "~g\",[0.125,2.675,0.25,1.0e30,1.0,0.125,1.0,1.0e10,0.01]]",
               "\"0.13 2.67 0.3 1000000000000000019880000000000.000000 1.00000e+0 1.25e-1 1.00000 "
               "1.00000e+10 1.00000e-2\"");
    CHECK_CALL("io_lib", "format",
               "[\"~.16b|~.16B|~.16x|~.16X|~.16+|~.16#|~.2b|~-6B|~6.16.0B\",[255,255,255,\"0x\","
               "255,\"0x\",255,255,5,42,255]]",
               "\"ff|FF|0xff|0xFF|16#ff|16#FF|101|42    |0000FF\"");
    CHECK_CALL("io_lib", "format",
               "[\"~b ~B ~.36B ~.36b ~x\",[-10,123456789012345678901234567890,35,35,-255,\"#\"]]",
               "\"-10 123456789012345678901234567890 Z z -#255\"");
    CHECK_CALL("io_lib", "format", "[\"~c|~3c|~-3c|~c\",[97,98,99,1121]]", "\"a|bbb|ccc|a\"");
    CHECK_CALL("io_lib", "format", "[\"~10p|~-10w|~.3p\",[abc,abc,abc]]", "\"abc|abc       |abc\"");
    CHECK_CALL("io_lib", "format",
               "[\"~4s|~-4s|~.2s|~2.2s|~10.4.*s\",[\"abcdef\",\"ab\",\"abc\",\"a\",45,\"xyz\"]]",
               "\"abcd|ab  |ab| a|------xyz-\"");
    CHECK_CALL("io_lib", "format", "[\"~i~w~~~n~3n\",[x,y]]", "\"y~\\n\\n\\n\\n\"");
    CHECK_CALL("io_lib", "format", "[\"~*.*w|~*.*.*w\",[10,3,abc,-10,2,95,abcdef]]",
               "\"       abc|**________\"");
    CHECK_CALL("io_lib", "format", "[\"~p~n\",[]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[\"~d\",[1]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[\"~w\",[a,b]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[\"~f\",[1]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[\"~s\",[[256]]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[\"~ts\",[[256]]]", "[256]");
    CHECK_CALL("io_lib", "format", "[\"~s\",[1]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[\"~.0f\",[1.5]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[\"~.1e\",[1.5]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[\"~3.5s\",[\"a\"]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[\"~5w|~-5w|~5.2w|~.2w\",[abc,abc,abc,abc]]",
               "\"  abc|abc  |   **|**\"");
    CHECK_CALL("io_lib", "format", "[\"~W ~P\",[[1,2,3,4,5],3,[1,2,3,4,5],3]]",
               "\"[1,2|...] [1,2|...]\"");
    CHECK_CALL("io_lib", "format", "[\"abc~\",[]]", "EXC error:badarg");
    CHECK_CALL("io_lib", "format", "[abc,[]]", "\"abc\"");
    CHECK_CALL("io_lib", "format", "[<<\"x~wy\">>,[1]]", "\"x1y\"");
    CHECK_CALL("io_lib", "format", "[\"~lp ~p\",[\"hi\",\"hi\"]]", "\"[104,105] \\\"hi\\\"\"");
    CHECK_CALL("io_lib", "format",
               "[\"~p\",[[{a,1},{b,\"a much longer string "
               "value\"},{c,[1,2,3,4,5,6,7,8,9,10,11,12,13,14]}]]]",
               "\"[{a,1},\\n {b,\\\"a much longer string value\\\"},\\n "
               "{c,[1,2,3,4,5,6,7,8,9,10,11,12,13,14]}]\"");
    CHECK_CALL("io_lib", "format",
               "[\"prefix text: ~p\",[[{a,1},{b,\"a much longer string "
               "value\"},{c,[1,2,3,4,5,6,7,8,9,10,11,12,13,14]}]]]",
               "\"prefix text: [{a,1},\\n              {b,\\\"a much longer string value\\\"},\\n  "
               "            {c,[1,2,3,4,5,6,7,8,9,10,11,12,13,14]}]\"");
    CHECK_CALL("io_lib", "format", "[\"~40p\",[[{a,1},{b,\"a much longer string value\"}]]]",
               "\"[{a,1},\\n {b,\\\"a much longer string value\\\"}]\"");
    CHECK_CALL("io_lib", "format",
               "[\"\\t~p\",[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,"
               "27,28,29,30]]]",
               "\"\\t[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\\n     "
               "    27,28,29,30]\"");
    CHECK_CALL("io_lib", "format", "[\"~e ~f ~g\",[1.0e-300,1.0e-300,1.0e300]]",
               "\"1.00000e-300 0.000000 1.00000e+300\"");
    CHECK_CALL("io_lib", "format", "[\"~.20f\",[0.1]]", "\"0.10000000000000000555\"");
    CHECK_CALL("io_lib", "format", "[\"~w ~w ~w ~w\",[1.0e23,9.007199254740992e15,0.3,2.0e-7]]",
               "\"1.0e23 9.007199254740992e15 0.3 2.0e-7\"");
}

TEST_CASE("erlang, lists, maps, math and string BIFs match erl") {
    CHECK_CALL("erlang", "integer_to_list", "[-255,16]", "\"-FF\"");
    CHECK_CALL("erlang", "integer_to_list", "[123456789012345678901234567890]",
               "\"123456789012345678901234567890\"");
    CHECK_CALL("erlang", "integer_to_list", "[a]", "EXC error:badarg");
    CHECK_CALL("erlang", "integer_to_list", "\"\\n%\"", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_integer", "[\"12a\"]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_integer", "[\"-12\"]", "-12");
    CHECK_CALL("erlang", "list_to_integer", "[\"+12\"]", "12");
    CHECK_CALL("erlang", "list_to_integer", "[\"ff\",16]", "255");
    CHECK_CALL("erlang", "list_to_integer", "[[]]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_integer", "[\"99999999999999999999999\"]",
               "99999999999999999999999");
    CHECK_CALL("erlang", "binary_to_integer", "[<<\"1.0\">>]", "EXC error:badarg");
    CHECK_CALL("erlang", "binary_to_integer", "[<<\"-7f\">>,16]", "-127");
    CHECK_CALL("erlang", "integer_to_binary", "[255,2]", "<<\"11111111\">>");
    CHECK_CALL("erlang", "list_to_float", "[\"1\"]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_float", "[\"1e5\"]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_float", "[\"1.5e5\"]", "1.5e5");
    CHECK_CALL("erlang", "list_to_float", "[\"-1.5E-3\"]", "-0.0015");
    CHECK_CALL("erlang", "list_to_float", "[\".5\"]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_float", "[\"+1.5\"]", "1.5");
    CHECK_CALL("erlang", "list_to_float", "[\"1.5 \"]", "EXC error:badarg");
    CHECK_CALL("erlang", "binary_to_float", "[<<\"2.5\">>]", "2.5");
    CHECK_CALL("erlang", "float_to_list", "[1.0]", "\"1.00000000000000000000e+00\"");
    CHECK_CALL("erlang", "float_to_list", "[0.1]", "\"1.00000000000000005551e-01\"");
    CHECK_CALL("erlang", "float_to_list", "[1]", "EXC error:badarg");
    CHECK_CALL("erlang", "float_to_list", "[0.125,[{decimals,2}]]", "\"0.13\"");
    CHECK_CALL("erlang", "float_to_list", "[2.675,[{decimals,2}]]", "\"2.67\"");
    CHECK_CALL("erlang", "float_to_list", "[1.5,[{decimals,0}]]", "\"2\"");
    CHECK_CALL("erlang", "float_to_list", "[2.5,[{decimals,0}]]", "\"3\"");
    CHECK_CALL("erlang", "float_to_list", "[-2.5,[{decimals,0}]]", "\"-3\"");
    CHECK_CALL("erlang", "float_to_list", "[1.0,[{decimals,4},compact]]", "\"1.0\"");
    CHECK_CALL("erlang", "float_to_list", "[1.25,[{decimals,4},compact]]", "\"1.25\"");
    CHECK_CALL("erlang", "float_to_list", "[100.0,[{decimals,3},compact]]", "\"100.0\"");
    CHECK_CALL("erlang", "float_to_list", "[123.456,[{scientific,3}]]", "\"1.235e+02\"");
    CHECK_CALL("erlang", "float_to_list", "[1.0e-10,[{scientific,2}]]", "\"1.00e-10\"");
    CHECK_CALL("erlang", "float_to_list", "[1.0e100,[short]]", "\"1.0e100\"");
    CHECK_CALL("erlang", "float_to_list", "[1.0e-7,[{decimals,3}]]", "\"0.000\"");
    CHECK_CALL("erlang", "float_to_list", "[-0.0,[{decimals,1}]]", "\"-0.0\"");
    CHECK_CALL("erlang", "float_to_list", "[1.0e20,[{decimals,2}]]",
               "\"100000000000000000000.00\"");
    CHECK_CALL("erlang", "float_to_list", "[0.999,[{decimals,2}]]", "\"1.00\"");
    CHECK_CALL("erlang", "float_to_list", "[9.995,[{decimals,2}]]", "\"9.99\"");
    CHECK_CALL("erlang", "float_to_list", "[1.0,[{decimals,254}]]", "EXC error:badarg");
    CHECK_CALL("erlang", "float_to_list", "[1.0,[bad]]", "EXC error:badarg");
    CHECK_CALL("erlang", "float_to_binary", "[3.0,[{decimals,1}]]", "<<\"3.0\">>");
    CHECK_CALL("erlang", "atom_to_list", "['hello world']", "\"hello world\"");
    CHECK_CALL("erlang", "atom_to_binary", "[abc]", "<<\"abc\">>");
    CHECK_CALL("erlang", "atom_to_binary", "[abc,latin1]", "<<\"abc\">>");
    CHECK_CALL("erlang", "binary_to_atom", "[<<\"x y\">>]", "'x y'");
    CHECK_CALL("erlang", "binary_to_atom", "[<<\"x\">>,utf16]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_atom", "[\"abc\"]", "abc");
    CHECK_CALL("erlang", "list_to_atom", "[[1024]]", "'\\x{400}'");
    CHECK_CALL("erlang", "list_to_atom", "[abc]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_existing_atom", "[\"nonexisting_atom_qwe\"]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_existing_atom", "[\"ok\"]", "ok");
    CHECK_CALL("erlang", "binary_to_list", "[<<1,2,3,4>>,2,3]", "[2,3]");
    CHECK_CALL("erlang", "binary_to_list", "[<<1,2,3,4>>,3,2]", "EXC error:badarg");
    CHECK_CALL("erlang", "binary_to_list", "[<<\"abc\">>]", "\"abc\"");
    CHECK_CALL("erlang", "iolist_size", "[[1,<<2,3>>,[4]]]", "4");
    CHECK_CALL("erlang", "iolist_size", "[[256]]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_binary", "[[1,[2,<<3>>]]]", "<<1,2,3>>");
    CHECK_CALL("erlang", "list_to_binary", "[a]", "EXC error:badarg");
    CHECK_CALL("erlang", "list_to_binary", "[[1|<<2>>]]", "<<1,2>>");
    CHECK_CALL("erlang", "iolist_to_binary", "[<<\"ab\">>]", "<<\"ab\">>");
    CHECK_CALL("erlang", "iolist_to_binary", "[[<<\"ab\">>,\"cd\",\"e\"]]", "<<\"abcde\">>");
    CHECK_CALL("erlang", "round", "[2.5]", "3");
    CHECK_CALL("erlang", "round", "[-2.5]", "-3");
    CHECK_CALL("erlang", "trunc", "[-2.7]", "-2");
    CHECK_CALL("erlang", "ceil", "[-2.5]", "-2");
    CHECK_CALL("erlang", "floor", "[-2.5]", "-3");
    CHECK_CALL("erlang", "round", "[1.0e20]", "100000000000000000000");
    CHECK_CALL("erlang", "round", "[a]", "EXC error:badarg");
    CHECK_CALL("erlang", "float", "[7]", "7.0");
    CHECK_CALL("erlang", "float", "[a]", "EXC error:badarg");
    CHECK_CALL("erlang", "abs", "[-3]", "3");
    CHECK_CALL("erlang", "abs", "[-3.5]", "3.5");
    CHECK_CALL("erlang", "abs", "[-123456789012345678901234567890]",
               "123456789012345678901234567890");
    CHECK_CALL("erlang", "setelement", "[0,{a},b]", "EXC error:badarg");
    CHECK_CALL("erlang", "setelement", "[1,{a,b},c]", "{c,b}");
    CHECK_CALL("erlang", "element", "[2,{a}]", "EXC error:badarg");
    CHECK_CALL("erlang", "element", "[1,{a}]", "a");
    CHECK_CALL("erlang", "hd", "[[]]", "EXC error:badarg");
    CHECK_CALL("erlang", "tl", "[[a]]", "[]");
    CHECK_CALL("erlang", "length", "[[a|b]]", "EXC error:badarg");
    CHECK_CALL("erlang", "length", "[[a,b]]", "2");
    CHECK_CALL("erlang", "--", "[[1,2,3,1,2],[2,1]]", "[3,1,2]");
    CHECK_CALL("erlang", "--", "[[1|a],[1]]", "EXC error:badarg");
    CHECK_CALL("erlang", "--", "[[1,1.0,1],[1.0]]", "[1,1]");
    CHECK_CALL("erlang", "--", "[[a,b,c,a,b,c],[c,a,x]]", "[b,a,b,c]");
    CHECK_CALL("erlang", "++", "[a,[1]]", "EXC error:badarg");
    CHECK_CALL("erlang", "++", "[[1],a]", "[1|a]");
    CHECK_CALL("erlang", "++", "[[1,2],[3]]", "[1,2,3]");
    CHECK_CALL("erlang", "tuple_to_list", "[{a,b,c}]", "[a,b,c]");
    CHECK_CALL("erlang", "list_to_tuple", "[[a,b]]", "{a,b}");
    CHECK_CALL("erlang", "list_to_tuple", "[[a|b]]", "EXC error:badarg");
    CHECK_CALL("erlang", "make_tuple", "[3,x]", "{x,x,x}");
    CHECK_CALL("erlang", "make_tuple", "[3,x,[{2,y}]]", "{x,y,x}");
    CHECK_CALL("erlang", "append_element", "[{a},b]", "{a,b}");
    CHECK_CALL("erlang", "tuple_size", "[{}]", "0");
    CHECK_CALL("erlang", "byte_size", "[<<1,2,3>>]", "3");
    CHECK_CALL("erlang", "bit_size", "[<<1,2,3>>]", "24");
    CHECK_CALL("erlang", "split_binary", "[<<1,2,3>>,1]", "{<<1>>,<<2,3>>}");
    CHECK_CALL("erlang", "split_binary", "[<<1,2,3>>,4]", "EXC error:badarg");
    CHECK_CALL("erlang", "binary_part", "[<<1,2,3>>,{1,2}]", "<<2,3>>");
    CHECK_CALL("erlang", "binary_part", "[<<1,2,3>>,{3,-2}]", "<<2,3>>");
    CHECK_CALL("erlang", "binary_part", "[<<1,2,3>>,0,4]", "EXC error:badarg");
    CHECK_CALL("erlang", "min", "[1,1.0]", "1");
    CHECK_CALL("erlang", "max", "[1,1.0]", "1");
    CHECK_CALL("erlang", "max", "[a,1]", "a");
    CHECK_CALL("erlang", "min", "[[],{}]", "{}");
    CHECK_CALL("erlang", "+", "[1,2]", "3");
    CHECK_CALL("erlang", "+", "[a,2]", "EXC error:badarith");
    CHECK_CALL("erlang", "/", "[1,0]", "EXC error:badarith");
    CHECK_CALL("erlang", "div", "[7,2]", "3");
    CHECK_CALL("erlang", "rem", "[-7,2]", "-1");
    CHECK_CALL("erlang", "bsl", "[1,100]", "1267650600228229401496703205376");
    CHECK_CALL("erlang", "==", "[1,1.0]", "true");
    CHECK_CALL("erlang", "=:=", "[1,1.0]", "false");
    CHECK_CALL("erlang", "<", "[1,a]", "true");
    CHECK_CALL("erlang", "not", "[true]", "false");
    CHECK_CALL("erlang", "not", "[1]", "EXC error:badarg");
    CHECK_CALL("erlang", "and", "[true,false]", "false");
    CHECK_CALL("erlang", "xor", "[true,false]", "true");
    CHECK_CALL("erlang", "is_function", "[a,-1]", "EXC error:badarg");
    CHECK_CALL("erlang", "is_function", "[a,1]", "false");
    CHECK_CALL("erlang", "is_boolean", "[false]", "true");
    CHECK_CALL("erlang", "is_record", "[{rec,1},rec]", "true");
    CHECK_CALL("erlang", "is_record", "[{rec,1},rec,2]", "true");
    CHECK_CALL("erlang", "map_get", "[a,#{a => 1}]", "1");
    CHECK_CALL("erlang", "map_get", "[b,#{a => 1}]", "EXC error:{badkey,b}");
    CHECK_CALL("erlang", "map_get", "[b,x]", "EXC error:{badmap,x}");
    CHECK_CALL("erlang", "map_size", "[#{a => 1}]", "1");
    CHECK_CALL("erlang", "is_map_key", "[a,#{a => 1}]", "true");
    CHECK_CALL("erlang", "node", "[]", "nonode@nohost");
    CHECK_CALL("erlang", "error", "[foo]", "EXC error:foo");
    CHECK_CALL("erlang", "throw", "[x]", "EXC throw:x");
    CHECK_CALL("erlang", "exit", "[y]", "EXC exit:y");
    CHECK_CALL("erlang", "raise", "[bad,x,[]]", "badarg");
    CHECK_CALL("erlang", "raise", "[throw,x,[]]", "EXC throw:x");
    CHECK_CALL("erlang", "raise", "[error,x,bad]", "badarg");
    CHECK_CALL("lists", "nth", "[0,[a]]", "EXC error:function_clause");
    CHECK_CALL("lists", "nth", "[3,[a]]", "EXC error:function_clause");
    CHECK_CALL("lists", "nth", "[2,[a,b,c]]", "b");
    CHECK_CALL("lists", "seq", "[5,1]", "EXC error:function_clause");
    CHECK_CALL("lists", "seq", "[5,4]", "[]");
    CHECK_CALL("lists", "seq", "[a,2]", "EXC error:function_clause");
    CHECK_CALL("lists", "seq", "[1,1,0]", "[1]");
    CHECK_CALL("lists", "seq", "[1,2,0]", "EXC error:badarg");
    CHECK_CALL("lists", "seq", "[10,1,-3]", "[10,7,4,1]");
    CHECK_CALL("lists", "seq", "[1,10,-1]", "EXC error:badarg");
    CHECK_CALL("lists", "seq", "[1,0,1]", "[]");
    CHECK_CALL("lists", "seq", "[1,10,4]", "[1,5,9]");
    CHECK_CALL("lists", "keyfind", "[1,1,[{1.0,a}]]", "{1.0,a}");
    CHECK_CALL("lists", "keyfind", "[a,2,[{a},{b,a}]]", "{b,a}");
    CHECK_CALL("lists", "keyfind", "[1,0,[]]", "EXC error:badarg");
    CHECK_CALL("lists", "keyfind", "[x,1,[{a}|b]]", "EXC error:badarg");
    CHECK_CALL("lists", "keymember", "[b,1,[{a},{b}]]", "true");
    CHECK_CALL("lists", "keysearch", "[b,1,[{a},{b,2}]]", "{value,{b,2}}");
    CHECK_CALL("lists", "keysearch", "[c,1,[{a},{b,2}]]", "false");
    CHECK_CALL("lists", "member", "[1,[1.0]]", "false");
    CHECK_CALL("lists", "member", "[1,[2|x]]", "EXC error:badarg");
    CHECK_CALL("lists", "member", "[x,[a,x]]", "true");
    CHECK_CALL("lists", "reverse", "[[1|x]]", "EXC error:function_clause");
    CHECK_CALL("lists", "reverse", "[[1,2],x]", "[2,1|x]");
    CHECK_CALL("lists", "reverse", "[x,[]]", "EXC error:badarg");
    CHECK_CALL("lists", "reverse", "[[1,2,3]]", "[3,2,1]");
    CHECK_CALL("lists", "append", "[[1],[2]]", "[1,2]");
    CHECK_CALL("lists", "append", "[a,[2]]", "EXC error:badarg");
    CHECK_CALL("lists", "sort", "[[3,1.0,2,1,a,\"s\",{t},1.0]]", "[1.0,1,1.0,2,3,a,{t},\"s\"]");
    CHECK_CALL("lists", "sort", "[[b,a|c]]", "EXC error:function_clause");
    CHECK_CALL("lists", "sort", "[[{b,1},{a,2},{a,1},[],<<>>,2.5,3]]",
               "[2.5,3,{a,1},{a,2},{b,1},[],<<>>]");
    CHECK_CALL("lists", "usort", "[[3,1,2,1,3.0,1.0]]", "[1,2,3]");
    CHECK_CALL("maps", "get", "[x,#{}]", "EXC error:{badkey,x}");
    CHECK_CALL("maps", "get", "[x,a]", "EXC error:{badmap,a}");
    CHECK_CALL("maps", "get", "[x,#{},d]", "d");
    CHECK_CALL("maps", "update", "[x,1,#{}]", "EXC error:{badkey,x}");
    CHECK_CALL("maps", "update", "[x,2,#{x => 1}]", "#{x => 2}");
    CHECK_CALL("maps", "take", "[a,#{a => 1}]", "{1,#{}}");
    CHECK_CALL("maps", "take", "[b,#{}]", "error");
    CHECK_CALL("maps", "find", "[a,#{a => 1}]", "{ok,1}");
    CHECK_CALL("maps", "find", "[b,#{}]", "error");
    CHECK_CALL("maps", "from_list", "[[a]]", "EXC error:badarg");
    CHECK_CALL("maps", "from_list", "[[{a,1},{b,2},{a,3}]]", "#{a => 3,b => 2}");
    CHECK_CALL("maps", "merge", "[a,#{}]", "EXC error:{badmap,a}");
    CHECK_CALL("maps", "merge", "[#{a => 1,b => 2},#{b => 3,c => 4}]", "#{a => 1,b => 3,c => 4}");
    CHECK_CALL("maps", "remove", "[a,b]", "EXC error:{badmap,b}");
    CHECK_CALL("maps", "remove", "[a,#{a => 1,b => 2}]", "#{b => 2}");
    CHECK_CALL("maps", "keys", "[x]", "EXC error:{badmap,x}");
    CHECK_CALL("maps", "keys", "[#{a => 2,b => 1}]", "[a,b]");
    CHECK_CALL("maps", "values", "[#{a => 2,b => 1}]", "[2,1]");
    CHECK_CALL("maps", "to_list", "[#{a => 2,b => 1}]", "[{a,2},{b,1}]");
    CHECK_CALL("maps", "put", "[c,3,#{a => 2,b => 1}]", "#{a => 2,b => 1,c => 3}");
    CHECK_CALL("maps", "is_key", "[a,#{a => 1}]", "true");
    CHECK_CALL("maps", "size", "[#{a => 1}]", "1");
    CHECK_CALL("maps", "new", "[]", "#{}");
    CHECK_CALL("math", "sqrt", "[-1]", "EXC error:badarith");
    CHECK_CALL("math", "sqrt", "[a]", "EXC error:badarg");
    CHECK_CALL("math", "sqrt", "[4]", "2.0");
    CHECK_CALL("math", "log", "[0]", "EXC error:badarith");
    CHECK_CALL("math", "pow", "[2,10]", "1024.0");
    CHECK_CALL("math", "pow", "[10.0,400]", "EXC error:badarith");
    CHECK_CALL("math", "fmod", "[7,3]", "1.0");
    CHECK_CALL("math", "fmod", "[1,0]", "EXC error:badarith");
    CHECK_CALL("math", "floor", "[2.5]", "2.0");
    CHECK_CALL("math", "ceil", "[-2.5]", "-2.0");
    CHECK_CALL("math", "log2", "\"\\b\"", "3.0");
    CHECK_CALL("math", "exp", "[1000]", "EXC error:badarith");
    CHECK_CALL("math", "atan2", "[1,1]", "0.7853981633974483");
    CHECK_CALL("math", "pi", "[]", "3.141592653589793");
    CHECK_CALL("string", "to_upper", "[\"abc\351\"]", "\"ABC\311\"");
    CHECK_CALL("string", "to_upper", "\"a\"", "65");
    CHECK_CALL("string", "uppercase", "[<<\"abc\">>]", "<<\"ABC\">>");
    CHECK_CALL("string", "lowercase", "[\"ABC\"]", "\"abc\"");
    CHECK_CALL("string", "to_upper", "[<<\"a\">>]", "EXC error:function_clause");
    CHECK_CALL("string", "to_lower", "[\"HeLLo\"]", "\"hello\"");
    CHECK_CALL("io_lib", "write_atom", "['A b']", "\"'A b'\"");
    CHECK_CALL("io_lib", "write", "[{a,\"b\",[1]}]", "\"{a,[98],[1]}\"");
    CHECK_CALL("io_lib", "print", "[{a,\"b\",[1]}]", "\"{a,\\\"b\\\",[1]}\"");
    CHECK_CALL("io_lib", "write_string", "[\"a\\\"b\"]", "\"\\\"a\\\\\\\"b\\\"\"");
    CHECK_CALL("erlang", "term_to_binary", "[{a,[1,2.5],<<\"b\">>,#{k => v}}]",
               "<<131,104,4,100,0,1,97,108,0,0,0,2,97,1,70,64,4,0,0,0,0,0,0,106,109,0,0,0,1,98,116,"
               "0,0,0,1,100,0,1,107,100,0,1,118>>");
    CHECK_CALL("erlang", "term_to_binary", "[x,[compressed]]", "<<131,100,0,1,120>>");
    CHECK_CALL("erlang", "term_to_binary", "[x,[bad]]", "EXC error:badarg");
    CHECK_CALL("erlang", "binary_to_term", "[<<131,100,0,1,97>>]", "a");
    CHECK_CALL("erlang", "binary_to_term", "[<<131,100,0,1,97,0>>]", "a");
    CHECK_CALL("erlang", "binary_to_term", "[<<131,100,0,1,97,0>>,[used]]", "{a,5}");
    CHECK_CALL("erlang", "binary_to_term", "[<<1,2>>]", "EXC error:badarg");
    CHECK_CALL("erlang", "phash2", "[{a,[1,2.5],<<\"b\">>}]", "54362658");
    CHECK_CALL("erlang", "phash2", "[abc,100]", "99");
    CHECK_CALL("erlang", "phash2", "[abc,0]", "EXC error:badarg");
}

TEST_CASE("erlang:md5/1 matches erl across the padding boundaries") {
    auto md5Of = [](size_t n) {
        return call("erlang", "md5", "[\"" + std::string(n, 'a') + "\"]");
    };
    CHECK(md5Of(0) == "<<212,29,140,217,143,0,178,4,233,128,9,152,236,248,66,126>>");
    CHECK(md5Of(55) == "<<239,23,114,182,223,249,161,34,53,133,82,149,74,208,223,101>>");
    CHECK(md5Of(56) == "<<59,12,138,199,3,248,40,176,76,108,25,112,6,209,114,24>>");
    CHECK(md5Of(64) == "<<1,72,66,212,128,181,113,73,90,74,3,99,121,63,115,103>>");
    CHECK(md5Of(1000) == "<<202,190,69,220,201,174,91,102,186,134,96,12,202,107,139,168>>");
    CHECK_CALL("erlang", "md5", "[[<<\"a\">>,\"bc\"]]",
               "<<144,1,80,152,60,210,79,176,214,150,63,125,40,225,127,114>>");
    CHECK_CALL("erlang", "md5", "[foo]", "EXC error:badarg");
}
