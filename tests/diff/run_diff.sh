#!/usr/bin/env bash
# Differential test: runs one Erlang program under erl (the oracle) and under
# `pfun run`, and fails with a unified diff when stdout or the exit status
# (zero vs non-zero) differ. A program erl cannot run (it uses pfun) has its
# expected output checked in as NAME.expected, which replaces erl. stderr is not compared: stack traces and crash
# reports are formatted differently on purpose.
#
# usage: run_diff.sh PFUN ERLC ERL PROGRAM.erl [CACHE_DIR]
#
# Helper modules (modules without main/1 that programs call) live in lib/ next
# to this script; they are compiled for erl and put on pfun's code path with
# PFUN_PATH. When CACHE_DIR is given, erl's output is kept there keyed by a
# checksum of the program and the helpers, so reruns skip erlc and erl.
set -u

if [ $# -lt 4 ]; then
  echo "usage: $0 PFUN ERLC ERL PROGRAM.erl [CACHE_DIR]" >&2
  exit 2
fi
pfun=$1 erlc=$2 erl=$3 prog=$4 cache=${5:-}
limit=${PFUN_DIFF_TIMEOUT:-60}

name=$(basename "$prog" .erl)
dir=$(cd "$(dirname "$prog")" && pwd)
libdir=$dir/lib
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pfun-diff.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

status_kind() { if [ "$1" -eq 0 ]; then echo "exit status: zero"; else echo "exit status: non-zero"; fi; }

# ---- the oracle: NAME.expected when there is one (programs erl cannot run, such
# as those using pfun: it holds the expected stdout and the exit status line),
# else erl ----
key=""
if [ -n "$cache" ]; then
  mkdir -p "$cache"
  key=$(cat "$prog" "$libdir"/*.erl 2>/dev/null | cksum | tr ' ' '_')
fi
oracle=erl
if [ -f "$dir/$name.expected" ]; then
  cp "$dir/$name.expected" "$tmp/expected"
  oracle=$name.expected
elif [ -n "$key" ] && [ -f "$cache/$name.key" ] && [ "$(cat "$cache/$name.key")" = "$key" ]; then
  cp "$cache/$name.expected" "$tmp/expected"
else
  mkdir -p "$tmp/ebin"
  for f in "$prog" "$libdir"/*.erl; do
    [ -f "$f" ] || continue
    if ! "$erlc" -o "$tmp/ebin" "$f" >"$tmp/erlc.log" 2>&1; then
      echo "erlc failed on $f (the program itself is wrong):" >&2
      cat "$tmp/erlc.log" >&2
      exit 2
    fi
  done
  eval_expr="try $name:main([]) of _ -> halt(0) catch C:R:S -> io:format(standard_error, \"~p~n\", [{C,R,S}]), halt(1) end."
  timeout "$limit" "$erl" -noshell -pa "$tmp/ebin" -eval "$eval_expr" >"$tmp/erl.out" 2>"$tmp/erl.err" </dev/null
  st=$?
  # erl's logger prints crash reports of spawned processes on standard output,
  # with a timestamp and a pid, and only if it gets to before halt: drop them
  # (pfun prints its reports on stderr).
  awk '/^=ERROR REPORT====/ { skip = 1; next } skip && /^$/ { skip = 0; next } !skip' \
    "$tmp/erl.out" >"$tmp/expected"
  status_kind $st >>"$tmp/expected"
  if [ -n "$key" ]; then
    cp "$tmp/expected" "$cache/$name.expected"
    echo "$key" >"$cache/$name.key"
  fi
fi

# ---- the subject: pfun run ----
PFUN_PATH="$libdir${PFUN_PATH:+:$PFUN_PATH}" timeout "$limit" "$pfun" run "$prog" >"$tmp/actual" 2>"$tmp/pfun.err" </dev/null
st=$?
[ $st -eq 124 ] && echo "pfun run: timed out after ${limit}s" >>"$tmp/pfun.err"
status_kind $st >>"$tmp/actual"

if diff -u --label "$oracle: $name" --label "pfun run: $name" "$tmp/expected" "$tmp/actual" >"$tmp/diff"; then
  exit 0
fi
head -c 20000 "$tmp/diff"
echo "---- pfun stderr (first lines) ----"
head -n 20 "$tmp/pfun.err"
exit 1
