-module(module_info_basic).
-export([zed/0, main/1, alpha/2, alpha/1, 'B'/0]).
-vsn("1.2").
-author("Somebody").
-type t() :: integer().
-export_type([t/0]).
-spec zed() -> ok.
-record(r, {a}).
-custom(bar).
-custom([1, 2]).
-behaviour(gen_server).
-deprecated([{zed, 0}]).

%% module_info/0,1 as erlc generates them: exports and functions in definition
%% order with module_info last, attributes in source order, values as lists.
zed() -> ok.
alpha(X) -> X.
alpha(X, Y) -> {X, Y, #r{}}.
'B'() -> [X || X <- [1]].
helper() -> ok.

main(_) ->
    io:format("~p~n", [module_info(module)]),
    io:format("~p~n", [module_info(exports)]),
    io:format("~p~n", [?MODULE:module_info(exports)]),
    %% generated functions (comprehensions) are named and ordered differently
    io:format("~p~n", [[F || {N, _} = F <- module_info(functions),
                             hd(atom_to_list(N)) =/= $-]]),
    io:format("~p~n", [length(module_info(functions))]),
    io:format("~p~n", [module_info(attributes)]),
    io:format("~p~n", [[K || {K, _} <- module_info()]]),
    io:format("~p~n", [proplists:get_value(exports, module_info())]),
    io:format("~p~n", [proplists:get_value(attributes, module_info())]),
    Md5 = module_info(md5),
    io:format("~p~n", [{is_binary(Md5), byte_size(Md5)}]),
    io:format("~p~n", [is_list(proplists:get_value(source, module_info(compile)))]),
    io:format("~p~n", [try module_info(no_such_key) catch error:R -> R end]),
    io:format("~p~n", [erlang:get_module_info(?MODULE, module)]),
    io:format("~p~n", [erlang:get_module_info(?MODULE, exports)]),
    io:format("~p~n", [lists:member({module_info, 1}, mib_lib:module_info(exports))]),
    io:format("~p~n", [mib_lib:module_info(exports)]),
    io:format("~p~n", [mib_lib:module_info(attributes)]),
    [{vsn, [Vsn]} | OtherAttrs] = mib_novsn:module_info(attributes),
    io:format("~p~n", [{is_integer(Vsn), OtherAttrs}]),
    io:format("~p~n", [erlang:function_exported(?MODULE, module_info, 1)]),
    io:format("~p~n", [{zed(), alpha(1), alpha(1, 2), 'B'(), helper()}]),
    ok.
