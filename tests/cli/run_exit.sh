#!/bin/sh
# How `pfun run` ends (cli/run_command.cpp): when main/1 has ended and no other process
# is left, the executable flushes and exits at once (RunOptions::exitProcessWhenDone);
# otherwise it stops the schedulers as before. Either way all output is there and the
# exit code is main/1's outcome: 0 when it returns, 1 when it raises.
# usage: run_exit.sh PFUN
set -u
PFUN=$1
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
. "$(dirname "$0")/../lib/node_scripts.sh" # fail
program() { # NAME BODY: writes NAME.erl with main/1 = BODY
    printf -- '-module(%s).\n-export([main/1]).\nmain(_) ->\n%s.\n' "$1" "$2" > "$DIR/$1.erl"
}

# Much buffered output, then main/1 returns: every line arrives.
program many '    [io:format("line ~p~n", [I]) || I <- lists:seq(1, 20000)], ok'
timeout 60 "$PFUN" run "$DIR/many.erl" > "$DIR/many.out" 2> "$DIR/many.err"
rc=$?
[ $rc -eq 0 ] || fail "many: exit code $rc"
[ "$(wc -l < "$DIR/many.out")" -eq 20000 ] || fail "many: lines lost"
[ "$(tail -n 1 "$DIR/many.out")" = "line 20000" ] || fail "many: last line lost"

# main/1 raises: exit code 1, the error on stderr, what it printed before on stdout.
program raises '    io:format("before~n"), erlang:error(boom)'
timeout 60 "$PFUN" run "$DIR/raises.erl" > "$DIR/raises.out" 2> "$DIR/raises.err"
rc=$?
[ $rc -eq 1 ] || fail "raises: exit code $rc, expected 1"
[ "$(cat "$DIR/raises.out")" = before ] || fail "raises: stdout"
grep -q boom "$DIR/raises.err" || fail "raises: no error on stderr"

# Its processes all done first: their output is there too.
program children '    Self = self(),
    [spawn(fun() -> io:format("child ~p~n", [I]), Self ! done end) || I <- lists:seq(1, 50)],
    [receive done -> ok end || _ <- lists:seq(1, 50)],
    io:format("main done~n")'
timeout 60 "$PFUN" run "$DIR/children.erl" > "$DIR/children.out" 2> "$DIR/children.err"
rc=$?
[ $rc -eq 0 ] || fail "children: exit code $rc"
[ "$(grep -c '^child ' "$DIR/children.out")" -eq 50 ] || fail "children: output lost"
[ "$(tail -n 1 "$DIR/children.out")" = "main done" ] || fail "children: main's line"

# A process still running when main/1 returns: the program ends anyway (as erl's
# halt()), through the ordinary stop, with main's output and exit code 0.
program lingers '    spawn(fun() -> receive never -> ok end end),
    io:format("main done~n")'
timeout 60 "$PFUN" run "$DIR/lingers.erl" > "$DIR/lingers.out" 2> "$DIR/lingers.err"
rc=$?
[ $rc -eq 0 ] || fail "lingers: exit code $rc"
[ "$(cat "$DIR/lingers.out")" = "main done" ] || fail "lingers: output"
# erlang:halt/1 ends the program at once with its code, output written, even with
# processes still running; halt(Slogan) writes the slogan to stderr and exits 1.
program halts '    spawn(fun() -> receive after infinity -> ok end end),
    io:format("before halt~n"), halt(300)'
timeout 60 "$PFUN" run "$DIR/halts.erl" > "$DIR/halts.out" 2> "$DIR/halts.err"
rc=$?
[ $rc -eq 44 ] || fail "halt(300): exit code $rc, expected 44 (300 rem 256)"
[ "$(cat "$DIR/halts.out")" = "before halt" ] || fail "halt: output lost"
program slogan '    halt("bye now")'
timeout 60 "$PFUN" run "$DIR/slogan.erl" > "$DIR/slogan.out" 2> "$DIR/slogan.err"
rc=$?
[ $rc -eq 1 ] || fail "halt(Slogan): exit code $rc, expected 1"
grep -q "^bye now$" "$DIR/slogan.err" || fail "halt(Slogan): no slogan on stderr"
program halt0 '    halt()'
timeout 60 "$PFUN" run "$DIR/halt0.erl" > "$DIR/halt0.out" 2> "$DIR/halt0.err"
rc=$?
[ $rc -eq 0 ] || fail "halt(): exit code $rc"
exit 0
