#!/usr/bin/env bash
# The Balises benchmark: on one input folder, in one invocation, runs
#   (a) the floor: a plain Jackson streaming pass extracting the fields the pipeline uses,
#   (b) DuckDB (JDBC): the hip HOOS JR responder rate per establishment, SQL straight from NDJSON,
#   (c) the Balises main job end to end on the default (embedded) runner,
#   (d) the same with --runner=FlinkRunner --flinkMaster=[local] given explicitly,
#   (e) optionally the same on the DirectRunner (slow; small inputs only),
# each in its own JVM under /usr/bin/time -v, then prints one table: wall time, responses/s, MB/s,
# peak RSS, heap (from the GC log) and the time ratios against (a) and (b). It also checks that
# DuckDB's figures equal the job's, and that (c) and (d) wrote the same data.
#
# Build first:  mvn -B package -DskipTests
# Workload:     java -jar pipelines/target/balises.jar generate --patients=136000 --seed=42 --output=DIR
# Run:          bench/run.sh --input=DIR
# The sample:   bench/run.sh --sample   (the README's sample-data/fhir, 37,370 records, --asOf=2026-11-01,
#               variant c only unless --variants is given: on an input this small the job's time is
#               its fixed cost, start-up and the stages whose work does not grow with the input)
#
# Options:
#   --input=DIR         folder of FHIR files (required, unless --sample)
#   --sample            the sample workload: --input=sample-data/fhir --asOf=2026-11-01 --variants=c
#   --jar=FILE          the job's jar (default pipelines/target/balises.jar; absolute, or relative to
#                       the repository root), to bench another build on the same input
#   --variants=a,b,c,d  which variants to run, in this order (add e for the DirectRunner)
#   --heap=2g           -Xmx of every JVM
#   --work=DIR          where outputs, logs and the table go (default /tmp/balises-bench)
#   --asOf=2026-11-23   the job's --asOf and DuckDB's reference date, pinned for repeatable runs
#   --jfr               record (c) with Java Flight Recorder (settings=profile) into WORK/c.jfr
#                       (summarise it with: python3 bench/jfr-summary.py WORK/c.jfr)
#   --lock=FILE         run each measured step under `flock FILE` (to keep other builds off the CPU)
#   --job-args="..."    extra options for the job in (c), (d) and (e), e.g. "--parallelism=2"
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

input=""
variants="a,b,c,d"
heap="2g"
work="/tmp/balises-bench"
as_of="2026-11-23"
jfr=""
lock=""
job_args=""
jar="pipelines/target/balises.jar"
variants_given=""
as_of_given=""
sample=""
for arg in "$@"; do
  case "$arg" in
    --input=*) input="${arg#*=}" ;;
    --sample) sample="yes" ;;
    --jar=*) jar="${arg#*=}" ;;
    --variants=*) variants="${arg#*=}"; variants_given="yes" ;;
    --heap=*) heap="${arg#*=}" ;;
    --work=*) work="${arg#*=}" ;;
    --asOf=*) as_of="${arg#*=}"; as_of_given="yes" ;;
    --jfr) jfr="yes" ;;
    --lock=*) lock="${arg#*=}" ;;
    --job-args=*) job_args="${arg#*=}" ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
if [[ -n "$sample" ]]; then
  [[ -n "$input" ]] || input="sample-data/fhir"
  [[ -n "$as_of_given" ]] || as_of="2026-11-01"
  [[ -n "$variants_given" ]] || variants="c"
fi
[[ -n "$input" && -d "$input" ]] || { echo "bench/run.sh: --input=DIR is required (a folder)" >&2; exit 2; }
input="$(cd "$input" && pwd)"
bench_cp="bench/target/balises-bench.jar:bench/target/lib/*"
for f in "$jar" bench/target/balises-bench.jar; do
  [[ -f "$f" ]] || { echo "bench/run.sh: $f is missing; build with: mvn -B package -DskipTests" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "bench/run.sh: /usr/bin/time (GNU time) is needed for peak RSS" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work"
head -c 32 /dev/urandom | base64 > "$work/key"
results="$work/results.tsv"
: > "$results"

locked() {
  if [[ -n "$lock" ]]; then flock "$lock" "$@"; else "$@"; fi
}

# measure ID DESCRIPTION COMMAND...: runs the command under /usr/bin/time -v, keeps its output.
measure() {
  local id="$1" description="$2"
  shift 2
  echo "== ($id) $description" >&2
  local status=0
  locked /usr/bin/time -v -o "$work/$id.time" "$@" > "$work/$id.out" 2>&1 || status=$?
  tail -n 3 "$work/$id.out" >&2
  [[ $status -eq 0 ]] || echo "   exit status $status (see $work/$id.out)" >&2
  printf '%s\t%s\t%s\t%s\n' "$id" "$description" "$work/$id.time" "$work/$id.gc.log" >> "$results"
}

jvm() { # JVM options of variant $1
  echo "-Xmx$heap -Xlog:gc:file=$work/$1.gc.log"
}

job() { # the job of variant $1 with extra options
  local id="$1"
  shift
  local flags
  flags="$(jvm "$id")"
  if [[ "$id" == c && -n "$jfr" ]]; then
    flags="$flags -XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=filename=$work/c.jfr,settings=profile"
  fi
  # shellcheck disable=SC2086
  measure "$id" "$description" java $flags -jar "$jar" run --input="$input/*" --output="$work/$id" \
    --pseudonymKeyFile="$work/key" --asOf="$as_of" --progressIntervalSeconds=0 "$@" $job_args
}

IFS=',' read -r -a wanted <<< "$variants"
for id in "${wanted[@]}"; do
  case "$id" in
    a) description="floor: Jackson streaming, 1 thread"
       # shellcheck disable=SC2046
       measure a "$description" java $(jvm a) -cp "$bench_cp" quebec.balises.bench.JacksonFloor "$input" ;;
    b) description="DuckDB JDBC: HOOS JR responder rate per establishment"
       # shellcheck disable=SC2046
       measure b "$description" java $(jvm b) -cp "$bench_cp" quebec.balises.bench.DuckDbIndicator \
         --input="$input" --asOf="$as_of" ;;
    c) description="Balises job, default runner"
       job c ;;
    d) description="Balises job, --runner=FlinkRunner --flinkMaster=[local]"
       job d --runner=FlinkRunner "--flinkMaster=[local]" ;;
    e) description="Balises job, --runner=DirectRunner"
       job e --runner=DirectRunner ;;
    *) echo "bench/run.sh: unknown variant $id" >&2; exit 2 ;;
  esac
done

# Responses and bytes: the floor counts them; without it, count them here.
if [[ -f "$work/a.out" ]] && grep -q '^RESULT ' "$work/a.out"; then
  line="$(grep '^RESULT ' "$work/a.out")"
else
  line="$(locked java -cp "$bench_cp" quebec.balises.bench.JacksonFloor "$input" | grep '^RESULT ')"
fi
responses="$(sed -E 's/.*responses=([0-9]+).*/\1/' <<< "$line")"
bytes="$(sed -E 's/.*bytes=([0-9]+).*/\1/' <<< "$line")"

checks=""
if [[ -d "$work/c/restricted" ]]; then
  echo "== check: DuckDB's figures against the job's restricted/episodes" >&2
  checks+="$(locked java -cp "$bench_cp" quebec.balises.bench.DuckDbIndicator --input="$input" \
    --asOf="$as_of" --check="$work/c" | grep '^CHECK' || true)"$'\n'
fi
for other in d e; do
  if [[ -d "$work/c/restricted" && -d "$work/$other/restricted" ]]; then
    echo "== check: ($other) wrote the same data as (c)" >&2
    checks+="($other) vs (c): $(locked java -cp "$bench_cp" quebec.balises.bench.CompareOutputs \
      "$work/c" "$work/$other" | tail -n 1 || true)"$'\n'
  fi
done

{
  echo "Balises benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"\
       "$(java -version 2>&1 | head -n 1), -Xmx$heap, input $input"
  echo
  java -cp "$bench_cp" quebec.balises.bench.ResultsTable --results="$results" \
    --responses="$responses" --bytes="$bytes"
  echo
  printf '%s' "$checks"
} | tee "$work/table.md"
