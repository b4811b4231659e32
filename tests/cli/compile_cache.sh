#!/bin/sh
# The compiled-script cache of `pfun run` (cli/compile_cache.h): an unchanged script
# is loaded from its entry instead of compiled, and behaves exactly as when compiled;
# an edited script, a damaged entry, an -include or a disabled cache all compile.
# usage: compile_cache.sh PFUN
set -u
PFUN=$1
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
. "$(dirname "$0")/../lib/node_scripts.sh" # fail
CACHE="$DIR/cache"
export PFUN_CACHE_DIR="$CACHE"
entries() { ls "$CACHE" 2>/dev/null | grep -c '\.pfc$'; }

# A script whose output shows what compilation decides: a stack trace with lines,
# module_info, a fun's identity and environment, literals of every kind, a bignum.
cat > "$DIR/prog.erl" <<'ERL'
-module(prog).
-export([main/1, crash/1]).
-vsn(3).
crash(X) -> 1 / X.
main(Args) ->
    F = fun(Y) -> {Y, Args} end,
    io:format("~p~n", [F(x)]),
    io:format("~p~n", [erlang:fun_info(F, arity)]),
    io:format("~p~n", [{<<"bin">>, [1.5, "str", #{k => v}], 123456789012345678901234567890}]),
    io:format("~p~n", [proplists:get_value(vsn, prog:module_info(attributes))]),
    io:format("~p~n", [lists:sort(prog:module_info(exports))]),
    try crash(0) catch error:R:S -> io:format("~p ~p~n", [R, lists:nth(2, S)]) end.
ERL
"$PFUN" run "$DIR/prog.erl" a b > "$DIR/first.out" 2> "$DIR/first.err" || fail "first run"
[ "$(entries)" -eq 1 ] || fail "the first run left $(entries) entries, expected 1"
# The second run loads the entry (the compiler is not needed: an unreadable source
# directory would not matter, but the path must stay the same) and prints the same.
"$PFUN" run "$DIR/prog.erl" a b > "$DIR/second.out" 2> "$DIR/second.err" || fail "second run"
cmp -s "$DIR/first.out" "$DIR/second.out" || fail "a cached run differs: $(diff "$DIR/first.out" "$DIR/second.out")"
grep -q '123456789012345678901234567890' "$DIR/second.out" || fail "bignum literal lost"
grep -q 'badarith {prog,crash,1,.*{line,4}' "$DIR/second.out" || fail "stack trace lost"
# --no-cache compiles, and prints the same again.
"$PFUN" run --no-cache "$DIR/prog.erl" a b > "$DIR/third.out" 2>&1 || fail "--no-cache run"
cmp -s "$DIR/first.out" "$DIR/third.out" || fail "--no-cache differs"

# An edited script (same path) is compiled again: its entry is replaced, not added to.
sed -i 's/-vsn(3)/-vsn(4)/' "$DIR/prog.erl"
"$PFUN" run "$DIR/prog.erl" > "$DIR/edited.out" 2>&1 || fail "edited run"
grep -q '^\[4\]$' "$DIR/edited.out" || fail "a stale entry was used: $(cat "$DIR/edited.out")"
[ "$(entries)" -eq 1 ] || fail "editing left $(entries) entries"

# A damaged entry is refused by the verifying reader: the script compiles and runs.
entry=$(ls "$CACHE"/*.pfc)
size=$(wc -c < "$entry")
head -c 200 "$entry" > "$DIR/damaged"
head -c $((size - 200)) /dev/zero >> "$DIR/damaged"
cp "$DIR/damaged" "$entry"
"$PFUN" run "$DIR/prog.erl" > "$DIR/damaged.out" 2>&1 || fail "run over a damaged entry"
grep -q '^\[4\]$' "$DIR/damaged.out" || fail "damaged entry: $(cat "$DIR/damaged.out")"
cmp -s "$DIR/damaged" "$entry" && fail "the damaged entry was not replaced"

# A compile error is never cached, and is reported each time.
printf -- '-module(bad).\n-export([main/1]).\nmain(_) -> X.\n' > "$DIR/bad.erl"
for i in 1 2; do
    "$PFUN" run "$DIR/bad.erl" > "$DIR/bad.out" 2>&1 && fail "bad.erl ran"
    grep -q "bad.erl:3:12: error: variable 'X' is unbound" "$DIR/bad.out" || fail "bad.erl: $(cat "$DIR/bad.out")"
done
[ "$(entries)" -eq 1 ] || fail "a failed compile left an entry"

# -include: not cached (the included file is not part of the key).
printf -- '-define(WORD, first).\n' > "$DIR/word.hrl"
printf -- '-module(inc).\n-export([main/1]).\n-include("word.hrl").\nmain(_) -> io:format("~p~n", [?WORD]).\n' > "$DIR/inc.erl"
"$PFUN" run "$DIR/inc.erl" > "$DIR/inc1.out" 2>&1 || fail "inc run"
printf -- '-define(WORD, second).\n' > "$DIR/word.hrl"
"$PFUN" run "$DIR/inc.erl" > "$DIR/inc2.out" 2>&1 || fail "inc run 2"
[ "$(cat "$DIR/inc2.out")" = second ] || fail "an -include file change was missed: $(cat "$DIR/inc2.out")"
[ "$(entries)" -eq 1 ] || fail "-include was cached"

# PFUN_CACHE_DIR set but empty: no cache at all.
rm -rf "$CACHE"
PFUN_CACHE_DIR= "$PFUN" run "$DIR/prog.erl" > /dev/null 2>&1 || fail "run without cache"
[ -d "$CACHE" ] && fail "an empty PFUN_CACHE_DIR still cached"

# An unwritable cache directory costs nothing but the cache.
mkdir -p "$DIR/ro" && chmod 500 "$DIR/ro"
PFUN_CACHE_DIR="$DIR/ro/cache" "$PFUN" run "$DIR/prog.erl" > "$DIR/ro.out" 2>&1 || fail "run with an unwritable cache: $(cat "$DIR/ro.out")"
grep -q '^\[4\]$' "$DIR/ro.out" || fail "unwritable cache: output"
# A directory others may write into is not used: its entries could be anyone's code.
mkdir -p "$DIR/shared" && chmod 777 "$DIR/shared"
PFUN_CACHE_DIR="$DIR/shared" "$PFUN" run "$DIR/prog.erl" > "$DIR/shared.out" 2>&1 || fail "run with a shared cache directory"
[ -z "$(ls "$DIR/shared")" ] || fail "a world-writable cache directory was used"
echo ok
