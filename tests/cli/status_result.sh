#!/bin/sh
# `pfun status` and `pfun result` against nodes in other OS processes: a `pfun run`
# node j (with --policy and --code-cache) prints the pids of a process that ends
# with a value, one that exits with a reason and one that never ends; a client ships
# a pfun to j (kept in j's code cache); a plain node k connects to j. Then: status as a table and as JSON (connected nodes,
# the policy, the shipping counters in total and for the client); result of each pid
# (value printed as ~p and exit 0, {error,{exit,boom}} exit 1, timeout exit 5, noproc
# exit 1, a malformed pid exit 2); a wrong secret and an unreachable node (exit 4 with
# a clear message); and a result wait cut by kill -9 of j (noconnection, exit 4).
# Every command that could hang runs under `timeout`; waits poll with a deadline.
# usage: status_result.sh PFUN DIR_WITH_SCRIPTS
set -u
PFUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
DIR=$(mktemp -d)
JPID= KPID= WPID=
cleanup() {
    for p in $JPID $KPID $WPID; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$DIR"
}
trap cleanup EXIT
. "$(dirname "$0")/../lib/node_scripts.sh"
T="timeout 60"

new_secret "$DIR/secret"
new_secret "$DIR/other"
printf '[loading]\nmode = "eager"\n' > "$DIR/eager.toml"

(cd "$DIR" && exec "$PFUN" run --name j@127.0.0.1:0 --secret-file secret --policy eager.toml \
    --code-cache cache "$SRC/status_job.erl" > j.out 2> j.err 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-) &
JPID=$!
wait_line "$DIR/j.out" "^forever" || fail "node j did not start"
J=$(sed -n 's/^node //p' "$DIR/j.out")
DONE=$(sed -n 's/^done //p' "$DIR/j.out")
CRASH=$(sed -n 's/^crash //p' "$DIR/j.out")
FOREVER=$(sed -n 's/^forever //p' "$DIR/j.out")

"$PFUN" node --name k@127.0.0.1:0 --secret-file "$DIR/secret" --connect "$J" \
    > "$DIR/k.out" 2> "$DIR/k.err" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
KPID=$!
wait_line "$DIR/k.out" listening || fail "node k did not start"
K=$(sed -n 's/^node \([^ ]*\) listening.*/\1/p' "$DIR/k.out")

# A client ships a pfun to j: one spawn served there, counted for that client.
cat > "$DIR/shipper.erl" <<'ERL'
-module(shipper).
-export([main/1]).
main([N]) ->
    P = spawn(list_to_atom(N), pfun () -> lists:sum([1, 2, 3]) * 7 end),
    io:format("shipped ~p~n", [get_result(P, 10000)]).
ERL
$T "$PFUN" run --name shipper@127.0.0.1:0 --secret-file "$DIR/secret" "$DIR/shipper.erl" "$J" \
    > "$DIR/shipper.out" 2> "$DIR/shipper.err" || fail "the shipping client failed"
grep -q "shipped {ok,42}" "$DIR/shipper.out" || fail "the pfun did not run on j"
SHIPPER=$(sed -n 's/.*connected to \(shipper@[^ ]*\).*/\1/p' "$DIR/j.err" | head -n 1)
[ -n "$SHIPPER" ] || fail "j did not log the shipping client's connection"
[ -n "$(ls "$DIR/cache")" ] || fail "the shipped code was not kept in j's --code-cache"

# ---- status, human ----
$T "$PFUN" status --node "$J" --secret-file "$DIR/secret" > "$DIR/status.out" 2> "$DIR/status.err"
rc=$?
[ $rc -eq 0 ] || fail "status: exit code $rc"
grep -q "^node  *$J\$" "$DIR/status.out" || fail "status: no node line"
grep -q "^policy  *eager.toml\$" "$DIR/status.out" || fail "status: no policy line"
grep -q "^processes  *[0-9][0-9]*\$" "$DIR/status.out" || fail "status: no process count"
grep -q "^  *$K\$" "$DIR/status.out" || fail "status: k is not listed as connected"
grep -q "^uptime  *[0-9]" "$DIR/status.out" || fail "status: no uptime"
grep -q "^frames  *in [1-9][0-9]*, out [1-9][0-9]* ([1-9][0-9]* socket writes)$" "$DIR/status.out" || fail "status: no frames"
# The total row and the client's row: spawns sent 0, spawns served 1.
grep -q "^total  *0  *1 " "$DIR/status.out" || fail "status: total spawns served is not 1"
grep -q "^$SHIPPER  *0  *1 " "$DIR/status.out" || fail "status: no row for the shipping client"
grep -q "status-" "$DIR/status.out" && fail "status: the asking node shows itself"

# ---- status, JSON ----
$T "$PFUN" status --node "$J" --secret-file "$DIR/secret" --json > "$DIR/json.out" \
    2> "$DIR/json.err"
rc=$?
[ $rc -eq 0 ] || fail "status --json: exit code $rc"
[ "$(wc -l < "$DIR/json.out")" -eq 1 ] || fail "status --json: not one line"
grep -q "^{.*}\$" "$DIR/json.out" || fail "status --json: not an object"
grep -q "\"node\":\"$J\"" "$DIR/json.out" || fail "status --json: no node"
grep -q "\"connected\":\[\"$K\"\]" "$DIR/json.out" || fail "status --json: connected is not [k]"
grep -q '"policy":"eager.toml"' "$DIR/json.out" || fail "status --json: no policy"
grep -q "\"$SHIPPER\":{[^}]*\"spawns_served\":1" "$DIR/json.out" ||
    fail "status --json: no counters for the shipping client"
grep -q '"shipping":{.*"tables":{' "$DIR/json.out" || fail "status --json: no request tables"
grep -q '"total":{[^}]*"spawns_served":1[,}]' "$DIR/json.out" ||
    fail "status --json: total spawns served is not 1"
if command -v python3 > /dev/null; then
    python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
assert s["node"] == sys.argv[2], s["node"]
assert isinstance(s["processes"], int) and s["processes"] >= 3
assert s["shipping"]["total"]["spawns_served"] == 1
assert s["net"]["frames_in"] > 0
' "$DIR/json.out" "$J" || fail "status --json: not the JSON expected"
fi

# ---- result ----
$T "$PFUN" result --node "$J" --secret-file "$DIR/secret" "$DONE" > "$DIR/done.out" \
    2> "$DIR/done.err"
rc=$?
[ $rc -eq 0 ] || fail "result of a finished process: exit code $rc"
grep -q '^{done,"text",\[1,2,3\],#{k => 1.5}}$' "$DIR/done.out" || fail "result: not the value"

$T "$PFUN" result --node "$J" --secret-file "$DIR/secret" "$CRASH" > "$DIR/crash.out" \
    2> "$DIR/crash.err"
rc=$?
[ $rc -eq 1 ] || fail "result of a crashed process: exit code $rc, expected 1"
grep -q "{error,{exit,boom}}" "$DIR/crash.err" || fail "result: the crash is not shown"
[ -s "$DIR/crash.out" ] && fail "result: an error printed on stdout"

$T "$PFUN" result --node "$J" --secret-file "$DIR/secret" --timeout 200 "$FOREVER" \
    > "$DIR/timeout.out" 2> "$DIR/timeout.err"
rc=$?
[ $rc -eq 5 ] || fail "result with a timeout: exit code $rc, expected 5"
grep -q "{error,timeout}" "$DIR/timeout.err" || fail "result: the timeout is not shown"

$T "$PFUN" result --node "$J" --secret-file "$DIR/secret" "<0.99999.0>" > "$DIR/noproc.out" \
    2> "$DIR/noproc.err"
rc=$?
[ $rc -eq 1 ] || fail "result of no process: exit code $rc, expected 1"
grep -q "{error,noproc}" "$DIR/noproc.err" || fail "result: noproc is not shown"

$T "$PFUN" result --node "$J" --secret-file "$DIR/secret" "<0.1" > "$DIR/bad.out" \
    2> "$DIR/bad.err"
rc=$?
[ $rc -eq 2 ] || fail "result of a malformed pid: exit code $rc, expected 2"

# ---- a wrong secret, an unreachable node ----
$T "$PFUN" status --node "$J" --secret-file "$DIR/other" > "$DIR/wrong.out" 2> "$DIR/wrong.err"
rc=$?
[ $rc -eq 4 ] || fail "status with a wrong secret: exit code $rc, expected 4"
grep -q "wrong secret" "$DIR/wrong.err" || fail "status with a wrong secret: not said"
grep -q "pfun status: cannot reach $J" "$DIR/wrong.err" || fail "status: no clear message"
$T "$PFUN" result --node "$J" --secret-file "$DIR/other" "$DONE" > "$DIR/wrong2.out" \
    2> "$DIR/wrong2.err"
rc=$?
[ $rc -eq 4 ] || fail "result with a wrong secret: exit code $rc, expected 4"
grep -q "wrong secret" "$DIR/wrong2.err" || fail "result with a wrong secret: not said"

$T "$PFUN" status --node "j@127.0.0.1" --secret-file "$DIR/secret" > "$DIR/name.out" \
    2> "$DIR/name.err"
rc=$?
[ $rc -eq 2 ] || fail "status of a malformed node name: exit code $rc, expected 2"
grep -q "expected name@host:port" "$DIR/name.err" || fail "a malformed node name: not said"

# k's port is free once k is stopped: nothing listens there.
kill -TERM "$KPID"
timeout 20 sh -c "while kill -0 $KPID 2>/dev/null; do sleep 0.05; done" || fail "k did not stop"
KPID=
$T "$PFUN" status --node "$K" --secret-file "$DIR/secret" > "$DIR/gone.out" 2> "$DIR/gone.err"
rc=$?
[ $rc -eq 4 ] || fail "status of an unreachable node: exit code $rc, expected 4"
grep -q "pfun status: cannot reach $K" "$DIR/gone.err" || fail "unreachable: no clear message"
$T "$PFUN" result --node "$K" --secret-file "$DIR/secret" "$DONE" > "$DIR/gone2.out" \
    2> "$DIR/gone2.err"
rc=$?
[ $rc -eq 4 ] || fail "result from an unreachable node: exit code $rc, expected 4"

# ---- a result wait cut by the node's death ----
# queries: the result queries j has served so far (from its status).
queries() {
    $T "$PFUN" status --node "$J" --secret-file "$DIR/secret" --json 2> /dev/null |
        sed -n 's/.*"total":{[^}]*"result_queries":\([0-9]*\).*/\1/p'
}
before=$(queries)
[ -n "$before" ] || fail "no result_queries count in j's status"
"$PFUN" result --node "$J" --secret-file "$DIR/secret" "$FOREVER" > "$DIR/cut.out" \
    2> "$DIR/cut.err" &
WPID=$!
# Kill j only once it serves the waiting query (not before the client got there).
i=0
while now=$(queries) && [ "${now:-0}" -le "$before" ]; do
    i=$((i + 1))
    [ $i -lt 400 ] || fail "the waiting result's query did not reach j"
    sleep 0.05
done
kill -9 "$JPID"
JPID=
timeout 30 sh -c "while kill -0 $WPID 2>/dev/null; do sleep 0.05; done" ||
    fail "result did not end when its node died"
wait "$WPID"
rc=$?
WPID=
[ $rc -eq 4 ] || fail "result cut by the node's death: exit code $rc, expected 4"
grep -q "noconnection" "$DIR/cut.err" || fail "result cut by the node's death: no noconnection"
echo PASS
