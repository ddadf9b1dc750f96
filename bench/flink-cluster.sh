#!/usr/bin/env bash
# Runs the job on a real multi-process Flink session cluster and checks that it publishes the same
# bytes as the embedded run.
#
#   bench/flink-cluster.sh [--input=GLOB] [--asOf=YYYY-MM-DD] [--work=DIR]
#
# It starts, on 127.0.0.1, one JobManager and two TaskManagers, each in its own JVM, from the Flink
# classes already inside pipelines/target/balises.jar (nothing is downloaded), the way Flink's own
# start scripts do: BashJavaUtils derives each process's JVM memory flags from flink-conf.yaml. It
# then submits the job with --runner=FlinkRunner --flinkMaster=127.0.0.1:PORT, runs it again on the
# default (embedded) runner, and compares the SHA-256 of every file under public/ (release.json,
# CHANGELOG.md and changes.csv aside: they name the run or compare with the previous release).
# Exit 0 when they are equal; the cluster is stopped either way.
#
# Against an existing cluster, only the submission line is needed:
#   java -jar pipelines/target/balises.jar run --runner=FlinkRunner --flinkMaster=HOST:REST_PORT ...
set -euo pipefail
cd "$(dirname "$0")/.."

input='sample-data/fhir/*'
as_of=2026-11-01
work=""
for arg in "$@"; do
  case "$arg" in
    --input=*) input="${arg#--input=}" ;;
    --asOf=*) as_of="${arg#--asOf=}" ;;
    --work=*) work="${arg#--work=}" ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
jar=pipelines/target/balises.jar
test -f "$jar" || { echo "build the jar first: mvn -B -q package -DskipTests" >&2; exit 2; }
work="${work:-$(mktemp -d)}"
mkdir -p "$work/conf" "$work/log"

# Free ports for the REST endpoint and the JobManager's RPC, so that a CI machine running something
# on 8081 does not get in the way.
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 30000))
    # A port nobody answers on (bash's /dev/tcp: no python or netcat needed).
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      echo "$port"
      return
    fi
  done
}
rest_port=$(free_port)
rpc_port=$(free_port)
cat > "$work/conf/flink-conf.yaml" <<CONF
jobmanager.rpc.address: 127.0.0.1
jobmanager.bind-host: 127.0.0.1
jobmanager.rpc.port: $rpc_port
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: 1
jobmanager.memory.process.size: 1024m
taskmanager.memory.process.size: 3584m
# The job is one long graph (every dataset has its own sink), so one slot runs many operators at
# once, each with its network buffers: Flink's default share (10 %) is not enough, and 512 MB ran
# out (273 of 512 buffers free) once the population and the portraits' datasets joined the graph.
taskmanager.memory.network.min: 1024m
taskmanager.memory.network.max: 1024m
parallelism.default: 2
CONF

# BashJavaUtils prints its results on lines prefixed BASH_JAVA_UTILS_EXEC_RESULT: first the JVM
# flags, then the dynamic properties (as taskmanager.sh and jobmanager.sh read them).
resource_params() {
  java -cp "$jar" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$work/conf" \
    | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}
mapfile -t jm < <(resource_params GET_JM_RESOURCE_PARAMS)
mapfile -t tm < <(resource_params GET_TM_RESOURCE_PARAMS)

# GET on the cluster's REST API (curl when there is one, else bash's /dev/tcp).
rest_get() {
  if command -v curl > /dev/null; then
    curl -sf "http://127.0.0.1:$rest_port$1"
  else
    (exec 3<> "/dev/tcp/127.0.0.1/$rest_port" \
      && printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3 && cat <&3)
  fi
}

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done; wait 2> /dev/null || true; }
trap stop EXIT

# shellcheck disable=SC2086 # the JVM flags and dynamic properties are space-separated lists
java ${jm[0]} -cp "$jar" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
  --configDir "$work/conf" ${jm[1]} > "$work/log/jobmanager.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  # shellcheck disable=SC2086
  java ${tm[0]} -cp "$jar" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$work/conf" ${tm[1]} > "$work/log/taskmanager-$i.log" 2>&1 &
  pids+=($!)
done

echo "== waiting for the JobManager (REST on 127.0.0.1:$rest_port) and two TaskManagers"
for _ in $(seq 1 120); do
  registered=$(rest_get /taskmanagers 2> /dev/null | grep -o '"id"' | wc -l || true)
  [ "${registered:-0}" -ge 2 ] && break
  sleep 1
done
if [ "${registered:-0}" -lt 2 ]; then
  echo "the cluster did not come up with two TaskManagers; logs in $work/log" >&2
  exit 1
fi
echo "== cluster up: JobManager pid ${pids[0]}, TaskManager pids ${pids[1]} ${pids[2]}"

key="$work/key"
head -c 32 /dev/urandom | base64 > "$key"
run() {
  java -Xmx2g -jar "$jar" run --input="$input" --output="$1" --pseudonymKeyFile="$key" \
    --asOf="$as_of" "${@:2}"
}
echo "== the job on the cluster"
start=$(date +%s)
run "$work/cluster-out" --runner=FlinkRunner --flinkMaster="127.0.0.1:$rest_port" \
  > "$work/log/cluster-run.log" 2>&1 || { tail -30 "$work/log/cluster-run.log" >&2; exit 1; }
echo "   $(( $(date +%s) - start )) s"
jobs_done=$(rest_get /jobs/overview | grep -o '"state":"FINISHED"' | wc -l)
echo "   jobs finished on the cluster: $jobs_done"
[ "$jobs_done" -ge 1 ] || { echo "the cluster reports no finished job" >&2; exit 1; }

echo "== the job on the default (embedded) runner"
start=$(date +%s)
run "$work/embedded-out" > "$work/log/embedded-run.log" 2>&1 \
  || { tail -30 "$work/log/embedded-run.log" >&2; exit 1; }
echo "   $(( $(date +%s) - start )) s"

# release.json and CHANGELOG.md name the run, and changes.csv compares with the previous release:
# the same files the tests' byte comparisons leave out.
hashes() {
  (cd "$1/public/" && find . -type f ! -name release.json ! -name CHANGELOG.md ! -name changes.csv \
    -print0 | sort -z | xargs -0 sha256sum)
}
if diff <(hashes "$work/cluster-out") <(hashes "$work/embedded-out") > "$work/log/public.diff"; then
  echo "== same public bytes: $(hashes "$work/cluster-out" | wc -l) files"
else
  echo "public/ differs between the cluster and the embedded run; see $work/log/public.diff" >&2
  exit 1
fi
