%% Compares the container and text modules written in Erlang (stdlib/erl, renamed
%% pfun_<module>) with OTP's on random operation sequences: gb_trees and gb_sets
%% must build the very same trees (programs print them), ordsets/orddict the same
%% lists, calendar and filename the same answers. Exit status 0 when all agree.
-module(compare_containers).
-export([run/0]).

run() ->
    rand:seed(exsss, {17, 4, 2026}),
    Checks = [{gb_trees, fun gb_trees_case/1}, {gb_sets, fun gb_sets_case/1},
              {ordsets, fun ordsets_case/1}, {orddict, fun orddict_case/1},
              {calendar, fun calendar_case/1}],
    Bad = lists:sum([check(Name, F, N) || {Name, F} <- Checks, N <- lists:seq(1, 150)]) +
          filename_cases(),
    io:format("~w mismatches~n", [Bad]),
    case Bad of 0 -> 0; _ -> 1 end.

check(Name, F, N) ->
    case try F(N) catch C:R:St -> {{C, R, St}, crashed} end of
        ok -> 0;
        {Ours, Otp} ->
            io:format("MISMATCH ~w (size ~w)~n  ours: ~P~n  otp:  ~P~n", [Name, N, Ours, 20, Otp, 20]),
            1
    end.

same(A, B) when A =:= B -> ok;
same(A, B) -> {A, B}.

keys(N) -> [rand:uniform(N * 3) || _ <- lists:seq(1, N)].

gb_trees_case(N) ->
    Ks = keys(N),
    Ours = lists:foldl(fun(K, T) -> pfun_gb_trees:enter(K, K, T) end, pfun_gb_trees:empty(), Ks),
    Otp = lists:foldl(fun(K, T) -> gb_trees:enter(K, K, T) end, gb_trees:empty(), Ks),
    Del = lists:sublist(Ks, N div 2),
    Ours2 = lists:foldl(fun(K, T) -> pfun_gb_trees:delete_any(K, T) end, Ours, Del),
    Otp2 = lists:foldl(fun(K, T) -> gb_trees:delete_any(K, T) end, Otp, Del),
    Seq = lists:seq(1, N),
    Ours3 = lists:foldl(fun(K, T) -> pfun_gb_trees:insert(K, K, T) end, pfun_gb_trees:empty(), Seq),
    Otp3 = lists:foldl(fun(K, T) -> gb_trees:insert(K, K, T) end, gb_trees:empty(), Seq),
    same({Ours, Ours2, Ours3, pfun_gb_trees:balance(Ours), pfun_gb_trees:iterator(Ours),
          pfun_gb_trees:from_orddict(pfun_gb_trees:to_list(Ours)), pfun_gb_trees:take_smallest(Ours)},
         {Otp, Otp2, Otp3, gb_trees:balance(Otp), gb_trees:iterator(Otp),
          gb_trees:from_orddict(gb_trees:to_list(Otp)), gb_trees:take_smallest(Otp)}).

gb_sets_case(N) ->
    Ks = keys(N),
    K2 = keys(rand:uniform(N)),
    A = pfun_gb_sets:from_list(Ks), B = gb_sets:from_list(Ks),
    A2 = pfun_gb_sets:from_list(K2), B2 = gb_sets:from_list(K2),
    Add = fun(M, S0) -> lists:foldl(fun(K, S) -> M:add(K, S) end, S0, K2) end,
    Even = fun(X) -> X rem 2 =:= 0 end,
    same({A, Add(pfun_gb_sets, A), pfun_gb_sets:intersection(A, A2), pfun_gb_sets:difference(A, A2),
          pfun_gb_sets:filter(Even, A), pfun_gb_sets:union(A, A2), pfun_gb_sets:union(A2, A),
          pfun_gb_sets:union([A2, A, pfun_gb_sets:from_list(Ks ++ K2)])},
         {B, Add(gb_sets, B), gb_sets:intersection(B, B2), gb_sets:difference(B, B2),
          gb_sets:filter(Even, B), gb_sets:union(B, B2), gb_sets:union(B2, B),
          gb_sets:union([B2, B, gb_sets:from_list(Ks ++ K2)])}).

ordsets_case(N) ->
    L1 = keys(N) ++ [1.0, a],
    L2 = keys(N),
    F = fun(M) ->
                S1 = M:from_list(L1), S2 = M:from_list(L2),
                {S1, M:union(S1, S2), M:intersection(S1, S2), M:subtract(S1, S2),
                 M:is_subset(S2, S1), M:is_disjoint(S1, S2), M:add_element(2, S1),
                 M:del_element(1, S1), M:is_element(1, S1)}
        end,
    same(F(pfun_ordsets), F(ordsets)).

orddict_case(N) ->
    Pairs = [{K, rand:uniform(9)} || K <- keys(N)],
    F = fun(M) ->
                D = M:from_list(Pairs),
                {D, M:store(2, x, D), M:erase(3, D), M:update_counter(4, 1, D), M:find(5, D),
                 M:append(6, y, M:map(fun(_, V) -> [V] end, D)), M:fetch_keys(D),
                 M:merge(fun(_, A, B) -> A + B end, D, M:from_list(lists:reverse(Pairs)))}
        end,
    same(F(pfun_orddict), F(orddict)).

calendar_case(N) ->
    Days = [rand:uniform(800000) || _ <- lists:seq(1, N)],
    F = fun(M) ->
                [begin
                     Date = M:gregorian_days_to_date(D),
                     {Date, M:date_to_gregorian_days(Date), M:day_of_the_week(Date),
                      M:iso_week_number(Date), M:gregorian_seconds_to_datetime(D * 86400 + D rem 86400)}
                 end || D <- Days]
        end,
    same(F(pfun_calendar), F(calendar)).

filename_cases() ->
    Paths = ["", "/", "//", "a", "a/", "a//", "/a", "/a/", "a/b", "a//b", "/a/b/", "a/b/c.erl",
             ".profile", "a/.profile", "a.b.c", "a.b/c", "a.b/c.d", "/usr/local/bin/", "foo.erl/",
             "x/y.", ".", "..", "a/..", "../a.tar.gz", "///a///b///", "a.", "/.x", "c.erl.erl",
             [$a, ["b", $/], 'c.d']],
    Funs = [{split, []}, {basename, []}, {dirname, []}, {extension, []}, {rootname, []},
            {basename, [".erl"]}, {rootname, [".erl"]}, {join, ["z"]}, {pathtype, []},
            {nativename, []}, {flatten, []}],
    Outcome = fun(M, F, Args) -> try {ok, apply(M, F, Args)} catch C:R -> {C, R} end end,
    lists:sum([case {Outcome(pfun_filename, F, [P | Extra]), Outcome(filename, F, [P | Extra])} of
                   {Same, Same} -> 0;
                   {O, E} ->
                       io:format("MISMATCH filename:~w(~p)~n  ours: ~p~n  otp:  ~p~n", [F, [P | Extra], O, E]),
                       1
               end
               || P0 <- Paths, P <- [P0 | [list_to_binary(P0) || is_list(P0), io_lib:printable_list(P0)]],
                  {F, Extra} <- Funs]).
