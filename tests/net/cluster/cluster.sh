#!/bin/sh
# Nodes as separate OS processes on 127.0.0.1: `pfun node` (c), a `pfun run` script
# serving a registered process (b, connected to c), and a `pfun run` client (a,
# connected to b only) that talks to b by name and by pid, sees c through the
# transitive mesh, and gets 'DOWN' with noconnection when b is killed with -9.
# Then a wrong secret (exit 4, logged on both sides), a node started from a TOML
# config, a malformed config (exit 6 with line and column), and a clean SIGTERM stop.
# Every wait polls with a deadline; nothing sleeps longer than needed.
# usage: cluster.sh PFUN DIR_WITH_SCRIPTS
set -u
PFUN=$1
SRC=$2
DIR=$(mktemp -d)
APID= BPID= CPID= EPID=
cleanup() {
    for p in $APID $BPID $CPID $EPID; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$DIR"
}
trap cleanup EXIT
. "$(dirname "$0")/../../lib/node_scripts.sh"

new_secret "$DIR/secret"

"$PFUN" node --name c@127.0.0.1:0 --secret-file "$DIR/secret" > "$DIR/c.out" 2> "$DIR/c.err" &
CPID=$!
wait_line "$DIR/c.out" listening || fail "node c did not start"
C=$(sed -n 's/^node \([^ ]*\) listening.*/\1/p' "$DIR/c.out")

"$PFUN" run --name b@127.0.0.1:0 --secret-file "$DIR/secret" --connect "$C" "$SRC/server.erl" \
    > "$DIR/b.out" 2> "$DIR/b.err" &
BPID=$!
wait_line "$DIR/b.out" '@' || fail "node b did not start"
B=$(head -n 1 "$DIR/b.out")

"$PFUN" run --name a@127.0.0.1:0 --secret-file "$DIR/secret" --connect "$B" "$SRC/client.erl" \
    "$B" "$C" > "$DIR/a.out" 2> "$DIR/a.err" &
APID=$!
wait_line "$DIR/a.out" monitoring || fail "the client did not get its replies"
grep -q "reply by name" "$DIR/a.out" || fail "no reply by name"
grep -q "reply by pid" "$DIR/a.out" || fail "no reply by pid"
grep -q "mesh ok" "$DIR/a.out" || fail "the mesh did not bring c in"

kill -9 "$BPID"
wait "$APID"
rc=$?
APID=
[ $rc -eq 0 ] || fail "client exit code $rc"
grep -q "down noconnection" "$DIR/a.out" || fail "no 'DOWN' with noconnection"

# A wrong secret: refused, exit code 4, a log line on both sides.
new_secret "$DIR/other"
"$PFUN" run --name d@127.0.0.1:0 --secret-file "$DIR/other" --connect "$C" "$SRC/client.erl" x y \
    > "$DIR/d.out" 2> "$DIR/d.err"
rc=$?
[ $rc -eq 4 ] || fail "wrong secret: exit code $rc, expected 4"
grep -q "wrong secret" "$DIR/d.err" || fail "wrong secret not logged by the connecting side"
wait_line "$DIR/c.err" "wrong secret" || fail "wrong secret not logged by the accepting side"

# A node from a TOML config file (the flag wins for the tick; the name is the file's).
cat > "$DIR/node.toml" <<TOML
name = "e@127.0.0.1:0"
secret_file = "$DIR/secret"
connect = ["$C"]
tick_ms = 5000
TOML
"$PFUN" node --config "$DIR/node.toml" --tick-ms 4000 > "$DIR/e.out" 2> "$DIR/e.err" &
EPID=$!
wait_line "$DIR/e.out" "listening" || fail "node e (config file) did not start"
grep -q "^node e@127.0.0.1:" "$DIR/e.out" || fail "node e has not the config's name"
wait_line "$DIR/c.err" "connected to e@" || fail "node e did not connect to c"
kill -TERM "$EPID"
wait "$EPID"
rc=$?
EPID=
[ $rc -eq 0 ] || fail "node e: exit code $rc after SIGTERM"

printf 'name = "broken\n' > "$DIR/bad.toml"
"$PFUN" node --config "$DIR/bad.toml" > "$DIR/bad.out" 2> "$DIR/bad.err"
rc=$?
[ $rc -eq 6 ] || fail "malformed config: exit code $rc, expected 6"
grep -q "bad.toml:1:" "$DIR/bad.err" || fail "malformed config: no line and column"

kill -TERM "$CPID"
wait "$CPID"
rc=$?
CPID=
[ $rc -eq 0 ] || fail "node c: exit code $rc after SIGTERM"
grep -q "stopping" "$DIR/c.err" || fail "node c did not log its stop"
echo PASS
