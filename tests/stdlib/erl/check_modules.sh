#!/bin/sh
# Checks the library modules written in Erlang (stdlib/erl/*.erl) against OTP: each is
# compiled with erlc under a renamed module (pfun_<name>), then COMPARE (an Erlang
# module in this directory; compare_modules by default) runs calls on both and its
# run/0 answers the exit code. compare_modules checks a set of calls (results, or
# exception class and reason); compare_containers random operation sequences, whose
# trees, lists and answers must equal those of OTP's own module.
# usage: check_modules.sh ERLC ERL STDLIB_ERL_DIR [COMPARE]
set -eu
ERLC=$1
ERL=$2
SRC=$3
COMPARE=${4:-compare_modules}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for f in "$SRC"/*.erl; do
  m=$(basename "$f" .erl)
  sed "s/^-module($m)\./-module(pfun_$m)./" "$f" > "$WORK/pfun_$m.erl"
  "$ERLC" -o "$WORK" "$WORK/pfun_$m.erl"
done
"$ERLC" -o "$WORK" "$HERE/$COMPARE.erl"
"$ERL" -noshell -pa "$WORK" -eval "halt($COMPARE:run())"
