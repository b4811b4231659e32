#!/bin/sh
# Checks the library modules written in Erlang (stdlib/erl/*.erl) against OTP:
# each is compiled with erlc under a renamed module (pfun_<name>) and a set of calls
# is compared with OTP's own module (results, or exception class and reason).
# usage: check_modules.sh ERLC ERL STDLIB_ERL_DIR
set -eu
ERLC=$1
ERL=$2
SRC=$3
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for f in "$SRC"/*.erl; do
  m=$(basename "$f" .erl)
  sed "s/^-module($m)\./-module(pfun_$m)./" "$f" > "$WORK/pfun_$m.erl"
  "$ERLC" -o "$WORK" "$WORK/pfun_$m.erl"
done
"$ERLC" -o "$WORK" "$HERE/compare_modules.erl"
"$ERL" -noshell -pa "$WORK" -eval 'halt(compare_modules:run())'
