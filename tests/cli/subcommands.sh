#!/bin/sh
# cli/main.cpp registers only the subcommand named by the first argument (start-up
# time) and all of them otherwise: every subcommand must still parse, help and fail
# as itself, and the top-level help and errors must still list and know all of them.
# usage: subcommands.sh PFUN
set -u
PFUN=$1
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
. "$(dirname "$0")/../lib/node_scripts.sh" # fail
ALL="version disasm run compile repl node policy status result"

"$PFUN" --help > "$DIR/help" 2>&1 || fail "pfun --help: exit code $?"
for s in $ALL; do
    grep -q "^  $s " "$DIR/help" || fail "pfun --help does not list $s"
    "$PFUN" "$s" --help > "$DIR/$s" 2>&1
    rc=$?
    # run takes its arguments raw (prefix command): its --help is its own usage text.
    if [ "$s" = run ]; then
        [ $rc -eq 0 ] || [ $rc -eq 2 ] || fail "pfun run --help: exit code $rc"
        continue
    fi
    [ $rc -eq 0 ] || fail "pfun $s --help: exit code $rc"
    grep -q "^Usage: .*pfun $s " "$DIR/$s" || fail "pfun $s --help is not $s's help"
    # Its one-line description is the one the top-level help gives for it.
    what=$(sed -n "s/^  $s  *//p" "$DIR/help")
    [ "$(head -n 1 "$DIR/$s")" = "$what" ] || fail "pfun $s --help describes another subcommand"
done
grep -q -- '--secret-file' "$DIR/node" || fail "pfun node --help lacks node's options"
grep -q -- '--node' "$DIR/status" || fail "pfun status --help lacks status's options"

[ "$("$PFUN" version)" = "pfun 0.1.0" ] || fail "pfun version"
"$PFUN" bogus > "$DIR/bogus" 2>&1
[ $? -eq 2 ] || fail "an unknown subcommand must exit 2"
"$PFUN" > "$DIR/none" 2>&1
[ $? -eq 2 ] || fail "no subcommand must exit 2"
grep -q 'subcommand is required' "$DIR/none" || fail "no subcommand: wrong message"
"$PFUN" status > "$DIR/status-usage" 2>&1
[ $? -eq 2 ] || fail "pfun status without --node must exit 2"
grep -q -- '--node is required' "$DIR/status-usage" || fail "pfun status: wrong message"
"$PFUN" run > "$DIR/run-usage" 2>&1
[ $? -eq 2 ] || fail "pfun run without FILE must exit 2"
grep -q 'missing FILE' "$DIR/run-usage" || fail "pfun run: wrong message"
exit 0
