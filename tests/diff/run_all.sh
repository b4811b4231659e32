#!/usr/bin/env bash
# Runs every differential program, pending ones included, and prints PASS/FAIL per
# program with the first differing line, then a summary. A developer's tool for
# triage; ctest (diff/NAME) is what CI runs.
#
# usage: tests/diff/run_all.sh [PFUN] [PROGRAM-NAME...]
#   PFUN defaults to build/cli/pfun; names default to every tests/diff/*.erl.
#   PFUN_DIFF_JOBS (default 2) programs run at a time.
#   With PFUN_DIFF_NEWLY_PASSING=1, also lists the pending programs that now pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
pfun=${1:-build/cli/pfun}
shift || true
case $pfun in /*) ;; */*) pfun=$(pwd)/$pfun ;; esac
erlc=$(command -v erlc) erl=$(command -v erl)
cache=${PFUN_DIFF_CACHE:-$here/../../build/tests/diff/erl-cache}
jobs=${PFUN_DIFF_JOBS:-2}
out=$(mktemp -d "${TMPDIR:-/tmp}/pfun-diff-all.XXXXXX")
trap 'rm -rf "$out"' EXIT

if [ $# -gt 0 ]; then names=("$@"); else
  names=(); for f in "$here"/*.erl; do names+=("$(basename "$f" .erl)"); done
fi

export pfun erlc erl cache out here
printf '%s\n' "${names[@]}" | xargs -P "$jobs" -I{} bash -c '
  if "$here/run_diff.sh" "$pfun" "$erlc" "$erl" "$here/{}.erl" "$cache" >"$out/{}.log" 2>&1; then
    echo PASS >"$out/{}.st"
  else
    echo FAIL >"$out/{}.st"
  fi'

pass=0 fail=0
for n in "${names[@]}"; do
  st=$(cat "$out/$n.st" 2>/dev/null || echo FAIL)
  if [ "$st" = PASS ]; then
    pass=$((pass + 1))
    printf 'PASS %s\n' "$n"
  else
    fail=$((fail + 1))
    first=$(grep -m1 -E '^[-+][^-+]' "$out/$n.log" | cut -c1-100)
    printf 'FAIL %-24s %s\n' "$n" "$first"
  fi
done
echo "== $pass passed, $fail failed, $((pass + fail)) programs"
if [ "${PFUN_DIFF_NEWLY_PASSING:-0}" = 1 ]; then
  for n in "${names[@]}"; do
    if [ "$(cat "$out/$n.st")" = PASS ] && grep -q "^$n " "$here/pending.txt"; then
      echo "newly passing (remove from pending.txt): $n"
    fi
  done
fi
[ $fail -eq 0 ]
