#!/usr/bin/env bash
# The README's demo: runs the example programs with the freshly built pfun, then the
# seed 003 use case (cpx_math:fac/1 built on bsc_math:mult/2, loaded from the code
# path on first call), then the two-node scenario: the same code shipped to nodes
# that do not have it, eagerly and lazily (examples/seed003/ship_demo.erl).
set -euo pipefail
cd "$(dirname "$0")/.."
pfun=${1:-build/cli/pfun}
for f in examples/*.erl; do
  echo "== pfun run $f"
  "$pfun" run "$f"
done
echo "== pfun run examples/seed003/main.erl"
"$pfun" run examples/seed003/main.erl
echo "== pfun repl (scripted)"
printf 'F = fun(N) -> cpx_math:fac(N) end.\nF(6) + cpx_math:fib(2).\n' | "$pfun" repl --pa examples/seed003

# Two nodes: code shipping. The receiving nodes run in an empty directory with no
# code path, so cpx_math and bsc_math can only reach them over the wire.
echo "== two nodes: seed 003 shipped eagerly and lazily"
pfun_abs=$(cd "$(dirname "$pfun")" && pwd)/$(basename "$pfun")
dir=$(mktemp -d)
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
head -c 32 /dev/urandom > "$dir/secret"
chmod 600 "$dir/secret"
started=""
start_node() { # name: starts it, sets $started to its full name once it listens
  # Not in a command substitution: $pids must reach the cleanup. The node's file
  # descriptors other than its output are closed (a caller's lock stays the caller's).
  (cd "$dir" && exec "$pfun_abs" node --name "$1@127.0.0.1:0" --secret-file secret \
     > "$1.out" 2> "$1.err" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-) &
  pids="$pids $!"
  for _ in $(seq 400); do
    grep -q listening "$dir/$1.out" 2>/dev/null && break
    sleep 0.05
  done
  started=$(sed -n 's/^node \([^ ]*\) listening.*/\1/p' "$dir/$1.out")
}
start_node eager_m
eager=$started
start_node lazy_m
lazy=$started
[ -n "$eager" ] && [ -n "$lazy" ] || { echo "demo: the nodes did not start"; cat "$dir"/*.err; exit 1; }
"$pfun" run --name demo@127.0.0.1:0 --secret-file "$dir/secret" --connect "$eager" \
  --connect "$lazy" examples/seed003/ship_demo.erl "$eager" "$lazy"
