#!/usr/bin/env bash
# What `oversub-cli watch` costs in CPU while it follows a process of N
# sleeping threads (python3 threading, each waiting on one Event), at 20 Hz
# for S seconds, and, for reference, while it watches the CPUs alone. For
# each it prints the watch process's user+system time over the whole run
# (bash's `time` around it: start-up and the final affinity check included)
# with that as a share of one core, and the share it used in the steady part
# of the run (its threads' schedstat run time from 2 s in to 2 s before the
# end), which is what a long watch costs.
#   bench/watch/watch_cpu.sh [CLI] [THREADS] [SECONDS] [REPEATS]   (default: build/app/oversub-cli 64 20 1)
# With REPEATS > 1 each watch runs that many times, the two kinds taking
# turns, and a last line per kind gives the medians: one run moves by +-10%
# from the next even on a quiet box.
# Measure on a quiet box (nothing else using the CPUs): the figures are CPU
# times, and a busy box makes every /proc read slower (colder caches).
set -euo pipefail
cli="${1:-build/app/oversub-cli}"
threads="${2:-64}"
seconds="${3:-20}"
repeats="${4:-1}"
((seconds >= 6)) || { echo "SECONDS must be at least 6 (2 s of start-up and 2 s of end are left out)" >&2; exit 2; }
((repeats >= 1)) || { echo "REPEATS must be at least 1, not $repeats" >&2; exit 2; }
scratch="$(mktemp -d)"
sleeper=""
trap '[[ -n $sleeper ]] && kill "$sleeper" 2>/dev/null; rm -rf "$scratch"' EXIT

# The watched process: N threads that sleep until it is killed.
python3 -c '
import sys, threading
stop = threading.Event()
for _ in range(int(sys.argv[1])):
    threading.Thread(target=stop.wait, daemon=True).start()
stop.wait()
' "$threads" &
sleeper=$!
while (( $(ls "/proc/$sleeper/task" 2>/dev/null | wc -l) < threads + 1 )); do sleep 0.05; done

run_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s }'; }

# measure LABEL [WATCH FLAGS...]: one watch of $seconds at 20 Hz, one line.
measure() {
  local label=$1
  shift
  local events="$scratch/events.jsonl" pidfile="$scratch/pid" timefile="$scratch/time"
  rm -f "$pidfile"
  (
    TIMEFORMAT='%3U %3S'
    { time { "$cli" watch --rate 20 --duration "$seconds" --events "$events" "$@" 2>/dev/null &
             echo $! >"$pidfile"
             wait $!; }; } 2>"$timefile"
  ) &
  local job=$!
  while [[ ! -s $pidfile ]]; do sleep 0.01; done
  local pid t0 r0 t1 r1 user system
  pid=$(<"$pidfile")
  sleep 2
  t0=$(date +%s%N) r0=$(run_ns "$pid")
  sleep $((seconds - 4))
  t1=$(date +%s%N) r1=$(run_ns "$pid")
  wait "$job"
  read -r user system <"$timefile"
  awk -v label="$label" -v u="$user" -v s="$system" -v secs="$seconds" -v r0="$r0" -v r1="$r1" -v t0="$t0" -v t1="$t1" \
    -v samples="$(grep -c '"sample"' "$events")" 'BEGIN {
      printf "%-28s %8d %9.3f s %9.3f %% %11.3f %%\n", label, samples, u + s, 100 * (u + s) / secs,
             100 * (r1 - r0) / (t1 - t0) }'
}

# median LABEL: the medians of the lines measure printed with that label.
median() {
  grep -F -- "$1 " "$scratch/lines" | awk -v label="$1" '
    { n++; samples[n] = $(NF - 6); cpu[n] = $(NF - 5); core[n] = $(NF - 3); steady[n] = $(NF - 1) }
    function mid(a,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
      return a[int((n + 1) / 2)]
    }
    END { printf "%-28s %8d %9.3f s %9.3f %% %11.3f %%\n", "median " label, mid(samples), mid(cpu), mid(core), mid(steady) }'
}

pidLabel="--pid ($threads sleeping threads)"
printf '%-28s %8s %11s %11s %13s\n' watch samples "CPU time" "of a core" "steady share"
for ((run = 1; run <= repeats; run++)); do
  measure "$pidLabel" --pid "$sleeper" | tee -a "$scratch/lines"
  measure "machine only" | tee -a "$scratch/lines"
done
if ((repeats > 1)); then
  median "$pidLabel"
  median "machine only"
fi
