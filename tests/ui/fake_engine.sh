#!/bin/sh
# A scripted stand-in for oversub-cli, for the window's tests (pointed to by
# OVERSUB_ENGINE, like hotspot's HOTSPOT_PERFPARSER). It answers from files
# in $OVERSUB_FAKE_DIR written by the test with core's own event writers:
#   topology.json, place.json       documents for `topology` / `place`
#   watch.jsonl                     printed by `watch`, which then idles
#   run.jsonl                       printed by `run` / `sweep`
#   run_mode: "ok" | "crash" (SIGSEGV itself) | "hang" (until killed) | "exit N"
dir="${OVERSUB_FAKE_DIR:?OVERSUB_FAKE_DIR not set}"
echo "$*" >> "$dir/calls.txt"
case "$1" in
  topology) cat "$dir/topology.json" ;;
  place) cat "$dir/place.json" ;;
  watch)
    [ -f "$dir/watch.jsonl" ] && cat "$dir/watch.jsonl"
    exec sleep 600 ;;
  run|sweep)
    cat "$dir/run.jsonl"
    mode=$(cat "$dir/run_mode" 2>/dev/null || echo ok)
    case "$mode" in
      crash) echo "fake engine: about to crash" >&2; kill -SEGV $$ ;;
      hang) exec sleep 600 ;;
      exit*) echo "fake engine: failing on purpose" >&2; exit "${mode#exit }" ;;
    esac
    exit 0 ;;
  *) echo "fake engine: unknown command $1" >&2; exit 2 ;;
esac
