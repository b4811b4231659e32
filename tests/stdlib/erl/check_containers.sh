#!/bin/sh
# Checks the container and text modules written in Erlang (stdlib/erl/*.erl) against
# OTP's on random operation sequences (compare_containers.erl): each is compiled with
# erlc under a renamed module (pfun_<name>), and the trees, lists and answers must
# equal those of OTP's own module.
# usage: check_containers.sh ERLC ERL STDLIB_ERL_DIR
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
"$ERLC" -o "$WORK" "$HERE/compare_containers.erl"
"$ERL" -noshell -pa "$WORK" -eval 'halt(compare_containers:run())'
