#!/bin/sh
# Libraries on demand (cli/on_demand.h): commands that talk to no node, make no bignum,
# compress nothing and hash no code start without OpenSSL, GMP or zlib; each is loaded
# by the same executable when first needed, and works. xxHash is compiled into the
# hashing code (loader/src/hash.cpp), so its library is never loaded.
#  1. `pfun run` of a one-line script, `pfun version` and `pfun --help` load none of
#     them (LD_DEBUG=libs lists every library ld.so loads), nor does `pfun compile`
#     (a .pfb records hashes), and they still print what they should.
#  2. A script with bignums, compressed terms, checksums and a code hash prints what
#     erl prints (the hash: 16 bytes), and loads GMP and zlib (not xxHash) to do it.
#  3. Two nodes (a `pfun node` and a `pfun run` client) connect with the HMAC
#     handshake, then two more with TLS (certificates made with the `openssl` command;
#     that part is left out, and said so, on a machine without it).
# usage: on_demand_libraries.sh PFUN DIR_WITH_SCRIPTS
set -u
PFUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
DIR=$(mktemp -d)
BPID= CPID=
cleanup() {
    for p in $BPID $CPID; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$DIR"
}
trap cleanup EXIT
. "$(dirname "$0")/../lib/node_scripts.sh"

# none_loaded NAME [PATTERN]: NAME.err (LD_DEBUG output) shows that ld.so loaded none
# of them (none matching PATTERN).
none_loaded() {
    grep -q 'libc\.so' "$DIR/$1.err" || fail "$1: LD_DEBUG=libs printed nothing"
    if grep -q "${2:-libssl\|libcrypto\|libgmp\|libz\.so\|libxxhash}" "$DIR/$1.err"; then
        fail "$1 loaded a library at start that should wait for its first use (a new function missing from cli/*_on_demand.cpp?)"
    fi
}

printf -- '-module(hello).\n-export([main/1]).\nmain(_) -> io:format("hello~n").\n' > "$DIR/hello.erl"
LD_DEBUG=libs "$PFUN" run "$DIR/hello.erl" > "$DIR/run.out" 2> "$DIR/run.err"
rc=$?
[ $rc -eq 0 ] || fail "pfun run: exit code $rc"
[ "$(cat "$DIR/run.out")" = hello ] || fail "pfun run printed the wrong output"
none_loaded run
# fmt and toml++ are compiled in (header-only): no program loads their libraries.
if grep -q 'libfmt\|libtomlplusplus' "$DIR/run.err"; then
    fail "pfun run loaded libfmt or libtomlplusplus (fmt::fmt-header-only, toml++ header-only)"
fi

LD_DEBUG=libs "$PFUN" version > "$DIR/version.out" 2> "$DIR/version.err" || fail "pfun version failed"
grep -q '^pfun ' "$DIR/version.out" || fail "pfun version printed no version"
none_loaded version

LD_DEBUG=libs "$PFUN" --help > "$DIR/help.out" 2> "$DIR/help.err" || fail "pfun --help failed"
grep -q 'run' "$DIR/help.out" || fail "pfun --help printed no commands"
none_loaded help

LD_DEBUG=libs "$PFUN" compile "$DIR/hello.erl" -o "$DIR/hello.pfb" > "$DIR/compile.out" \
    2> "$DIR/compile.err" || fail "pfun compile failed"
[ -s "$DIR/hello.pfb" ] || fail "pfun compile wrote no .pfb"
# Writing a .pfb hashes its code, with the XXH3 compiled into pfun: no library.
none_loaded compile

LD_DEBUG=libs "$PFUN" run "$SRC/on_demand_libraries.erl" > "$DIR/libs.out" 2> "$DIR/libs.err"
rc=$?
[ $rc -eq 0 ] || fail "bignums, compression, hashes: exit code $rc"
cat > "$DIR/libs.expected" <<'EXPECTED'
265252859812191058636308480000000
{37893265687455865519472640000000,0,0,265252859812191058636308480000001,
 134217727,2122022878497528469090467840000000,224677911614,
 -265252859812191058636308480000000,-265252859812191058636308480000000}
true
true true
907060870 103547413
hash 16
EXPECTED
cmp -s "$DIR/libs.out" "$DIR/libs.expected" || fail "bignums, compression, hashes: wrong output"
for lib in libgmp libz.so; do
    grep -q "$lib" "$DIR/libs.err" || fail "$lib was not loaded for its first use"
done
grep -q libxxhash "$DIR/libs.err" && fail "a code hash loaded libxxhash (XXH3 is compiled in)"

# The handshake needs RAND_bytes, HMAC and CRYPTO_memcmp: loaded on demand here.
new_secret "$DIR/secret"
# connect_to NAME NODE [FLAGS...]: a client node NAME runs connect.erl against NODE.
connect_to() {
    name=$1 node=$2
    shift 2
    timeout 60 "$PFUN" run --name "$name@127.0.0.1:0" --secret-file "$DIR/secret" "$@" \
        --connect "$node" "$SRC/on_demand_libraries.erl" "$node" > "$DIR/$name.out" 2> "$DIR/$name.err"
}

"$PFUN" node --name b@127.0.0.1:0 --secret-file "$DIR/secret" > "$DIR/b.out" 2> "$DIR/b.err" &
BPID=$!
wait_line "$DIR/b.out" listening || fail "node b did not start"
B=$(sed -n 's/^node \([^ ]*\) listening.*/\1/p' "$DIR/b.out")
connect_to a "$B" || fail "client a (HMAC handshake) failed"
grep -q "connected $B" "$DIR/a.out" || fail "client a did not connect to b"

if ! command -v openssl > /dev/null; then
    echo "note: no openssl command here; the TLS part is left out"
    exit 0
fi
# A CA and one certificate for both nodes (each is a TLS client and server).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=pfun-ca \
    -keyout "$DIR/ca.key" -out "$DIR/ca.pem" 2> "$DIR/pki.err" || fail "openssl: CA"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=pfun-node \
    -keyout "$DIR/node.key" -out "$DIR/node.csr" 2>> "$DIR/pki.err" || fail "openssl: request"
printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n' > "$DIR/node.ext"
openssl x509 -req -in "$DIR/node.csr" -CA "$DIR/ca.pem" -CAkey "$DIR/ca.key" -CAcreateserial \
    -days 1 -extfile "$DIR/node.ext" -out "$DIR/node.pem" 2>> "$DIR/pki.err" || fail "openssl: sign"
chmod 600 "$DIR/node.key" "$DIR/ca.key"
TLS="--tls-cert $DIR/node.pem --tls-key $DIR/node.key --tls-ca $DIR/ca.pem"

# shellcheck disable=SC2086 # $TLS is a list of flags
"$PFUN" node --name c@127.0.0.1:0 --secret-file "$DIR/secret" $TLS > "$DIR/c.out" 2> "$DIR/c.err" &
CPID=$!
wait_line "$DIR/c.out" listening || fail "TLS node c did not start"
C=$(sed -n 's/^node \([^ ]*\) listening.*/\1/p' "$DIR/c.out")
# shellcheck disable=SC2086
connect_to d "$C" $TLS || fail "client d (TLS) failed"
grep -q "connected $C" "$DIR/d.out" || fail "client d did not connect to c over TLS"
# Without TLS the same client is refused by the TLS node.
connect_to e "$C" && fail "a plaintext client connected to a TLS node"
exit 0
