#!/bin/sh
# `pfun node --policy`: a malformed policy at start is refused (exit 6, file:line:col
# and a caret); `policy` and `code_cache` in a --config file; SIGHUP re-reads the
# policy: an eager policy ships shipme, a deny rule written in its place and a SIGHUP
# make the same spawn fail naming the rule, and a broken file on the next SIGHUP is
# logged with line and column while the deny rule stays in force.
# Every wait polls with a deadline (timeout on each command that could hang).
# usage: policy_reload.sh PFUN DIR_WITH_SCRIPTS
set -u
PFUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
DIR=$(mktemp -d)
PPID_= QPID=
cleanup() {
    for p in $PPID_ $QPID; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$DIR"
}
trap cleanup EXIT
. "$(dirname "$0")/../../lib/node_scripts.sh"
# count FILE PATTERN: how many lines of FILE match.
count() { grep -c -- "$2" "$1" 2>/dev/null || true; }

new_secret "$DIR/secret"
cp "$SRC/shipme.erl" "$DIR/"

# A malformed policy at start: exit 6, the file's line and column, the line, a caret.
printf '[loading]\nmode = "eagr"\n' > "$DIR/bad.toml"
(cd "$DIR" && timeout 20 "$PFUN" node --name x@127.0.0.1:0 --secret-file secret \
    --policy bad.toml > bad.out 2> bad.err)
rc=$?
[ $rc -eq 6 ] || fail "malformed policy: exit code $rc, expected 6"
grep -q "bad.toml:2:8:" "$DIR/bad.err" || fail "malformed policy: no file:line:col"
grep -q '^  mode = "eagr"' "$DIR/bad.err" || fail "malformed policy: the line is not shown"
grep -q '^         \^' "$DIR/bad.err" || fail "malformed policy: no caret under the column"
grep -q listening "$DIR/bad.out" && fail "malformed policy: the node started anyway"

# The same through --config (policy key); a --policy flag wins over the file's key.
cat > "$DIR/node.toml" <<TOML
name = "y@127.0.0.1:0"
secret_file = "secret"
policy = "bad.toml"
code_cache = "cache"
TOML
(cd "$DIR" && timeout 20 "$PFUN" node --config node.toml > cfg.out 2> cfg.err)
rc=$?
[ $rc -eq 6 ] || fail "config with a malformed policy: exit code $rc, expected 6"
grep -q "bad.toml:2:8:" "$DIR/cfg.err" || fail "config's policy key: no file:line:col"

# A misspelt key is an error too (else the node would run without the file's rules).
printf 'name = "z@127.0.0.1:0"\nsecret_file = "secret"\npolcy = "bad.toml"\n' > "$DIR/typo.toml"
(cd "$DIR" && timeout 20 "$PFUN" node --config typo.toml > typo.out 2> typo.err)
rc=$?
[ $rc -eq 6 ] || fail "config with an unknown key: exit code $rc, expected 6"
grep -q "typo.toml:3:1: error: unknown key 'polcy'" "$DIR/typo.err" ||
    fail "config with an unknown key: no file:line:col naming it"

printf '[loading]\nmode = "eager"\n' > "$DIR/policy.toml"
(cd "$DIR" && exec "$PFUN" node --config node.toml --policy policy.toml \
    > p.out 2> p.err 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-) &
PPID_=$!
wait_line "$DIR/p.out" "listening" || fail "node p did not start"
grep -q "^policy policy.toml" "$DIR/p.out" || fail "node p does not show the --policy file"
[ -d "$DIR/cache" ] || fail "the config's code_cache directory was not created"
P=$(sed -n 's/^node \([^ ]*\) listening.*/\1/p' "$DIR/p.out")

probe() { # $1: output file
    timeout 60 "$PFUN" run --name q@127.0.0.1:0 --secret-file "$DIR/secret" "$SRC/probe.erl" \
        "$P" > "$DIR/$1" 2>> "$DIR/probe.err"
}
probe eager.out || fail "probe (eager) failed"
grep -q "{ok,{ok,{shipped,21}}}" "$DIR/eager.out" || fail "eager policy: shipme was not shipped"

printf '[loading]\nmode = "eager"\n\n[[rule]]\nmatch = "shipme:*"\ndeny = true\n' \
    > "$DIR/policy.toml"
kill -HUP "$PPID_"
wait_line "$DIR/p.err" "SIGHUP: policy reloaded from policy.toml" || fail "no reload logged"
probe deny.out || fail "probe (deny) failed"
grep -q "ship_denied" "$DIR/deny.out" || fail "deny rule after SIGHUP: the spawn was not denied"
grep -q 'rule 1 at policy.toml:4 (match = \\"shipme:\*\\")' "$DIR/deny.out" ||
    fail "deny rule after SIGHUP: the rule is not named"

printf '[loading]\nmode = "eager"\nfoo = 1\n' > "$DIR/policy.toml"
kill -HUP "$PPID_"
wait_line "$DIR/p.err" "policy file refused, the previous policy stays" ||
    fail "a broken policy on SIGHUP was not reported"
grep -q "^policy.toml:3:1: unknown key" "$DIR/p.err" || fail "broken policy: no line:col"
probe kept.out || fail "probe (after the broken file) failed"
grep -q "ship_denied" "$DIR/kept.out" || fail "after a broken file the deny policy did not stay"

# The node is still healthy: a clean stop.
kill -TERM "$PPID_"
timeout 20 sh -c "while kill -0 $PPID_ 2>/dev/null; do sleep 0.05; done" ||
    fail "node p did not stop on SIGTERM"
PPID_=
echo PASS
