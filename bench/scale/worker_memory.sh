#!/usr/bin/env bash
# What one idle worker costs in memory, measured: starts a run of N small
# workers (GEMM size 64, generate delivery, far more tasks than they finish)
# with an event stream, waits until every worker is ready, then reads
#   - the drop of MemAvailable since before the run (everything the workers,
#     their page tables, pipes and kernel structures took), and
#   - the sum of the workers' Pss (/proc/PID/smaps_rollup),
# and divides by N. The memory preflight's per-worker figure
# (core/conductor/memory_preflight.cpp) is set from this with a margin.
# Memory, not time: a busy box does not change the figures.
#   bench/scale/worker_memory.sh [CLI] [N...]   (default: build/app/oversub-cli 64 512 2048)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
available_kib() { awk '/^MemAvailable:/ { print $2 }' /proc/meminfo; }

printf '%8s %14s %14s %10s\n' workers "MemAvail drop" "sum of Pss" "per worker"
for n in "${counts[@]}"; do
  events="$scratch/events-$n.jsonl"
  sync
  before=$(available_kib)
  "$cli" run --workload gemm --size 64 --tasks 1000000 --workers "$n" --delivery generate \
    --rate 1 --quiet --events "$events" &
  pid=$!
  ready() { grep -c '"worker_ready"' "$events" 2>/dev/null || true; }
  while kill -0 "$pid" 2>/dev/null && (( $(ready) + 0 < n )); do sleep 0.2; done
  kill -0 "$pid" 2>/dev/null || { echo "the run of $n workers ended early" >&2; exit 1; }
  sleep 1
  after=$(available_kib)
  pss=$(for w in $(pgrep -P "$pid"); do cat "/proc/$w/smaps_rollup" 2>/dev/null; done |
        awk '/^Pss:/ { s += $2 } END { print s + 0 }')
  kill -TERM "$pid"
  wait "$pid" || true
  drop=$((before - after))
  printf '%8d %11d KiB %11d KiB %7d KiB\n' "$n" "$drop" "$pss" $((drop / n))
done
