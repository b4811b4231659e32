#!/usr/bin/env bash
# Two-node benchmarks (`make bench` runs this after bench/run.sh): pfun nodes and erl
# nodes on 127.0.0.1 in the same run, beside the raw TCP floor.
#
# usage: bench/dist.sh [PFUN]    (PFUN defaults to build/cli/pfun; the TCP floor
#                                 program is looked up beside it, build/bench/)
# Rows (best of $BENCH_RUNS runs, default 3):
#  - message round trip: a message to a process on the other node and its reply;
#  - remote spawn + result: spawn on the other node, get the value back (pfun:
#    spawn(B, pfun) + get_result; erl: spawn/4 of a loaded module + reply message);
#    erl's rpc:call is shown too;
#  - messages per second from one node to a process on the other;
#  - cold spawn of a 50-function closure (pfun: chain50:f1/1 shipped eagerly, or lazily
#    with prefetch depth 0; erl: code:load_binary by rpc, then spawn).
set -u
pfun=${1:-build/cli/pfun}
case $pfun in /*) ;; */*) pfun=$(pwd)/$pfun ;; esac
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
floor=$(dirname "$(dirname "$pfun")")/bench/pfun_tcp_floor
erl=$(command -v erl || true)
erlc=$(command -v erlc || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pfun-dist.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# key FILE NAME -> the value of NAME=... in FILE (or n/a)
key() { local v; v=$(sed -n "s/^$2=//p" "$1" 2>/dev/null | head -n1); echo "${v:-n/a}"; }
# best KIND(min|max) values... -> the best numeric value, n/a when none
best() {
  local how=$1; shift
  printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g | { if [ "$how" = min ]; then head -n1; else tail -n1; fi; } | grep . || echo n/a
}
ratio() {
  case "$1/$2" in *n/a*) echo n/a ;; */0) echo n/a ;; *) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' ;; esac
}

# ---- pfun: node B serves, node A measures ----
# The prefix that runs both nodes of a pinned pass on one CPU (empty: not pinned);
# taskset execs the node, so $! stays the node's pid.
pin=()

pfun_run() { # OUT MODE: node A measures against a fresh node B (so the cold spawn is cold)
  local out=$1 mode=$2
  head -c 32 /dev/urandom >"$tmp/secret"
  chmod 600 "$tmp/secret"
  # B runs from a directory of its own: chain50 can only reach it over the wire.
  mkdir -p "$tmp/b"
  cp bench/dist/pfun_dist_b.erl "$tmp/b/"
  rm -f "$tmp/b.out"
  "${pin[@]}" "$pfun" run --name b@127.0.0.1:0 --secret-file "$tmp/secret" "$tmp/b/pfun_dist_b.erl" \
    >"$tmp/b.out" 2>"$tmp/b.err" &
  local bpid=$!
  pids+=("$bpid")
  local i=0
  while [ $i -lt 200 ] && ! grep -q @ "$tmp/b.out" 2>/dev/null; do sleep 0.05; i=$((i + 1)); done
  local b
  b=$(head -n1 "$tmp/b.out")
  "${pin[@]}" timeout 120 "$pfun" run --name a@127.0.0.1:0 --secret-file "$tmp/secret" \
    bench/dist/pfun_dist_a.erl "$b" "$mode" >"$out" 2>"$tmp/a.err"
  kill -9 "$bpid" 2>/dev/null
  wait "$bpid" 2>/dev/null
}

# ---- erl: two distributed nodes (epmd starts with the first) ----
erl_run() {
  local out=$1
  [ -n "$erl" ] && [ -f "$tmp/dist_bench.beam" ] || return
  "${pin[@]}" "$erl" -name pfunbench_b@127.0.0.1 -setcookie pfunbench -noshell -pa "$tmp" \
    -eval 'timer:sleep(600000)' >/dev/null 2>&1 &
  local bpid=$!
  pids+=("$bpid")
  sleep 1
  "${pin[@]}" timeout 120 "$erl" -name pfunbench_a@127.0.0.1 -setcookie pfunbench -noshell -pa "$tmp" \
    -eval 'dist_bench:main(["pfunbench_b@127.0.0.1"]), halt().' >"$out" 2>/dev/null
  kill -9 "$bpid" 2>/dev/null
  wait "$bpid" 2>/dev/null
}

[ -n "$erlc" ] && "$erlc" -o "$tmp" bench/dist/dist_bench.erl

declare -a pp_rt pp_spawn ep_rt ep_spawn p_ce p_cl p_ce_o p_cl_o p_ce_b p_cl_b p_cl_f p_rt p_spawn p_tp e_rt e_spawn e_rpc e_tp e_cold1 e_coldm f_free f_pin
for ((r = 0; r < runs; r++)); do
  pfun_run "$tmp/pfun.$r" eager
  p_ce+=("$(key "$tmp/pfun.$r" cold_eager_us)")
  p_ce_o=$(key "$tmp/pfun.$r" cold_objects) p_ce_b=$(key "$tmp/pfun.$r" cold_bytes)
  pfun_run "$tmp/pfun.lazy.$r" lazy
  p_cl+=("$(key "$tmp/pfun.lazy.$r" cold_lazy_us)")
  p_cl_o=$(key "$tmp/pfun.lazy.$r" cold_objects) p_cl_b=$(key "$tmp/pfun.lazy.$r" cold_bytes)
  p_cl_f=$(key "$tmp/pfun.lazy.$r" cold_fetches)
  p_rt+=("$(key "$tmp/pfun.$r" msg_round_trip_us)")
  p_spawn+=("$(key "$tmp/pfun.$r" spawn_result_us)")
  p_tp+=("$(key "$tmp/pfun.$r" msgs_per_s)")
  erl_run "$tmp/erl.$r"
  e_rt+=("$(key "$tmp/erl.$r" msg_round_trip_us)")
  e_spawn+=("$(key "$tmp/erl.$r" spawn_reply_us)")
  e_rpc+=("$(key "$tmp/erl.$r" rpc_call_us)")
  e_tp+=("$(key "$tmp/erl.$r" msgs_per_s)")
  e_cold1+=("$(key "$tmp/erl.$r" cold_one_module_us)")
  e_coldm+=("$(key "$tmp/erl.$r" cold_many_modules_us)")
  if [ -x "$floor" ]; then
    f_free+=("$("$floor" 20000 64 | sed -n 's/.*us_per_round_trip=//p')")
    command -v taskset >/dev/null &&
      f_pin+=("$(taskset -c 0 "$floor" 20000 64 | sed -n 's/.*us_per_round_trip=//p')")
  fi
  # The same with both nodes on one CPU, beside the pinned TCP floor (the issue's
  # "within 10 us of raw TCP under the same pinning").
  if command -v taskset >/dev/null; then
    pin=(taskset -c 0)
    pfun_run "$tmp/pfun.pin.$r" eager
    pp_rt+=("$(key "$tmp/pfun.pin.$r" msg_round_trip_us)")
    pp_spawn+=("$(key "$tmp/pfun.pin.$r" spawn_result_us)")
    erl_run "$tmp/erl.pin.$r"
    ep_rt+=("$(key "$tmp/erl.pin.$r" msg_round_trip_us)")
    ep_spawn+=("$(key "$tmp/erl.pin.$r" spawn_reply_us)")
    pin=()
  fi
done

echo
echo "two nodes on 127.0.0.1 (pfun and erl; best of $runs runs; raw TCP: 64-byte ping-pong)"
printf '%-36s %10s %10s %10s %10s\n' measure pfun erl pfun/erl "raw TCP"
row() { printf '%-36s %10s %10s %10s %10s\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$4"; }
tcp=$(best min "${f_free[@]:-}")
row "message round trip, us" "$(best min "${p_rt[@]}")" "$(best min "${e_rt[@]}")" "$tcp"
row "remote spawn + result, us" "$(best min "${p_spawn[@]}")" "$(best min "${e_spawn[@]}")" "$tcp"
row "  erl rpc:call, us" n/a "$(best min "${e_rpc[@]}")" "$tcp"
row "messages per second (more is better)" "$(best max "${p_tp[@]}")" "$(best max "${e_tp[@]}")" ""
row "cold spawn, 50 functions, eager, us" "$(best min "${p_ce[@]}")" "$(best min "${e_cold1[@]}")" ""
row "  lazy (prefetch 0), us" "$(best min "${p_cl[@]}")" "$(best min "${e_cold1[@]}")" ""
row "  erl as 50 one-function modules, us" n/a "$(best min "${e_coldm[@]}")" ""
echo "cold spawn shipped: eager $p_ce_o objects, $p_ce_b bytes, no fetch; lazy $p_cl_o objects, $p_cl_b bytes, $p_cl_f fetch round trips"
tcp_pin=$(best min "${f_pin[@]:-}")
echo "both nodes pinned to one CPU:"
row "  message round trip, us" "$(best min "${pp_rt[@]:-}")" "$(best min "${ep_rt[@]:-}")" "$tcp_pin"
row "  remote spawn + result, us" "$(best min "${pp_spawn[@]:-}")" "$(best min "${ep_spawn[@]:-}")" "$tcp_pin"
