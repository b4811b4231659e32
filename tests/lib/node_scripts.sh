# Shared by the test scripts that run nodes as OS processes (POSIX sh, sourced after
# the script has set DIR, its temporary directory): how a failure is reported and how
# a script waits for a node to say something, with a deadline so nothing hangs.

# fail MESSAGE: prints it and every output file of the nodes, then exits 1.
fail() {
    echo "FAIL: $*"
    for f in "$DIR"/*.out "$DIR"/*.err; do [ -f "$f" ] && { echo "--- $f"; tail -n 40 "$f"; }; done
    exit 1
}

# wait_line FILE PATTERN [SECONDS]: polls until PATTERN (a grep pattern) appears in
# FILE; false after SECONDS (default 30).
wait_line() {
    limit=$(( ${3:-30} * 20 ))
    i=0
    while [ $i -lt $limit ]; do
        grep -q -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
        i=$((i + 1))
    done
    return 1
}

# new_secret FILE: 32 random bytes, readable by the owner only (as nodes require).
new_secret() {
    head -c 32 /dev/urandom > "$1"
    chmod 600 "$1"
}
