#!/usr/bin/env bash
# Lazy shipping in steady state (`make bench` runs this after bench/dist.sh): once a
# lazily shipped closure has been fetched, does a call into it cost more than a call
# into code the node compiled itself? Node B times fib(27) with its calls spread
# over three functions (about 1.3 million calls), inside the process that runs it, as
# shipped code (bench/steady/steady_work.erl, lazy, prefetch depth 0) and as its
# own code (steady_local, the same file renamed, which B compiles from its directory).
# A ratio near 1.00 means the call sites point straight at fetched code.
#
# usage: bench/steady.sh [PFUN]   (best of $BENCH_RUNS timings each, default 5)
set -u
pfun=${1:-build/cli/pfun}
case $pfun in /*) ;; */*) pfun=$(pwd)/$pfun ;; esac
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-5}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pfun-steady.XXXXXX")
bpid=
cleanup() {
  if [ -n "$bpid" ]; then
    kill -9 "$bpid" 2>/dev/null
    wait "$bpid" 2>/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

head -c 32 /dev/urandom >"$tmp/secret"
chmod 600 "$tmp/secret"
mkdir -p "$tmp/b"
cp bench/steady/steady_b.erl "$tmp/b/"
# B's own copy of the work: the same functions under another module name.
sed 's/^-module(steady_work)\./-module(steady_local)./' bench/steady/steady_work.erl \
  >"$tmp/b/steady_local.erl"
"$pfun" run --name b@127.0.0.1:0 --secret-file "$tmp/secret" "$tmp/b/steady_b.erl" \
  >"$tmp/b.out" 2>"$tmp/b.err" &
bpid=$!
i=0
while [ $i -lt 200 ] && ! grep -q @ "$tmp/b.out" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
b=$(head -n1 "$tmp/b.out")
timeout 120 "$pfun" run -pa bench/steady --name a@127.0.0.1:0 --secret-file "$tmp/secret" \
  bench/steady/steady_a.erl "$b" "$runs" >"$tmp/a.out" 2>"$tmp/a.err"

key() { sed -n "s/^$1=//p" "$tmp/a.out" | head -n1; }
shipped=$(key shipped_us)
local_us=$(key local_us)
echo
echo "lazy shipping in steady state (node B, fib(27) in three functions, best of $runs)"
if [ -z "$shipped" ] || [ -z "$local_us" ]; then
  echo "  n/a (node A said:)"
  sed 's/^/    /' "$tmp/a.err" "$tmp/a.out"
  exit 0
fi
printf '  %-44s %10s\n' "shipped lazily, after warm-up, us" "$shipped" \
  "compiled on B itself, us" "$local_us"
printf '  %-44s %10s\n' "shipped / own" "$(awk -v a="$shipped" -v b="$local_us" 'BEGIN { printf "%.2f", a / b }')"
printf '  %-44s %10s\n' "fetch round trips of the warm-up runs" "$(key warmup_fetches)" \
  "fetch round trips after them" "$(key fetches_after_warmup)"
