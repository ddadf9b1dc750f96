#!/usr/bin/env bash
# Profiles one run of the main job: a JFR recording (settings=profile) and, every INTERVAL seconds,
# a class histogram (`jcmd PID GC.class_histogram`, which runs a full GC first, so its total is the
# live set at that moment). Used for the profile and the memory table in docs/performance.md.
#
# Usage: bench/profile-memory.sh INPUT_DIR WORK_DIR KEY_FILE [INTERVAL_SECONDS=90]
# Then:  python3 bench/jfr-summary.py WORK_DIR/c.jfr ; grep Total WORK_DIR/histo-*.txt
set -euo pipefail
cd "$(dirname "$0")/.."
input="$1"; work="$2"; key="$3"; interval="${4:-90}"
rm -rf "$work" && mkdir -p "$work"
java -Xmx2g -Xlog:gc:file="$work/gc.log" \
  -XX:StartFlightRecording=filename="$work/c.jfr",settings=profile \
  -jar pipelines/target/balises.jar run --input="$input/*" --output="$work/run" \
  --pseudonymKeyFile="$key" --asOf=2026-11-23 --progressIntervalSeconds=60 > "$work/c.out" 2>&1 &
pid=$!
i=0
while kill -0 "$pid" 2>/dev/null; do
  sleep "$interval"
  i=$((i + 1))
  jcmd "$pid" GC.class_histogram > "$work/histo-$i.txt" 2>/dev/null || true
  grep -E 'done|progress' "$work/c.out" | tail -1 > "$work/histo-$i.when" || true
done
wait "$pid"
