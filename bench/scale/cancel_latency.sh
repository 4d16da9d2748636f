#!/usr/bin/env bash
# How long oversub-cli takes to end a run after SIGTERM, at N workers, in the
# two phases where a cancel used to wait: while the conductor forks the
# workers (signalled once 16 of them exist) and once every worker runs
# (signalled after the last worker_ready). Prints the time from kill to
# exit (bash's clock around `wait`) and the run's teardown phase.
#   bench/scale/cancel_latency.sh [CLI] [N...]   (default: build/app/oversub-cli 64 512 2048)
# Measure on a quiet box (nothing else using the CPUs): the figures are times.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
now() { date +%s.%N; }
children() { pgrep -c -P "$1" || true; }
ready() { grep -c '"worker_ready"' "$1" 2>/dev/null || true; }

printf '%8s %-8s %12s %12s %8s\n' workers phase "kill->exit" "teardown_s" exit
for n in "${counts[@]}"; do
  for phase in spawn run; do
    events="$scratch/events-$n-$phase.jsonl"
    "$cli" run --workload gemm --size 64 --tasks 1000000 --workers "$n" --delivery generate --quiet \
      --events "$events" 2>/dev/null &
    pid=$!
    if [[ $phase == spawn ]]; then
      while (( $(children "$pid") + 0 < 16 )); do sleep 0.001; done
    else
      while (( $(ready "$events") + 0 < n )); do sleep 0.05; done
      sleep 0.5
    fi
    t0=$(now)
    kill -TERM "$pid"
    status=0
    wait "$pid" || status=$?
    t1=$(now)
    teardown=$(grep '"run_done"' "$events" | sed -E 's/.*"teardown_s":([0-9.eE+-]+).*/\1/')
    printf '%8d %-8s %10.3f s %10.3f s %8d\n' "$n" "$phase" "$(echo "$t1 - $t0" | bc)" "$teardown" "$status"
  done
done
