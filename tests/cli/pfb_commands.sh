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

# Portable funs keep their flag, source text and hashes through an image: seed 003's
# pfun_info prints the same fun_info from source and from its .pfb.
mkdir "$dir/s3" && cp "$examples"/seed003/*.erl "$dir/s3/" || fail "copy seed003"
"$pfun" compile "$dir/s3/pfun_info.erl" -o "$dir/s3/pfun_info.pfb" || fail "compile pfun_info"
"$pfun" run "$dir/s3/pfun_info.erl" > "$dir/s3/src.out" 2>&1 || fail "run pfun_info.erl"
"$pfun" run "$dir/s3/pfun_info.pfb" > "$dir/s3/pfb.out" 2>&1 || fail "run pfun_info.pfb"
grep -q '{type,portable}' "$dir/s3/src.out" || fail "pfun_info printed no portable fun"
cmp -s "$dir/s3/src.out" "$dir/s3/pfb.out" || fail "pfun_info: source and image outputs differ"

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
