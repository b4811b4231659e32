#!/bin/sh
# Shipping faults between OS processes: the target node is killed (-9) while a
# shipped process runs there, and while a closure of a few megabytes is on its way
# to it (the node is stopped first, so the code cannot have arrived). The caller
# must get {error, noconnection} (a spawn cut short returns a pid that exited so), 'DOWN'
# and 'EXIT' with noconnection, and never hang; its node keeps working.
# usage: faults.sh PFUN DIR_WITH_SCRIPTS
set -u
PFUN=$1
case $PFUN in /*) ;; *) PFUN=$(pwd)/$PFUN ;; esac
SRC=$2
DIR=$(mktemp -d)
APID= BPID=
cleanup() {
    for p in $APID $BPID; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$DIR"
}
trap cleanup EXIT
. "$(dirname "$0")/../../lib/node_scripts.sh"
# start_b: a fresh node B with no code path of its own.
start_b() {
    mkdir -p "$DIR/b"
    rm -f "$DIR/b.out" "$DIR/b.err" # the last B's name must not be read for this one
    (cd "$DIR/b" && exec "$PFUN" node --name b@127.0.0.1:0 --secret-file "$DIR/secret") \
        > "$DIR/b.out" 2> "$DIR/b.err" &
    BPID=$!
    wait_line "$DIR/b.out" listening || fail "node b did not start"
    B=$(sed -n 's/^node \([^ ]*\) listening.*/\1/p' "$DIR/b.out")
}

new_secret "$DIR/secret"
cp "$SRC/faults_client.erl" "$DIR/"

# A module of 40 functions, each with a 100 KB string literal: about 4 MB of code.
{
    echo "-module(big)."
    echo "-export([all/0])."
    printf "all() -> lists:sum(["
    i=1
    while [ $i -le 40 ]; do
        [ $i -gt 1 ] && printf ", "
        printf "length(f%d())" $i
        i=$((i + 1))
    done
    echo "])."
    pad=$(head -c 100000 /dev/zero | tr '\0' 'x')
    i=1
    while [ $i -le 40 ]; do
        echo "f$i() -> \"$i$pad\"."
        i=$((i + 1))
    done
} > "$DIR/big.erl"

# ---- killed while a shipped process runs ----
start_b
"$PFUN" run --name a@127.0.0.1:0 --secret-file "$DIR/secret" --connect "$B" \
    "$DIR/faults_client.erl" run "$B" > "$DIR/a.out" 2> "$DIR/a.err" &
APID=$!
wait_line "$DIR/a.out" "running true" || fail "the remote process did not start"
kill -9 "$BPID"
BPID=
i=0
while kill -0 "$APID" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
kill -0 "$APID" 2>/dev/null && fail "the caller hangs after its target node died"
wait "$APID"
rc=$?
APID=
[ $rc -eq 0 ] || fail "run: caller exit code $rc"
grep -q "^down noconnection" "$DIR/a.out" || fail "run: no 'DOWN' with noconnection"
grep -q "^exit noconnection" "$DIR/a.out" || fail "run: no 'EXIT' with noconnection"
grep -q "^result {error,noconnection}" "$DIR/a.out" || fail "run: get_result is not {error,noconnection}"

# ---- killed while the code is on its way ----
start_b
"$PFUN" run --name a@127.0.0.1:0 --secret-file "$DIR/secret" --connect "$B" \
    "$DIR/faults_client.erl" transfer "$B" > "$DIR/a.out" 2> "$DIR/a.err" &
APID=$!
wait_line "$DIR/a.out" "^ready" || fail "transfer: the caller did not connect"
kill -STOP "$BPID"
wait_line "$DIR/a.out" "^spawning" || fail "transfer: the caller did not start the spawn"
sleep 0.3
kill -9 "$BPID"
BPID=
i=0
while kill -0 "$APID" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
kill -0 "$APID" 2>/dev/null && fail "transfer: the caller hangs after its target node died"
wait "$APID"
rc=$?
APID=
[ $rc -eq 0 ] || fail "transfer: caller exit code $rc"
grep -q "^outcome {spawned,{error,noconnection}}" "$DIR/a.out" ||
    fail "transfer: the spawn cut by the node's death did not return a pid that exited with noconnection"
grep -q "^lost monitor noconnection" "$DIR/a.out" || fail "spawn_monitor to a dead node: no 'DOWN' noconnection"
grep -q "^lost link noconnection" "$DIR/a.out" || fail "spawn_link to a dead node: no 'EXIT' noconnection"
grep -q "^lost result {error,noconnection}" "$DIR/a.out" || fail "get_result of a lost spawn is not {error,noconnection}"
grep -q "^lost node true" "$DIR/a.out" || fail "the pid of a lost spawn does not name its node"
grep -q "^alive 55" "$DIR/a.out" || fail "transfer: the caller's node did not go on working"
echo PASS
