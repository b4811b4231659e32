// Generated expectations: each output below is what erl (OTP 25) prints for the
// input term with the given directive (~p, ~w, ~P/~W with depth 5, ~tp, and ~p in a
// 60-column field starting at column 10).
#include "pfun/stdlib/format.h"
#include "pfun/vm/process.h"
#include "pfun/vm/runtime.h"
#include "term_builder.h"

#include <doctest/doctest.h>

#include <string>

using namespace pfun;

namespace {

std::string render(const std::string& mode, const std::string& input) {
    vm::Runtime rt;
    vm::Process p(rt);
    vm::Term t = testing::term(p, input);
    const vm::AtomTable& atoms = rt.atoms();
    stdlib::PrintOptions opt;
    if (mode == "w") return stdlib::toDeviceBytes(stdlib::writeTermChars(atoms, t));
    if (mode == "W5") return stdlib::toDeviceBytes(stdlib::writeTermChars(atoms, t, 5));
    if (mode == "P5") opt.depth = 5;
    if (mode == "tp") opt.unicode = true;
    if (mode == "col10") {
        opt.column = 10;
        opt.lineLength = 60;
    }
    return stdlib::toDeviceBytes(stdlib::printTermChars(atoms, t, opt));
}

} // namespace

#define CHECK_PRINT(mode, input, expected) CHECK(render(mode, input) == std::string(expected))

// Each case on one line, as erl prints it: easier to compare than wrapped strings.
// clang-format off
TEST_CASE("print ~p matches erl") {
    CHECK_PRINT("p", "[1,2,3]", "[1,2,3]");
    CHECK_PRINT("p", "\"hello world\"", "\"hello world\"");
    CHECK_PRINT("p", "[]", "[]");
    CHECK_PRINT("p", "{}", "{}");
    CHECK_PRINT("p", "#{}", "#{}");
    CHECK_PRINT("p", "{a,b,c}", "{a,b,c}");
    CHECK_PRINT("p", "'hello world'", "'hello world'");
    CHECK_PRINT("p", "['Abc','',a@b,'a.b','_x',x_Y,'if','end',ok,'maybe','else','cond']", "['Abc','',a@b,'a.b','_x',x_Y,'if','end',ok,maybe,else,'cond']");
    CHECK_PRINT("p", "{\"abc\\n\\t\\\"\\\\\",[0],[7,8],[27],[127],[200],[160,255]}", "{\"abc\\n\\t\\\"\\\\\",[0],[7,8],\"\\e\",[127],\"\310\",\"\240\377\"}");
    CHECK_PRINT("p", "[1.0,0.1,1.0e10,1.0e-5,123456789.0,1.0e15,1.0e16,-0.0,3.14,100.0,1000.0]", "[1.0,0.1,1.0e10,1.0e-5,123456789.0,1.0e15,1.0e16,-0.0,3.14,100.0,1.0e3]");
    CHECK_PRINT("p", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n 29,30,31,32,33,34,35,36,37,38,39,40]");
    CHECK_PRINT("p", "[{a,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}|b]", "[{a,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,\n     28,29,30]}|\n b]");
    CHECK_PRINT("p", "{foo_bar_baz,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],[{hello,world},{xx,\"a long string of text that goes on\"}]}", "{foo_bar_baz,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,\n              25,26,27,28,29,30],\n             [{hello,world},{xx,\"a long string of text that goes on\"}]}");
    CHECK_PRINT("p", "#{a => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30], b => {x,y}, \"key\" => [1,2]}", "#{a =>\n      [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\n       27,28,29,30],\n  b => {x,y},\n  \"key\" => [1,2]}");
    CHECK_PRINT("p", "{a_very_long_tag_name_that_goes_on_and_on_forever,[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]],{x,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}}", "{a_very_long_tag_name_that_goes_on_and_on_forever,\n    [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]],\n    {x,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\n        27,28,29,30]}}");
    CHECK_PRINT("p", "[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]|b]", "[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n  29,30]|\n b]");
    CHECK_PRINT("p", "[a|{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}]", "[a|\n {[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n   29,30]}]");
    CHECK_PRINT("p", "{{{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]}}}}}}", "{{{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\n       27,28,29,30,31,32,33,34,35,36,37,38,39,40]}}}}}}");
    CHECK_PRINT("p", "{\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \",\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \"}", "{\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \",\n \"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \"}");
    CHECK_PRINT("p", "[{name,\"Alice\"},{age,30},{email,\"alice@example.com\"},{address,{street,\"123 Main St\"},{city,\"Springfield\"}},{tags,[admin,user,guest]}]", "[{name,\"Alice\"},\n {age,30},\n {email,\"alice@example.com\"},\n {address,{street,\"123 Main St\"},{city,\"Springfield\"}},\n {tags,[admin,user,guest]}]");
    CHECK_PRINT("p", "[{key1,value1},{key2,value2},{key3,value3},{key4,value4},{key5,value5},{key6,value6},{key7,value7}]", "[{key1,value1},\n {key2,value2},\n {key3,value3},\n {key4,value4},\n {key5,value5},\n {key6,value6},\n {key7,value7}]");
    CHECK_PRINT("p", "{person,\"Joe Armstrong\",{1950,12,27},[{lang,erlang},{lang,prolog},{lang,smalltalk}],#{role => inventor, country => sweden}}", "{person,\"Joe Armstrong\",\n        {1950,12,27},\n        [{lang,erlang},{lang,prolog},{lang,smalltalk}],\n        #{country => sweden,role => inventor}}");
    CHECK_PRINT("p", "#{alpha => 1, beta => [1,2,3], gamma => {a,b}, delta => \"a string value that is long enough to wrap the line\", epsilon => #{nested => map, with => [lists, also, atoms]}}", "#{alpha => 1,\n  beta => [1,2,3],\n  delta => \"a string value that is long enough to wrap the line\",\n  epsilon => #{nested => map,with => [lists,also,atoms]},\n  gamma => {a,b}}");
    CHECK_PRINT("p", "{ok,#{<<\"key\">> => <<\"value\">>, <<\"another key\">> => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]}}", "{ok,#{<<\"another key\">> =>\n          [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25],\n      <<\"key\">> => <<\"value\">>}}");
    CHECK_PRINT("p", "<<\"abc\">>", "<<\"abc\">>");
    CHECK_PRINT("p", "<<1,2,3>>", "<<1,2,3>>");
    CHECK_PRINT("p", "<<\"h\\x{e9}llo\">>", "<<\"h\351llo\">>");
    CHECK_PRINT("p", "<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,206,207,208,209,210>>", "<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n  29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,\n  206,207,208,209,210>>");
    CHECK_PRINT("p", "{tag,<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,206,207,208,209,210>>}", "{tag,<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\n       27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,\n       203,204,205,206,207,208,209,210>>}");
    CHECK_PRINT("p", "[[[[[[[[[[a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z]]]]]]]]]]", "[[[[[[[[[[a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,a,b,c,d,e,f,g,h,\n          i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z]]]]]]]]]]");
    CHECK_PRINT("p", "{state,undefined,[],[],0,false,{queue,[1,2,3],[4,5,6]},\"some name\",{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21}}", "{state,undefined,[],[],0,false,\n       {queue,[1,2,3],[4,5,6]},\n       \"some name\",\n       {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21}}");
    CHECK_PRINT("p", "[{a,1},{b,2}|{c,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}]", "[{a,1},\n {b,2}|\n {c,\n  [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n   29,30]}]");
    CHECK_PRINT("p", "{12345678901234567890123456789012345678901234567890,-98765432109876543210987654321098765432109876543210,[1.5e300,2.5e-300]}", "{12345678901234567890123456789012345678901234567890,\n -98765432109876543210987654321098765432109876543210,\n [1.5e300,2.5e-300]}");
    CHECK_PRINT("p", "[[\"one\",\"two\",\"three\",\"four\",\"five\",\"six\",\"seven\",\"eight\",\"nine\",\"ten\",\"eleven\",\"twelve\"],[\"x\"]]", "[[\"one\",\"two\",\"three\",\"four\",\"five\",\"six\",\"seven\",\"eight\",\"nine\",\"ten\",\n  \"eleven\",\"twelve\"],\n [\"x\"]]");
    CHECK_PRINT("p", "{error,{badmatch,[{module_name,function_name,2,[{file,\"src/module_name.erl\"},{line,123}]},{other,fn,0,[]}]}}", "{error,{badmatch,[{module_name,function_name,2,\n                               [{file,\"src/module_name.erl\"},{line,123}]},\n                  {other,fn,0,[]}]}}");
}

TEST_CASE("print ~col10 matches erl") {
    CHECK_PRINT("col10", "[1,2,3]", "[1,2,3]");
    CHECK_PRINT("col10", "\"hello world\"", "\"hello world\"");
    CHECK_PRINT("col10", "[]", "[]");
    CHECK_PRINT("col10", "{}", "{}");
    CHECK_PRINT("col10", "#{}", "#{}");
    CHECK_PRINT("col10", "{a,b,c}", "{a,b,c}");
    CHECK_PRINT("col10", "'hello world'", "'hello world'");
    CHECK_PRINT("col10", "['Abc','',a@b,'a.b','_x',x_Y,'if','end',ok,'maybe','else','cond']", "['Abc','',a@b,'a.b','_x',x_Y,'if','end',ok,maybe,\n          else,'cond']");
    CHECK_PRINT("col10", "{\"abc\\n\\t\\\"\\\\\",[0],[7,8],[27],[127],[200],[160,255]}", "{\"abc\\n\\t\\\"\\\\\",[0],[7,8],\"\\e\",[127],\"\310\",\"\240\377\"}");
    CHECK_PRINT("col10", "[1.0,0.1,1.0e10,1.0e-5,123456789.0,1.0e15,1.0e16,-0.0,3.14,100.0,1000.0]", "[1.0,0.1,1.0e10,1.0e-5,123456789.0,1.0e15,1.0e16,\n          -0.0,3.14,100.0,1.0e3]");
    CHECK_PRINT("col10", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,\n          20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,\n          36,37,38,39,40]");
    CHECK_PRINT("col10", "[{a,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}|b]", "[{a,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,\n              18,19,20,21,22,23,24,25,26,27,28,29,30]}|\n          b]");
    CHECK_PRINT("col10", "{foo_bar_baz,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],[{hello,world},{xx,\"a long string of text that goes on\"}]}", "{foo_bar_baz,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,\n                       15,16,17,18,19,20,21,22,23,24,25,\n                       26,27,28,29,30],\n                      [{hello,world},\n                       {xx,\"a long string of text that goes on\"}]}");
    CHECK_PRINT("col10", "#{a => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30], b => {x,y}, \"key\" => [1,2]}", "#{a =>\n               [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,\n                18,19,20,21,22,23,24,25,26,27,28,29,30],\n           b => {x,y},\n           \"key\" => [1,2]}");
    CHECK_PRINT("col10", "{a_very_long_tag_name_that_goes_on_and_on_forever,[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]],{x,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}}", "{a_very_long_tag_name_that_goes_on_and_on_forever,\n             [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,\n               18,19,20,21,22,23,24,25]],\n             {x,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,\n                 17,18,19,20,21,22,23,24,25,26,27,28,29,\n                 30]}}");
    CHECK_PRINT("col10", "[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]|b]", "[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,\n           19,20,21,22,23,24,25,26,27,28,29,30]|\n          b]");
    CHECK_PRINT("col10", "[a|{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}]", "[a|\n          {[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,\n            19,20,21,22,23,24,25,26,27,28,29,30]}]");
    CHECK_PRINT("col10", "{{{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]}}}}}}", "{{{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,\n                18,19,20,21,22,23,24,25,26,27,28,29,30,31,\n                32,33,34,35,36,37,38,39,40]}}}}}}");
    CHECK_PRINT("col10", "{\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \",\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \"}", "{\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \",\n          \"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \"}");
    CHECK_PRINT("col10", "[{name,\"Alice\"},{age,30},{email,\"alice@example.com\"},{address,{street,\"123 Main St\"},{city,\"Springfield\"}},{tags,[admin,user,guest]}]", "[{name,\"Alice\"},\n          {age,30},\n          {email,\"alice@example.com\"},\n          {address,{street,\"123 Main St\"},\n                   {city,\"Springfield\"}},\n          {tags,[admin,user,guest]}]");
    CHECK_PRINT("col10", "[{key1,value1},{key2,value2},{key3,value3},{key4,value4},{key5,value5},{key6,value6},{key7,value7}]", "[{key1,value1},\n          {key2,value2},\n          {key3,value3},\n          {key4,value4},\n          {key5,value5},\n          {key6,value6},\n          {key7,value7}]");
    CHECK_PRINT("col10", "{person,\"Joe Armstrong\",{1950,12,27},[{lang,erlang},{lang,prolog},{lang,smalltalk}],#{role => inventor, country => sweden}}", "{person,\"Joe Armstrong\",\n                 {1950,12,27},\n                 [{lang,erlang},\n                  {lang,prolog},\n                  {lang,smalltalk}],\n                 #{country => sweden,role => inventor}}");
    CHECK_PRINT("col10", "#{alpha => 1, beta => [1,2,3], gamma => {a,b}, delta => \"a string value that is long enough to wrap the line\", epsilon => #{nested => map, with => [lists, also, atoms]}}", "#{alpha => 1,\n           beta => [1,2,3],\n           delta =>\n               \"a string value that is long enough to wrap the line\",\n           epsilon =>\n               #{nested => map,with => [lists,also,atoms]},\n           gamma => {a,b}}");
    CHECK_PRINT("col10", "{ok,#{<<\"key\">> => <<\"value\">>, <<\"another key\">> => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]}}", "{ok,#{<<\"another key\">> =>\n                   [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,\n                    16,17,18,19,20,21,22,23,24,25],\n               <<\"key\">> => <<\"value\">>}}");
    CHECK_PRINT("col10", "<<\"abc\">>", "<<\"abc\">>");
    CHECK_PRINT("col10", "<<1,2,3>>", "<<1,2,3>>");
    CHECK_PRINT("col10", "<<\"h\\x{e9}llo\">>", "<<\"h\351llo\">>");
    CHECK_PRINT("col10", "<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,206,207,208,209,210>>", "<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,\n           20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,\n           36,37,38,39,40,41,42,43,44,100,200,201,202,203,\n           204,205,206,207,208,209,210>>");
    CHECK_PRINT("col10", "{tag,<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,206,207,208,209,210>>}", "{tag,<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,\n                18,19,20,21,22,23,24,25,26,27,28,29,30,31,\n                32,33,34,35,36,37,38,39,40,41,42,43,44,\n                100,200,201,202,203,204,205,206,207,208,\n                209,210>>}");
    CHECK_PRINT("col10", "[[[[[[[[[[a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z]]]]]]]]]]", "[[[[[[[[[[a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,\n                   t,u,v,w,x,y,z,a,b,c,d,e,f,g,h,i,j,k,l,\n                   m,n,o,p,q,r,s,t,u,v,w,x,y,z]]]]]]]]]]");
    CHECK_PRINT("col10", "{state,undefined,[],[],0,false,{queue,[1,2,3],[4,5,6]},\"some name\",{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21}}", "{state,undefined,[],[],0,false,\n                {queue,[1,2,3],[4,5,6]},\n                \"some name\",\n                {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,\n                 17,18,19,20,21}}");
    CHECK_PRINT("col10", "[{a,1},{b,2}|{c,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}]", "[{a,1},\n          {b,2}|\n          {c,\n           [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,\n            19,20,21,22,23,24,25,26,27,28,29,30]}]");
    CHECK_PRINT("col10", "{12345678901234567890123456789012345678901234567890,-98765432109876543210987654321098765432109876543210,[1.5e300,2.5e-300]}", "{12345678901234567890123456789012345678901234567890,\n          -98765432109876543210987654321098765432109876543210,\n          [1.5e300,2.5e-300]}");
    CHECK_PRINT("col10", "[[\"one\",\"two\",\"three\",\"four\",\"five\",\"six\",\"seven\",\"eight\",\"nine\",\"ten\",\"eleven\",\"twelve\"],[\"x\"]]", "[[\"one\",\"two\",\"three\",\"four\",\"five\",\"six\",\n           \"seven\",\"eight\",\"nine\",\"ten\",\"eleven\",\"twelve\"],\n          [\"x\"]]");
    CHECK_PRINT("col10", "{error,{badmatch,[{module_name,function_name,2,[{file,\"src/module_name.erl\"},{line,123}]},{other,fn,0,[]}]}}", "{error,\n             {badmatch,\n                 [{module_name,function_name,2,\n                      [{file,\"src/module_name.erl\"},\n                       {line,123}]},\n                  {other,fn,0,[]}]}}");
}

TEST_CASE("print ~P5 matches erl") {
    CHECK_PRINT("P5", "[1,2,3]", "[1,2,3]");
    CHECK_PRINT("P5", "\"hello world\"", "\"hello world\"");
    CHECK_PRINT("P5", "[]", "[]");
    CHECK_PRINT("P5", "{}", "{}");
    CHECK_PRINT("P5", "#{}", "#{}");
    CHECK_PRINT("P5", "{a,b,c}", "{a,b,c}");
    CHECK_PRINT("P5", "'hello world'", "'hello world'");
    CHECK_PRINT("P5", "['Abc','',a@b,'a.b','_x',x_Y,'if','end',ok,'maybe','else','cond']", "['Abc','',a@b,'a.b'|...]");
    CHECK_PRINT("P5", "{\"abc\\n\\t\\\"\\\\\",[0],[7,8],[27],[127],[200],[160,255]}", "{\"abc\\n\\t\\\"\\\\\",[0],[7|...],[...],...}");
    CHECK_PRINT("P5", "[1.0,0.1,1.0e10,1.0e-5,123456789.0,1.0e15,1.0e16,-0.0,3.14,100.0,1000.0]", "[1.0,0.1,1.0e10,1.0e-5|...]");
    CHECK_PRINT("P5", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]", "[1,2,3,4|...]");
    CHECK_PRINT("P5", "[{a,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}|b]", "[{a,[1|...]}|b]");
    CHECK_PRINT("P5", "{foo_bar_baz,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],[{hello,world},{xx,\"a long string of text that goes on\"}]}", "{foo_bar_baz,[1,2|...],[{...}|...]}");
    CHECK_PRINT("P5", "#{a => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30], b => {x,y}, \"key\" => [1,2]}", "#{a => [1,2,3|...],b => {x,y},\"key\" => [1,2]}");
    CHECK_PRINT("P5", "{a_very_long_tag_name_that_goes_on_and_on_forever,[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]],{x,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}}", "{a_very_long_tag_name_that_goes_on_and_on_forever,[[1|...]],{x,...}}");
    CHECK_PRINT("P5", "[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]|b]", "[[1,2,3|...]|b]");
    CHECK_PRINT("P5", "[a|{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}]", "[a|{[1|...]}]");
    CHECK_PRINT("P5", "{{{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]}}}}}}", "{{{{{...}}}}}");
    CHECK_PRINT("P5", "{\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \",\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \"}", "{\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \",\n \"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \"}");
    CHECK_PRINT("P5", "[{name,\"Alice\"},{age,30},{email,\"alice@example.com\"},{address,{street,\"123 Main St\"},{city,\"Springfield\"}},{tags,[admin,user,guest]}]", "[{name,\"Alice\"},{age,30},{email,...},{...}|...]");
    CHECK_PRINT("P5", "[{key1,value1},{key2,value2},{key3,value3},{key4,value4},{key5,value5},{key6,value6},{key7,value7}]", "[{key1,value1},{key2,value2},{key3,...},{...}|...]");
    CHECK_PRINT("P5", "{person,\"Joe Armstrong\",{1950,12,27},[{lang,erlang},{lang,prolog},{lang,smalltalk}],#{role => inventor, country => sweden}}", "{person,\"Joe Armstrong\",{1950,...},[...],...}");
    CHECK_PRINT("P5", "#{alpha => 1, beta => [1,2,3], gamma => {a,b}, delta => \"a string value that is long enough to wrap the line\", epsilon => #{nested => map, with => [lists, also, atoms]}}", "#{alpha => 1,\n  beta => [1,2,3],\n  delta => \"a string value that is long enough to wrap the line\",\n  epsilon => #{nested => map,with => [lists,also|...]},...}");
    CHECK_PRINT("P5", "{ok,#{<<\"key\">> => <<\"value\">>, <<\"another key\">> => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]}}", "{ok,#{<<\"anot\"...>> => [1|...],<<\"key\">> => <<\"valu\"...>>}}");
    CHECK_PRINT("P5", "<<\"abc\">>", "<<\"abc\">>");
    CHECK_PRINT("P5", "<<1,2,3>>", "<<1,2,3>>");
    CHECK_PRINT("P5", "<<\"h\\x{e9}llo\">>", "<<\"h\351llo\">>");
    CHECK_PRINT("P5", "<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,206,207,208,209,210>>", "<<1,2,3,4,...>>");
    CHECK_PRINT("P5", "{tag,<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,206,207,208,209,210>>}", "{tag,<<1,2,...>>}");
    CHECK_PRINT("P5", "[[[[[[[[[[a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z]]]]]]]]]]", "[[[[[...]]]]]");
    CHECK_PRINT("P5", "{state,undefined,[],[],0,false,{queue,[1,2,3],[4,5,6]},\"some name\",{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21}}", "{state,undefined,[],[],...}");
    CHECK_PRINT("P5", "[{a,1},{b,2}|{c,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}]", "[{a,1},{b,2}|{c,...}]");
    CHECK_PRINT("P5", "{12345678901234567890123456789012345678901234567890,-98765432109876543210987654321098765432109876543210,[1.5e300,2.5e-300]}", "{12345678901234567890123456789012345678901234567890,\n -98765432109876543210987654321098765432109876543210,\n [1.5e300|...]}");
    CHECK_PRINT("P5", "[[\"one\",\"two\",\"three\",\"four\",\"five\",\"six\",\"seven\",\"eight\",\"nine\",\"ten\",\"eleven\",\"twelve\"],[\"x\"]]", "[[\"one\",\"two\",[...]|...],[\"x\"]]");
    CHECK_PRINT("P5", "{error,{badmatch,[{module_name,function_name,2,[{file,\"src/module_name.erl\"},{line,123}]},{other,fn,0,[]}]}}", "{error,{badmatch,[...]}}");
}

TEST_CASE("print ~tp matches erl") {
    CHECK_PRINT("tp", "[1,2,3]", "[1,2,3]");
    CHECK_PRINT("tp", "\"hello world\"", "\"hello world\"");
    CHECK_PRINT("tp", "[]", "[]");
    CHECK_PRINT("tp", "{}", "{}");
    CHECK_PRINT("tp", "#{}", "#{}");
    CHECK_PRINT("tp", "{a,b,c}", "{a,b,c}");
    CHECK_PRINT("tp", "'hello world'", "'hello world'");
    CHECK_PRINT("tp", "['Abc','',a@b,'a.b','_x',x_Y,'if','end',ok,'maybe','else','cond']", "['Abc','',a@b,'a.b','_x',x_Y,'if','end',ok,maybe,else,'cond']");
    CHECK_PRINT("tp", "{\"abc\\n\\t\\\"\\\\\",[0],[7,8],[27],[127],[200],[160,255]}", "{\"abc\\n\\t\\\"\\\\\",[0],[7,8],\"\\e\",[127],\"\310\",\"\240\377\"}");
    CHECK_PRINT("tp", "[1.0,0.1,1.0e10,1.0e-5,123456789.0,1.0e15,1.0e16,-0.0,3.14,100.0,1000.0]", "[1.0,0.1,1.0e10,1.0e-5,123456789.0,1.0e15,1.0e16,-0.0,3.14,100.0,1.0e3]");
    CHECK_PRINT("tp", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n 29,30,31,32,33,34,35,36,37,38,39,40]");
    CHECK_PRINT("tp", "[{a,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}|b]", "[{a,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,\n     28,29,30]}|\n b]");
    CHECK_PRINT("tp", "{foo_bar_baz,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],[{hello,world},{xx,\"a long string of text that goes on\"}]}", "{foo_bar_baz,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,\n              25,26,27,28,29,30],\n             [{hello,world},{xx,\"a long string of text that goes on\"}]}");
    CHECK_PRINT("tp", "#{a => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30], b => {x,y}, \"key\" => [1,2]}", "#{a =>\n      [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\n       27,28,29,30],\n  b => {x,y},\n  \"key\" => [1,2]}");
    CHECK_PRINT("tp", "{a_very_long_tag_name_that_goes_on_and_on_forever,[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]],{x,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}}", "{a_very_long_tag_name_that_goes_on_and_on_forever,\n    [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]],\n    {x,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\n        27,28,29,30]}}");
    CHECK_PRINT("tp", "[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]|b]", "[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n  29,30]|\n b]");
    CHECK_PRINT("tp", "[a|{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}]", "[a|\n {[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n   29,30]}]");
    CHECK_PRINT("tp", "{{{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]}}}}}}", "{{{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\n       27,28,29,30,31,32,33,34,35,36,37,38,39,40]}}}}}}");
    CHECK_PRINT("tp", "{\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \",\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \"}", "{\"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \",\n \"abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij \"}");
    CHECK_PRINT("tp", "[{name,\"Alice\"},{age,30},{email,\"alice@example.com\"},{address,{street,\"123 Main St\"},{city,\"Springfield\"}},{tags,[admin,user,guest]}]", "[{name,\"Alice\"},\n {age,30},\n {email,\"alice@example.com\"},\n {address,{street,\"123 Main St\"},{city,\"Springfield\"}},\n {tags,[admin,user,guest]}]");
    CHECK_PRINT("tp", "[{key1,value1},{key2,value2},{key3,value3},{key4,value4},{key5,value5},{key6,value6},{key7,value7}]", "[{key1,value1},\n {key2,value2},\n {key3,value3},\n {key4,value4},\n {key5,value5},\n {key6,value6},\n {key7,value7}]");
    CHECK_PRINT("tp", "{person,\"Joe Armstrong\",{1950,12,27},[{lang,erlang},{lang,prolog},{lang,smalltalk}],#{role => inventor, country => sweden}}", "{person,\"Joe Armstrong\",\n        {1950,12,27},\n        [{lang,erlang},{lang,prolog},{lang,smalltalk}],\n        #{country => sweden,role => inventor}}");
    CHECK_PRINT("tp", "#{alpha => 1, beta => [1,2,3], gamma => {a,b}, delta => \"a string value that is long enough to wrap the line\", epsilon => #{nested => map, with => [lists, also, atoms]}}", "#{alpha => 1,\n  beta => [1,2,3],\n  delta => \"a string value that is long enough to wrap the line\",\n  epsilon => #{nested => map,with => [lists,also,atoms]},\n  gamma => {a,b}}");
    CHECK_PRINT("tp", "{ok,#{<<\"key\">> => <<\"value\">>, <<\"another key\">> => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]}}", "{ok,#{<<\"another key\">> =>\n          [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25],\n      <<\"key\">> => <<\"value\">>}}");
    CHECK_PRINT("tp", "<<\"abc\">>", "<<\"abc\">>");
    CHECK_PRINT("tp", "<<1,2,3>>", "<<1,2,3>>");
    CHECK_PRINT("tp", "<<\"h\\x{e9}llo\">>", "<<\"h\351llo\">>");
    CHECK_PRINT("tp", "<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,206,207,208,209,210>>", "<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n  29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,\n  206,207,208,209,210>>");
    CHECK_PRINT("tp", "{tag,<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,203,204,205,206,207,208,209,210>>}", "{tag,<<1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,\n       27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,100,200,201,202,\n       203,204,205,206,207,208,209,210>>}");
    CHECK_PRINT("tp", "[[[[[[[[[[a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z]]]]]]]]]]", "[[[[[[[[[[a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,a,b,c,d,e,f,g,h,\n          i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z]]]]]]]]]]");
    CHECK_PRINT("tp", "{state,undefined,[],[],0,false,{queue,[1,2,3],[4,5,6]},\"some name\",{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21}}", "{state,undefined,[],[],0,false,\n       {queue,[1,2,3],[4,5,6]},\n       \"some name\",\n       {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21}}");
    CHECK_PRINT("tp", "[{a,1},{b,2}|{c,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}]", "[{a,1},\n {b,2}|\n {c,\n  [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n   29,30]}]");
    CHECK_PRINT("tp", "{12345678901234567890123456789012345678901234567890,-98765432109876543210987654321098765432109876543210,[1.5e300,2.5e-300]}", "{12345678901234567890123456789012345678901234567890,\n -98765432109876543210987654321098765432109876543210,\n [1.5e300,2.5e-300]}");
    CHECK_PRINT("tp", "[[\"one\",\"two\",\"three\",\"four\",\"five\",\"six\",\"seven\",\"eight\",\"nine\",\"ten\",\"eleven\",\"twelve\"],[\"x\"]]", "[[\"one\",\"two\",\"three\",\"four\",\"five\",\"six\",\"seven\",\"eight\",\"nine\",\"ten\",\n  \"eleven\",\"twelve\"],\n [\"x\"]]");
    CHECK_PRINT("tp", "{error,{badmatch,[{module_name,function_name,2,[{file,\"src/module_name.erl\"},{line,123}]},{other,fn,0,[]}]}}", "{error,{badmatch,[{module_name,function_name,2,\n                               [{file,\"src/module_name.erl\"},{line,123}]},\n                  {other,fn,0,[]}]}}");
}

TEST_CASE("write and print small terms ~w matches erl") {
    CHECK_PRINT("w", "[1,2,3]", "[1,2,3]");
    CHECK_PRINT("w", "\"hello\"", "[104,101,108,108,111]");
    CHECK_PRINT("w", "{a,'B',\"c\",[],{},#{}}", "{a,'B',[99],[],{},#{}}");
    CHECK_PRINT("w", "#{a => 1, b => [x,y], 1 => 2}", "#{1 => 2,a => 1,b => [x,y]}");
    CHECK_PRINT("w", "<<\"abc\">>", "<<97,98,99>>");
    CHECK_PRINT("w", "<<>>", "<<>>");
    CHECK_PRINT("w", "[1|2]", "[1|2]");
    CHECK_PRINT("w", "[1.0,-2.5,1.0e100]", "[1.0,-2.5,1.0e100]");
    CHECK_PRINT("w", "{a,{b,{c,{d,{e,{f,[1,2,3,4,5,6,7,8]}}}}}}", "{a,{b,{c,{d,{e,{f,[1,2,3,4,5,6,7,8]}}}}}}");
    CHECK_PRINT("w", "[[1,2,3,4,5,6,7,8,9,10],{a,b,c,d,e,f,g}, <<1,2,3,4,5,6,7,8,9>>, #{a => 1, b => 2, c => 3, d => 4, e => 5, f => 6}]", "[[1,2,3,4,5,6,7,8,9,10],{a,b,c,d,e,f,g},<<1,2,3,4,5,6,7,8,9>>,#{a => 1,b => 2,c => 3,d => 4,e => 5,f => 6}]");
    CHECK_PRINT("w", "\"a long string that would be cut by a depth limit\"", "[97,32,108,111,110,103,32,115,116,114,105,110,103,32,116,104,97,116,32,119,111,117,108,100,32,98,101,32,99,117,116,32,98,121,32,97,32,100,101,112,116,104,32,108,105,109,105,116]");
    CHECK_PRINT("w", "#{a=>1,b=>2,c=>[1,2,3]}", "#{a => 1,b => 2,c => [1,2,3]}");
    CHECK_PRINT("w", "[#{a=>1,b=>2,c=>[1,2,3]}]", "[#{a => 1,b => 2,c => [1,2,3]}]");
    CHECK_PRINT("w", "{#{a=>1,b=>2,c=>[1,2,3]}}", "{#{a => 1,b => 2,c => [1,2,3]}}");
}

TEST_CASE("write and print small terms ~W5 matches erl") {
    CHECK_PRINT("W5", "[1,2,3]", "[1,2,3]");
    CHECK_PRINT("W5", "\"hello\"", "[104,101,108,108|...]");
    CHECK_PRINT("W5", "{a,'B',\"c\",[],{},#{}}", "{a,'B',[99],[],...}");
    CHECK_PRINT("W5", "#{a => 1, b => [x,y], 1 => 2}", "#{1 => 2,a => 1,b => [x,y]}");
    CHECK_PRINT("W5", "<<\"abc\">>", "<<97,98,99>>");
    CHECK_PRINT("W5", "<<>>", "<<>>");
    CHECK_PRINT("W5", "[1|2]", "[1|2]");
    CHECK_PRINT("W5", "[1.0,-2.5,1.0e100]", "[1.0,-2.5,1.0e100]");
    CHECK_PRINT("W5", "{a,{b,{c,{d,{e,{f,[1,2,3,4,5,6,7,8]}}}}}}", "{a,{b,{...}}}");
    CHECK_PRINT("W5", "[[1,2,3,4,5,6,7,8,9,10],{a,b,c,d,e,f,g}, <<1,2,3,4,5,6,7,8,9>>, #{a => 1, b => 2, c => 3, d => 4, e => 5, f => 6}]", "[[1,2,3|...],{a,b,...},<<1,...>>,#{}]");
    CHECK_PRINT("W5", "\"a long string that would be cut by a depth limit\"", "[97,32,108,111|...]");
    CHECK_PRINT("W5", "#{a=>1,b=>2,c=>[1,2,3]}", "#{a => 1,b => 2,c => [1,2,3]}");
    CHECK_PRINT("W5", "[#{a=>1,b=>2,c=>[1,2,3]}]", "[#{a => 1,b => 2,c => [1,2|...],...}]");
    CHECK_PRINT("W5", "{#{a=>1,b=>2,c=>[1,2,3]}}", "{#{a => 1,b => 2,c => [1,2|...],...}}");
}

TEST_CASE("write and print small terms ~p matches erl") {
    CHECK_PRINT("p", "[1,2,3]", "[1,2,3]");
    CHECK_PRINT("p", "\"hello\"", "\"hello\"");
    CHECK_PRINT("p", "{a,'B',\"c\",[],{},#{}}", "{a,'B',\"c\",[],{},#{}}");
    CHECK_PRINT("p", "#{a => 1, b => [x,y], 1 => 2}", "#{1 => 2,a => 1,b => [x,y]}");
    CHECK_PRINT("p", "<<\"abc\">>", "<<\"abc\">>");
    CHECK_PRINT("p", "<<>>", "<<>>");
    CHECK_PRINT("p", "[1|2]", "[1|2]");
    CHECK_PRINT("p", "[1.0,-2.5,1.0e100]", "[1.0,-2.5,1.0e100]");
    CHECK_PRINT("p", "{a,{b,{c,{d,{e,{f,[1,2,3,4,5,6,7,8]}}}}}}", "{a,{b,{c,{d,{e,{f,[1,2,3,4,5,6,7,8]}}}}}}");
    CHECK_PRINT("p", "[[1,2,3,4,5,6,7,8,9,10],{a,b,c,d,e,f,g}, <<1,2,3,4,5,6,7,8,9>>, #{a => 1, b => 2, c => 3, d => 4, e => 5, f => 6}]", "[[1,2,3,4,5,6,7,8,9,10],\n {a,b,c,d,e,f,g},\n <<1,2,3,4,5,6,7,8,9>>,\n #{a => 1,b => 2,c => 3,d => 4,e => 5,f => 6}]");
    CHECK_PRINT("p", "\"a long string that would be cut by a depth limit\"", "\"a long string that would be cut by a depth limit\"");
    CHECK_PRINT("p", "#{a=>1,b=>2,c=>[1,2,3]}", "#{a => 1,b => 2,c => [1,2,3]}");
    CHECK_PRINT("p", "[#{a=>1,b=>2,c=>[1,2,3]}]", "[#{a => 1,b => 2,c => [1,2,3]}]");
    CHECK_PRINT("p", "{#{a=>1,b=>2,c=>[1,2,3]}}", "{#{a => 1,b => 2,c => [1,2,3]}}");
}

TEST_CASE("write and print small terms ~P5 matches erl") {
    CHECK_PRINT("P5", "[1,2,3]", "[1,2,3]");
    CHECK_PRINT("P5", "\"hello\"", "\"hello\"");
    CHECK_PRINT("P5", "{a,'B',\"c\",[],{},#{}}", "{a,'B',\"c\",[],...}");
    CHECK_PRINT("P5", "#{a => 1, b => [x,y], 1 => 2}", "#{1 => 2,a => 1,b => [x,y]}");
    CHECK_PRINT("P5", "<<\"abc\">>", "<<\"abc\">>");
    CHECK_PRINT("P5", "<<>>", "<<>>");
    CHECK_PRINT("P5", "[1|2]", "[1|2]");
    CHECK_PRINT("P5", "[1.0,-2.5,1.0e100]", "[1.0,-2.5,1.0e100]");
    CHECK_PRINT("P5", "{a,{b,{c,{d,{e,{f,[1,2,3,4,5,6,7,8]}}}}}}", "{a,{b,{...}}}");
    CHECK_PRINT("P5", "[[1,2,3,4,5,6,7,8,9,10],{a,b,c,d,e,f,g}, <<1,2,3,4,5,6,7,8,9>>, #{a => 1, b => 2, c => 3, d => 4, e => 5, f => 6}]", "[[1,2,3|...],{a,b,...},<<1,...>>,#{...}]");
    CHECK_PRINT("P5", "\"a long string that would be cut by a depth limit\"", "\"a long string that would be cut by a depth limit\"");
    CHECK_PRINT("P5", "#{a=>1,b=>2,c=>[1,2,3]}", "#{a => 1,b => 2,c => [1,2,3]}");
    CHECK_PRINT("P5", "[#{a=>1,b=>2,c=>[1,2,3]}]", "[#{a => 1,b => 2,c => [1,2|...]}]");
    CHECK_PRINT("P5", "{#{a=>1,b=>2,c=>[1,2,3]}}", "{#{a => 1,b => 2,c => [1,2|...]}}");
}
// clang-format on
