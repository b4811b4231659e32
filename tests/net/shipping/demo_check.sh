#!/bin/sh
# The two-node part of `make demo` as separate OS processes: the receiving nodes
# have no code path, so the results prove the code travelled; eager needs no fetch
# round trip, lazy does, and a second identical spawn ships nothing new.
# usage: demo_check.sh PFUN REPO_ROOT
set -u
out=$(bash "$2/scripts/demo.sh" "$1" 2>&1) || { echo "$out"; echo "FAIL: demo exited $?"; exit 1; }
check() {
    echo "$out" | grep -q -- "$1" || { echo "$out"; echo "FAIL: no line matching: $1"; exit 1; }
}
check "cpx_math, fac, \[6\]) -> <.*{ok,720}"
check "fib(10) end): {ok,775}"
check "the same pfun again: {ok,775}"
check "after spawn/4: shipped 2 objects .*, served 0 fetch round trips"
check "after spawn/4: shipped 2 objects .*, served 1 fetch round trips"
check "after the second pfun: shipped 4 objects (.* bytes), served 2 fetch round trips, 6 objects already there"
echo "demo ok"
