// Results pushed back to the spawning node, remote spawn_link/spawn_monitor, the
// request tables draining, and net:explain/1, with nodes in this process: node A
// has the code (module pm), node B has none of it, node C asks as a third party.
#include "net_helpers.h"

#include "pfun/net/shipping.h"

#include <doctest/doctest.h>

#include <cstdio>

namespace pfun::testing {

namespace {

constexpr const char* kPushModule = R"(
-module(pm).
-export([run/2, twice/2, crash/1, big/2, pfun_back/2, apply_fun/2, spawn_wait/1, result/1,
         result/2, stat/2, table/1, served/1, trap_link/2, link_crash/1, link_wait/1,
         exit_of/1, mon/2, mon_wait/1, down_of/2, fac/1, set_policy/1, explain/1,
         many/2, kill/1, alive/1, waiters_killed/2, bg_result/1]).

fac(0) -> 1;
fac(N) -> N * fac(N - 1).

run(Node, K) ->
    Pid = spawn(Node, pfun() -> fac(K) end),
    get_result(Pid, 20000).

%% The outcome stays: asked twice, answered twice.
twice(Node, K) ->
    Pid = spawn(Node, pfun() -> fac(K) end),
    A = get_result(Pid, 20000),
    B = get_result(Pid, 20000),
    {A, B}.

crash(Node) ->
    Pid = spawn(Node, pfun() -> 1 / zero() end),
    get_result(Pid, 20000).

zero() -> 0.

big(Node, N) ->
    Pid = spawn(Node, pfun() -> {lists:seq(1, N), list_to_binary(lists:duplicate(N, $x))} end),
    case get_result(Pid, 20000) of
        {ok, {L, Bin}} -> {length(L), lists:sum(L), byte_size(Bin)};
        Other -> Other
    end.

%% A pfun made on B comes back and runs here.
pfun_back(Node, K) ->
    Pid = spawn(Node, pfun() -> pfun(X) -> X * fac(K) end end),
    get_result(Pid, 20000).

apply_fun({ok, F}, X) -> F(X).

spawn_wait(Node) ->
    spawn(Node, pfun() -> receive go -> fac(5) end end).

result(Pid) -> get_result(Pid).
result(Pid, T) -> get_result(Pid, T).

%% A process that waits for Pid's result for ever.
bg_result(Pid) -> spawn(fun() -> get_result(Pid) end).

set_policy(File) -> net:set_policy(File).
stat(Node, K) ->
    case Node of
        total -> proplists:get_value(K, net:ship_stats());
        _ -> proplists:get_value(K, proplists:get_value(Node, proplists:get_value(peers, net:ship_stats())))
    end.
table(K) -> proplists:get_value(K, proplists:get_value(tables, net:ship_stats())).
served(K) -> proplists:get_value(K, net:ship_stats()).

trap_link(Node, How) ->
    process_flag(trap_exit, true),
    Pid = case How of
              crash -> spawn_link(Node, pfun() -> exit(boom) end);
              normal -> spawn_link(Node, pfun() -> fac(3) end);
              mfa -> spawn_link(Node, pm, fac, [bad])
          end,
    R = receive {'EXIT', P, Reason} when P =:= Pid -> {exit, Reason} after 20000 -> timeout end,
    process_flag(trap_exit, false),
    R.

%% Returns once linked to a process on Node that waits; exit_of/1 collects the EXIT.
link_wait(Node) ->
    process_flag(trap_exit, true),
    spawn_link(Node, pfun() -> receive go -> ok end end).

exit_of(Pid) ->
    R = receive {'EXIT', P, Reason} when P =:= Pid -> {exit, Reason} after 20000 -> timeout end,
    process_flag(trap_exit, false),
    R.

link_crash(Node) ->
    %% Not trapping: the crash of the remote process takes the caller with it.
    Parent = self(),
    {W, Ref} = spawn_monitor(fun() ->
                                 spawn_link(Node, pfun() -> exit(boom) end),
                                 receive never -> Parent ! survived end
                             end),
    receive {'DOWN', Ref, process, W, R} -> {down, R} after 20000 -> timeout end.

mon(Node, How) ->
    {Pid, Ref} = case How of
                     crash -> spawn_monitor(Node, pfun() -> 1 / zero() end);
                     normal -> spawn_monitor(Node, pfun() -> fac(4) end);
                     mfa -> spawn_monitor(Node, pm, fac, [6])
                 end,
    down_of(Pid, Ref).

mon_wait(Node) ->
    spawn_monitor(Node, pfun() -> receive go -> ok end end).

down_of(Pid, Ref) ->
    receive
        {'DOWN', Ref, process, P, Reason} when P =:= Pid -> {down, Reason}
    after 20000 -> timeout
    end.

explain(Pid) -> net:explain(Pid).

%% N spawns, each result fetched.
many(Node, N) ->
    lists:foldl(fun(I, Acc) ->
                        {ok, V} = get_result(spawn(Node, pfun() -> I end), 20000),
                        Acc + V
                end, 0, lists:seq(1, N)).

kill(Pid) -> exit(Pid, kill), ok.

%% N processes wait for Pid's result; they are killed while they wait.
waiters_killed(Pid, N) ->
    Ws = [spawn(fun() -> get_result(Pid) end) || _ <- lists:seq(1, N)],
    wait_until(fun() -> pm:table(result_waiters) >= N end, 2000),
    [exit(W, kill) || W <- Ws],
    %% A kill is a signal: wait until it has ended them all, so the sweeps to come
    %% find them dead whatever the load.
    true = wait_until(fun() -> not lists:any(fun erlang:is_process_alive/1, Ws) end, 2000),
    ok.

wait_until(F, 0) -> F();
wait_until(F, K) ->
    case F() of
        true -> true;
        false -> receive after 5 -> wait_until(F, K - 1) end
    end.
alive(Pid) -> is_process_alive(Pid).
)";

struct Trio {
    TestNode a{"push_a"}, b{"push_b"};
    Trio() {
        auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
        net::enableShipping(a.node(), {ambient, {}});
        net::enableShipping(b.node(), {ambient, {}});
        REQUIRE(a.loadSource(kPushModule, "pm.erl"));
        REQUIRE(a.node().connect(b.name(), std::chrono::seconds(10)));
    }
    vm::Term bAtom() { return a.atom(b.name()); }
    std::string policy(const std::string& name, const std::string& text) {
        std::string path = scratchPath("shipping_push_" + name + ".toml");
        FILE* f = std::fopen(path.c_str(), "w");
        REQUIRE(f);
        std::fwrite(text.data(), 1, text.size(), f);
        std::fclose(f);
        vm::Heap heap;
        return a.callIn("pm", "set_policy", {vm::makeStringList(heap, path)});
    }
    std::string lazy() {
        return policy("lazy", "[loading]\nmode = \"lazy\"\nprefetch_depth = 0\n");
    }
    std::string eager() { return policy("eager", "[loading]\nmode = \"eager\"\n"); }
};

// B runs without module pm: its counters and tables are read by B's own host
// process through net:ship_stats/0 directly.
std::string statsOf(TestNode& n) {
    return n.callIn("net", "ship_stats", {});
}

bool has(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("the outcome of a remote spawn is pushed to the spawner: no result query") {
    Trio t;
    CHECK(t.a.callIn("pm", "run", {t.bAtom(), vm::Term::makeSmall(6)}) == "{ok,720}");
    CHECK(t.a.callIn("pm", "twice", {t.bAtom(), vm::Term::makeSmall(5)}) == "{{ok,120},{ok,120}}");
    CHECK(t.a.callIn("pm", "crash", {t.bAtom()}).find("{error,{error,badarith}}") == 0);
    // B never answered a ResultQuery: every outcome came by push.
    CHECK(has(statsOf(t.b), "{result_queries,0}"));
    CHECK(t.a.callIn("pm", "table", {t.a.atom("pending")}) == "0");
    CHECK(t.a.callIn("pm", "table", {t.a.atom("result_waiters")}) == "0");
    // The pushed outcomes are kept (until expired), one per spawned process.
    CHECK(t.a.callIn("pm", "table", {t.a.atom("remotes")}) == "3");
}

TEST_CASE("pushed results that are large terms or pfuns come back intact") {
    Trio t;
    CHECK(t.a.callIn("pm", "big", {t.bAtom(), vm::Term::makeSmall(100000)}) ==
          "{100000,5000050000,100000}");
    std::string f = t.a.callIn("pm", "pfun_back", {t.bAtom(), vm::Term::makeSmall(4)});
    REQUIRE_MESSAGE(f.find("{ok,") == 0, f);
    CHECK(t.a.callIn("pm", "apply_fun", {t.a.last(), vm::Term::makeSmall(3)}) == "72");
}

TEST_CASE("get_result from a node that did not spawn the process asks its node") {
    Trio t;
    TestNode c{"push_c"};
    auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
    net::enableShipping(c.node(), {ambient, {}});
    REQUIRE(c.loadSource(kPushModule, "pm.erl"));
    std::string pid = t.a.callIn("pm", "spawn_wait", {t.bAtom()});
    REQUIRE(pid.find("<") == 0);
    vm::Heap heap;
    vm::Term onC = transfer(t.a, t.a.last(), c, heap);
    vm::Term onB = transfer(t.a, t.a.last(), t.b, heap);
    CHECK(c.callIn("pm", "result", {onC, vm::Term::makeSmall(50)}) == "{error,timeout}");
    t.b.callIn("erlang", "send", {onB, t.b.atom("go")});
    CHECK(c.callIn("pm", "result", {onC, vm::Term::makeSmall(20000)}) == "{ok,120}");
    CHECK(has(statsOf(t.b), "{result_queries,2}"));
}

TEST_CASE("the process answering a peer's get_result ends when that peer goes") {
    Trio t;
    auto c = std::make_unique<TestNode>("push_c");
    auto ambient = [](std::string_view m) { return stdlib::isAmbientModule(m); };
    net::enableShipping(c->node(), {ambient, {}});
    REQUIRE(c->loadSource(kPushModule, "pm.erl"));
    std::string pid = t.a.callIn("pm", "spawn_wait", {t.bAtom()});
    REQUIRE(pid.find("<") == 0);
    vm::Heap heap;
    vm::Term onC = transfer(t.a, t.a.last(), *c, heap);
    size_t before = t.b.rt().processes().count();
    // C asks B with no timeout: B runs a process that waits for the result.
    CHECK(c->callIn("pm", "bg_result", {onC}).find("<") == 0);
    CHECK(eventually([&] { return t.b.rt().processes().count() == before + 1; }));
    // C goes away before the result exists: nobody is left to answer.
    c.reset();
    CHECK(eventually([&] { return t.b.rt().processes().count() == before; }));
}

TEST_CASE("a get_result waiting for a push times out cleanly, and answers later") {
    Trio t;
    std::string pid = t.a.callIn("pm", "spawn_wait", {t.bAtom()});
    REQUIRE(pid.find("<") == 0);
    vm::Heap heap;
    vm::Term onA = transfer(t.a, t.a.last(), t.a, heap);
    vm::Term onB = transfer(t.a, onA, t.b, heap);
    CHECK(t.a.callIn("pm", "result", {onA, vm::Term::makeSmall(30)}) == "{error,timeout}");
    CHECK(t.a.callIn("pm", "table", {t.a.atom("result_waiters")}) == "0");
    t.b.callIn("erlang", "send", {onB, t.b.atom("go")});
    CHECK(t.a.callIn("pm", "result", {onA, vm::Term::makeSmall(20000)}) == "{ok,120}");
    CHECK(has(statsOf(t.b), "{result_queries,0}"));
}

TEST_CASE("a get_result waiting for a push answers noconnection when the node goes") {
    Trio t;
    std::string pid = t.a.callIn("pm", "spawn_wait", {t.bAtom()});
    REQUIRE(pid.find("<") == 0);
    vm::Heap heap;
    vm::Term onA = transfer(t.a, t.a.last(), t.a, heap);
    std::thread killer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        t.b.stopNode();
    });
    CHECK(t.a.callIn("pm", "result", {onA}) == "{error,noconnection}");
    killer.join();
    // Kept as the outcome: asked again, the same answer at once.
    CHECK(t.a.callIn("pm", "result", {onA, vm::Term::makeSmall(0)}) == "{error,noconnection}");
    CHECK(t.a.callIn("pm", "table", {t.a.atom("result_waiters")}) == "0");
    CHECK(t.a.callIn("pm", "table", {t.a.atom("pending")}) == "0");
}

TEST_CASE("remote spawn_link: the caller gets the exit, eager and lazy code") {
    Trio t;
    for (int lazy = 0; lazy < 2; ++lazy) {
        CAPTURE(lazy);
        CHECK((lazy ? t.lazy() : t.eager()) == "ok");
        CHECK(t.a.callIn("pm", "trap_link", {t.bAtom(), t.a.atom("crash")}) == "{exit,boom}");
        CHECK(t.a.callIn("pm", "trap_link", {t.bAtom(), t.a.atom("normal")}) == "{exit,normal}");
        CHECK(has(t.a.callIn("pm", "trap_link", {t.bAtom(), t.a.atom("mfa")}), "{exit,{badarith"));
    }
    // Not trapping exits, the linked caller dies with the remote process's reason.
    CHECK(t.a.callIn("pm", "link_crash", {t.bAtom()}) == "{down,boom}");
}

TEST_CASE("remote spawn_link: both ends get noconnection when the connection drops") {
    Trio t;
    CHECK(t.lazy() == "ok");
    std::string pid = t.a.callIn("pm", "link_wait", {t.bAtom()});
    REQUIRE(pid.find("<") == 0);
    vm::Heap heap;
    vm::Term onA = transfer(t.a, t.a.last(), t.a, heap);
    vm::Term onB = transfer(t.a, onA, t.b, heap);
    CHECK(t.b.callIn("erlang", "is_process_alive", {onB}) == "true");
    REQUIRE(t.a.node().disconnect(t.b.name()));
    CHECK(t.a.callIn("pm", "exit_of", {onA}) == "{exit,noconnection}");
    // On B the linked process got noconnection too and is gone.
    CHECK(eventually([&] { return t.b.callIn("erlang", "is_process_alive", {onB}) == "false"; }));
}

TEST_CASE("remote spawn_monitor: {Pid, Ref} and a 'DOWN' with the reason") {
    Trio t;
    for (int lazy = 0; lazy < 2; ++lazy) {
        CAPTURE(lazy);
        CHECK((lazy ? t.lazy() : t.eager()) == "ok");
        CHECK(t.a.callIn("pm", "mon", {t.bAtom(), t.a.atom("normal")}) == "{down,normal}");
        CHECK(t.a.callIn("pm", "mon", {t.bAtom(), t.a.atom("mfa")}) == "{down,normal}");
        CHECK(has(t.a.callIn("pm", "mon", {t.bAtom(), t.a.atom("crash")}), "{down,{badarith,"));
    }
    // Disconnected: 'DOWN' with noconnection.
    std::string r = t.a.callIn("pm", "mon_wait", {t.bAtom()});
    REQUIRE(r.find("{<") == 0);
    vm::Heap heap;
    vm::Term pair = transfer(t.a, t.a.last(), t.a, heap);
    REQUIRE(t.a.node().disconnect(t.b.name()));
    CHECK(t.a.callIn("pm", "down_of", {pair.element(0), pair.element(1)}) == "{down,noconnection}");
}

TEST_CASE("request tables drain: killed waiters, timeouts, ended processes") {
    Trio t;
    CHECK(t.lazy() == "ok");
    CHECK(t.a.callIn("pm", "many", {t.bAtom(), vm::Term::makeSmall(200)}) == "20100");
    // Served processes are forgotten when they end, on the serving node.
    CHECK(eventually([&] { return has(statsOf(t.b), "{children,0}"); }));
    CHECK(has(statsOf(t.b), "{fetches,0}"));
    CHECK(has(statsOf(t.b), "{want_requests,0}"));
    CHECK(t.a.callIn("pm", "table", {t.a.atom("pending")}) == "0");
    CHECK(t.a.callIn("pm", "table", {t.a.atom("result_waiters")}) == "0");
}

TEST_CASE("waiters killed while they wait for a pushed result are swept") {
    Trio t;
    std::string pid = t.a.callIn("pm", "spawn_wait", {t.bAtom()});
    REQUIRE(pid.find("<") == 0);
    vm::Heap heap;
    vm::Term onA = transfer(t.a, t.a.last(), t.a, heap);
    CHECK(t.a.callIn("pm", "waiters_killed", {onA, vm::Term::makeSmall(20)}) == "ok");
    CHECK(t.a.callIn("pm", "table", {t.a.atom("result_waiters")}) == "20");
    // More remote spawns grow the tables past the next sweep.
    CHECK(t.a.callIn("pm", "many", {t.bAtom(), vm::Term::makeSmall(150)}) == "11325");
    CHECK(t.a.callIn("pm", "table", {t.a.atom("result_waiters")}) == "0");
}

TEST_CASE("net:explain of a remote spawn: objects sent, already there, serving costs") {
    Trio t;
    CHECK(t.eager() == "ok");
    std::string pid = t.a.callIn("pm", "spawn_wait", {t.bAtom()});
    REQUIRE(pid.find("<") == 0);
    vm::Heap heap;
    vm::Term onA = transfer(t.a, t.a.last(), t.a, heap);
    vm::Term onB = transfer(t.a, onA, t.b, heap);
    std::string running = t.a.callIn("pm", "explain", {onA});
    CHECK(has(running, "status => running"));
    CHECK(!has(running, "objects_sent => 0"));
    CHECK(has(running, "warm => false"));
    std::string served = t.b.callIn("net", "explain", {onB});
    CHECK(has(served, "role => served"));
    CHECK(!has(served, "objects_received => 0"));
    t.b.callIn("erlang", "send", {onB, t.b.atom("go")});
    CHECK(t.a.callIn("pm", "result", {onA}) == "{ok,120}");
    std::string done = t.a.callIn("pm", "explain", {onA});
    CHECK(has(done, "status => done"));
    CHECK(has(done, "served => #{"));
    CHECK(has(done, "run_us => "));
    // A second spawn of the same closure: nothing sent, all already there.
    pid = t.a.callIn("pm", "spawn_wait", {t.bAtom()});
    onA = transfer(t.a, t.a.last(), t.a, heap);
    std::string warm = t.a.callIn("pm", "explain", {onA});
    CHECK(has(warm, "objects_sent => 0"));
    CHECK(!has(warm, "objects_already_there => 0"));
    CHECK(has(warm, "warm => true"));
}

TEST_CASE("net:explain of a lazy spawn counts the fetches the serving node made for it") {
    Trio t;
    CHECK(t.lazy() == "ok");
    std::string pid = t.a.callIn("pm", "spawn_wait", {t.bAtom()});
    REQUIRE(pid.find("<") == 0);
    vm::Heap heap;
    vm::Term onA = transfer(t.a, t.a.last(), t.a, heap);
    vm::Term onB = transfer(t.a, onA, t.b, heap);
    t.b.callIn("erlang", "send", {onB, t.b.atom("go")});
    CHECK(t.a.callIn("pm", "result", {onA}) == "{ok,120}");
    std::string done = t.a.callIn("pm", "explain", {onA});
    // fac/1 was not in the Spawn (prefetch depth 0): fetched while the process waited.
    CHECK(has(done, "served => #{"));
    CHECK(!has(done, "fetch_round_trips => 0"));
    CHECK(!has(done, "objects_fetched => 0"));
    CHECK(has(t.a.callIn("pm", "explain", {t.a.atom("not_a_pid")}), "badarg"));
}

} // namespace pfun::testing
