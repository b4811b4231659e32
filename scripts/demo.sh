#!/usr/bin/env bash
# The README's demo: runs the example programs with the freshly built pfun.
set -euo pipefail
pfun=${1:-build/cli/pfun}
cd "$(dirname "$0")/.."
for f in examples/*.erl; do
  echo "== pfun run $f"
  "$pfun" run "$f"
done
