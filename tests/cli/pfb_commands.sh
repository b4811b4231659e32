#!/bin/sh
# The pfun executable end to end with .pfb files: `pfun compile` writes an image that
# `pfun run` runs and `pfun disasm` lists exactly as from source; a damaged image and a
# source with errors give their exit codes.
# Usage: pfb_commands.sh PFUN EXAMPLES_DIR
set -u
pfun=$1
examples=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for src in "$examples"/*.erl; do
  name=$(basename "$src" .erl)
  "$pfun" compile "$src" -o "$dir/$name.pfb" || fail "compile $name"
  "$pfun" disasm "$src" > "$dir/$name.src.txt" || fail "disasm $name.erl"
  "$pfun" disasm "$dir/$name.pfb" > "$dir/$name.pfb.txt" || fail "disasm $name.pfb"
  cmp -s "$dir/$name.src.txt" "$dir/$name.pfb.txt" || fail "listings of $name differ"
  "$pfun" run "$src" > "$dir/$name.src.out" 2>&1; a=$?
  "$pfun" run "$dir/$name.pfb" > "$dir/$name.pfb.out" 2>&1; b=$?
  [ "$a" = "$b" ] || fail "$name: exit codes $a (source) and $b (image)"
  # Crash reports of spawned processes carry a timestamp: compare without it.
  for o in src pfb; do
    sed 's/^=ERROR REPORT====.*===$/=ERROR REPORT====/' "$dir/$name.$o.out" > "$dir/$name.$o.cmp"
  done
  cmp -s "$dir/$name.src.cmp" "$dir/$name.pfb.cmp" || fail "outputs of $name differ"
done

printf 'main(_) -> X.\n' > "$dir/bad.erl"
"$pfun" compile "$dir/bad.erl" 2> "$dir/bad.err"; rc=$?
[ "$rc" = 3 ] || fail "compile error exit code $rc, expected 3"
[ ! -e "$dir/bad.pfb" ] || fail "an image was written for a source with errors"

first=$(ls "$dir"/*.pfb | head -n 1)
head -c 40 "$first" > "$dir/cut.pfb"
"$pfun" run "$dir/cut.pfb" 2> "$dir/cut.err"; rc=$?
[ "$rc" = 3 ] || fail "damaged image exit code $rc, expected 3"
grep -q "truncated .pfb file" "$dir/cut.err" || fail "no reason for the damaged image"
"$pfun" disasm "$dir/cut.pfb" 2> /dev/null; rc=$?
[ "$rc" = 3 ] || fail "disasm of a damaged image: exit code $rc, expected 3"
echo "ok"
