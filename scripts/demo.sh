#!/usr/bin/env bash
# The README's demo: runs the example programs with the freshly built pfun, then the
# seed 003 use case (cpx_math:fac/1 built on bsc_math:mult/2, loaded from the code
# path on first call). The nodes milestone turns this into the two-node scenario.
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
