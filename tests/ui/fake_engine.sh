#!/bin/sh
# A scripted stand-in for oversub-cli, for the window's tests (pointed to by
# OVERSUB_ENGINE, like hotspot's HOTSPOT_PERFPARSER). It answers from files
# in $OVERSUB_FAKE_DIR written by the test with core's own event writers:
#   topology.json, place.json       documents for `topology` / `place`
#   watch.jsonl                     printed by `watch`, which then idles
#   run.jsonl                       printed by `run` / `sweep`
#   run_mode: "ok" | "crash" (SIGSEGV itself) | "hang" (until killed) | "exit N"
#   attach.jsonl                    printed instead of watch.jsonl by `watch --pid`,
#                                   which then idles (or exits 0 with attach_exits)
#   keep_arguments (exists): `run` / `sweep` write their arguments one per
#                   line to argv.txt and copy the --experiment file to
#                   last_experiment.json (what the window asked the engine)
dir="${OVERSUB_FAKE_DIR:?OVERSUB_FAKE_DIR not set}"
echo "$*" >> "$dir/calls.txt"
case "$1" in
  topology) cat "$dir/topology.json" ;;
  place) cat "$dir/place.json" ;;
  watch)
    case " $* " in
      *" --pid "*)
        if [ -f "$dir/attach.jsonl" ]; then
          cat "$dir/attach.jsonl"
          [ -f "$dir/attach_exits" ] && { echo "oversub-cli watch: the process and its descendants have exited" >&2; exit 0; }
          exec sleep 600
        fi ;;
    esac
    [ -f "$dir/watch.jsonl" ] && cat "$dir/watch.jsonl"
    exec sleep 600 ;;
  run|sweep)
    if [ -f "$dir/keep_arguments" ]; then
      : > "$dir/argv.txt"
      previous=
      for a in "$@"; do
        printf '%s\n' "$a" >> "$dir/argv.txt"
        [ "$previous" = "--experiment" ] && cp "$a" "$dir/last_experiment.json"
        previous="$a"
      done
    fi
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
