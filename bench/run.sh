#!/usr/bin/env bash
# `make bench`: runs the same programs on pfun, erl and lua5.4 side by side on this
# machine and prints their times and the ratios pfun/lua5.4 and pfun/erl.
#
# usage: bench/run.sh [PFUN]    (PFUN defaults to build/cli/pfun)
#        BENCH_ONLY="startup" bench/run.sh   runs only the rows named (and no process rows
#        unless named too: spawn pingpong ring idle)
#
# Two times per cell, best of $BENCH_RUNS runs (default 3):
#  - "inside": measured by the program around its compute part and printed as
#    `time_us=N` (erl and pfun: erlang:monotonic_time(microsecond); lua: os.clock(),
#    the process's CPU time, since Lua has no monotonic clock and os.time() counts
#    whole seconds; the programs are single-threaded, so CPU time ~ wall time);
#  - "process": wall time of the whole process, start-up included.
# Each program also prints `result=...`; a pfun or lua result that differs from
# erl's is reported as WRONG. A runtime that cannot run a program shows n/a.
set -u
pfun=${1:-build/cli/pfun}
case $pfun in /*) ;; */*) pfun=$(pwd)/$pfun ;; esac
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-3}
benches=(fib loop list sort startup)
# only NAME: true when BENCH_ONLY is unset or lists NAME.
only() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
erl=$(command -v erl || true)
erlc=$(command -v erlc || true)
lua=$(command -v lua5.4 || true)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pfun-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# pfun run's compile cache (docs/cli.md) in the run's own directory: the first run of
# each program compiles and fills it, the rest load from it, as a user's repeated runs
# do. The start-up CPU rows below show the cost with and without it.
export PFUN_CACHE_DIR="$tmp/pfun-cache"

# Process benchmarks (issue 3): pfun and erl only (Lua has no processes).
proc_benches=(spawn pingpong ring idle)

if [ -n "$erlc" ]; then
  for b in "${benches[@]}" "${proc_benches[@]}"; do
    "$erlc" -o "$tmp" "bench/$b.erl" || echo "bench: erlc failed on bench/$b.erl" >&2
  done
fi

# stamp: sets now to microseconds since the epoch. bash's EPOCHREALTIME costs no fork
# (and stamp runs in this shell, not in a $(...) subshell); `date` forks and execs a
# process inside the timed region (about 1 ms here, as much as a whole start-up row),
# so it is only the fallback.
stamp() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    now=${EPOCHREALTIME/[.,]/}
    now=$((10#$now))
  else
    now=$(($(date +%s%N) / 1000))
  fi
}

# run_one KIND NAME -> sets out (stdout) and wall_us; returns the exit status
run_one() {
  local kind=$1 b=$2 t0 t1 st now
  stamp
  t0=$now
  case $kind in
    pfun) out=$(timeout 300 "$pfun" run "bench/$b.erl" 2>/dev/null) ;;
    erl) out=$(timeout 300 "$erl" -noshell -pa "$tmp" -eval "$b:main([]), halt()." 2>/dev/null) ;;
    lua) out=$(timeout 300 "$lua" "bench/$b.lua" 2>/dev/null) ;;
  esac
  st=$?
  stamp
  t1=$now
  wall_us=$((t1 - t0))
  return $st
}

available() {
  case $1 in
    pfun) [ -x "$pfun" ] ;;
    erl) [ -n "$erl" ] && [ -f "$tmp/$2.beam" ] ;;
    lua) [ -n "$lua" ] ;;
  esac
}

# measure KIND NAME -> prints "inside_us process_us result" (n/a when it fails)
measure() {
  local kind=$1 b=$2 best_in="" best_wall="" result="n/a" i t n=$runs
  if ! available "$kind" "$b"; then
    echo "n/a n/a n/a"
    return
  fi
  # A start-up run takes a few ms and the load moves it by as much: best of 20 at least.
  [ "$b" = startup ] && [ "$n" -lt 20 ] && n=20
  for ((i = 0; i < n; i++)); do
    if ! run_one "$kind" "$b"; then
      echo "n/a n/a n/a"
      return
    fi
    t=$(printf '%s\n' "$out" | sed -n 's/^time_us=\([0-9][0-9]*\)$/\1/p' | head -n1)
    result=$(printf '%s\n' "$out" | sed -n 's/^result=//p' | head -n1)
    if [ -z "$t" ]; then
      echo "n/a n/a n/a"
      return
    fi
    if [ -z "$best_in" ] || [ "$t" -lt "$best_in" ]; then best_in=$t; fi
    if [ -z "$best_wall" ] || [ "$wall_us" -lt "$best_wall" ]; then best_wall=$wall_us; fi
  done
  echo "$best_in $best_wall ${result:-n/a}"
}

ms() { # microseconds -> milliseconds with one decimal, or n/a
  case $1 in n/a) echo n/a ;; *) awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }' ;; esac
}
ratio() { # a/b with two decimals, or n/a
  case "$1/$2" in *n/a*) echo n/a ;; */0) echo n/a ;; *) awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' ;; esac
}

echo "pfun: $pfun   erl: ${erl:-missing}   lua5.4: ${lua:-missing}   best of $runs runs"
echo "times in ms; 'inside' is timed by the program itself, 'process' is the whole process"
printf '%-8s %-8s %10s %10s %10s %10s %10s\n' bench time pfun erl lua5.4 pfun/lua pfun/erl
declare -a rows_in rows_wall
for b in "${benches[@]}"; do
  only "$b" || continue
  read -r p_in p_wall p_res <<<"$(measure pfun "$b")"
  read -r e_in e_wall e_res <<<"$(measure erl "$b")"
  read -r l_in l_wall l_res <<<"$(measure lua "$b")"
  note=""
  if [ "$p_res" != n/a ] && [ "$e_res" != n/a ] && [ "$p_res" != "$e_res" ]; then
    note="$note pfun WRONG result ($p_res, erl: $e_res)"
  fi
  if [ "$l_res" != n/a ] && [ "$e_res" != n/a ] && [ "$l_res" != "$e_res" ]; then
    note="$note lua result differs ($l_res, erl: $e_res)"
  fi
  if [ "$b" != startup ]; then
    printf '%-8s %-8s %10s %10s %10s %10s %10s\n' "$b" inside "$(ms "$p_in")" "$(ms "$e_in")" \
      "$(ms "$l_in")" "$(ratio "$p_in" "$l_in")" "$(ratio "$p_in" "$e_in")"
  fi
  printf '%-8s %-8s %10s %10s %10s %10s %10s%s\n' "$b" process "$(ms "$p_wall")" "$(ms "$e_wall")" \
    "$(ms "$l_wall")" "$(ratio "$p_wall" "$l_wall")" "$(ratio "$p_wall" "$e_wall")" "$note"
done

# Start-up's CPU time, which varies less with the machine's load than its wall time:
# perf stat over 50 runs of each (task-clock: user and system time of every thread).
cpu_ms() { # COMMAND... -> mean task-clock in ms over 50 runs, or n/a
  perf stat -r 50 -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ { printf "%.2f", $1; f = 1 } END { if (!f) print "n/a" }'
}
if only startup && command -v perf > /dev/null && perf stat -e task-clock true > /dev/null 2>&1; then
  "$pfun" run bench/startup.erl > /dev/null 2>&1 # fills the cache
  pc=$(cpu_ms "$pfun" run bench/startup.erl)
  pn=$(cpu_ms "$pfun" run --no-cache bench/startup.erl)
  lc=n/a
  [ -n "$lua" ] && lc=$(cpu_ms "$lua" bench/startup.lua)
  printf '%-8s %-8s %10s %10s %10s %10s\n' startup cpu "$pc" - "$lc" "$(ratio "$pc" "$lc")"
  printf '%-8s %-8s %10s %10s %10s %10s   (compiled every run: --no-cache)\n' startup cpu "$pn" - \
    "$lc" "$(ratio "$pn" "$lc")"
fi

# ---- processes ----
# Each program prints time_us for its whole workload; below, per-operation figures.
# idle also prints bytes_per_process (growth of erlang:memory(total) per idle process).
per_op() { # total_us count -> microseconds per operation, or n/a
  case $1 in n/a) echo n/a ;; *) awk -v u="$1" -v n="$2" 'BEGIN { printf "%.3f", u / n }' ;; esac
}
idle_bytes() { # KIND -> bytes per idle process (one run), or n/a
  local kind=$1
  available "$kind" idle || { echo n/a; return; }
  run_one "$kind" idle || { echo n/a; return; }
  printf '%s\n' "$out" | sed -n 's/^bytes_per_process=\([0-9][0-9]*\)$/\1/p' | head -n1
}
only spawn || only pingpong || only ring || only idle || exit 0
echo
echo "processes (pfun and erl; best of $runs runs)"
printf '%-34s %12s %12s %10s\n' measure pfun erl pfun/erl
declare -A proc_count=([spawn]=100000 [pingpong]=200000 [ring]=1000000)
declare -A proc_label=([spawn]="spawn+exit, us per process" [pingpong]="ping-pong, us per round trip" [ring]="ring 1000x1000, us per message")
for b in spawn pingpong ring; do
  only "$b" || continue
  read -r p_in _ p_res <<<"$(measure pfun "$b")"
  read -r e_in _ e_res <<<"$(measure erl "$b")"
  pv=$(per_op "$p_in" "${proc_count[$b]}")
  ev=$(per_op "$e_in" "${proc_count[$b]}")
  printf '%-34s %12s %12s %10s\n' "${proc_label[$b]}" "$pv" "$ev" "$(ratio "$pv" "$ev")"
done
if only idle; then
pb=$(idle_bytes pfun)
eb=$(idle_bytes erl)
printf '%-34s %12s %12s %10s\n' "idle process, bytes" "${pb:-n/a}" "${eb:-n/a}" "$(ratio "${pb:-n/a}" "${eb:-n/a}")"
fi
