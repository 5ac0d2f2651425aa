#!/usr/bin/env bash
# The full benchmark suite: every benchmark with its own forks, warm-up and iterations (2 forks, 3 x 1 s warm-up,
# 5 x 1 s measured), both payload sizes, three wait strategies, recovery over 10M events, -prof gc. The benchmarks
# each goal compares run first, one JMH run per goal pair (jmh-<goal>.json, both sides back to back), then the
# rest of the suite (jmh.json); then the
# latency harness at 100k, 500k and 1M events/s for 20 s each with both flush policies; then what high availability
# costs (ClusterBenchMain: a 3-member cluster in one JVM vs the standalone engine, trading workload, throughput and
# latency at 10k events/s; about 4 minutes, 2 with --fast); then the goal runs of the `ferrite` command line and the
# allocation probe (bench/run-goals.sh, into DIR/goals, about 4 minutes); then the report, which opens with every
# goal of issue 13: target, measured, pass or miss. The JMH suite includes the connector pairs (csvToSqlite,
# kafkaToKafka); kafkaToKafka starts a real KRaft broker inside its fork (loopback), 2-3 minutes for the pair (--fast).
# Expect about an hour on 2 cores. Run it on a quiet machine: nothing else compiling or benchmarking.
#
#   bench/run-full.sh [--out DIR] [--no-build] [--fast] [--smoke]
# The default DIR is bench/results/<date>-<cores>core-jdk<version>; REPORT.md there is the results file.
# --fast runs every benchmark with one fork, 3 x 1 s warm-up, 5 x 2 s measured, the yielding wait strategy only, and
# 15 s latency runs: 25-40 minutes (40 on a slow host), for the committed results of a machine class.
# --smoke runs every step with the smallest settings (one 1 s iteration, one wait strategy, 20k-event recovery,
# 2 s latency runs): it checks that the suite works, its numbers mean nothing.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT_DIR="$(dirname "$BENCH_DIR")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JDK_VERSION="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
CORES="$(nproc)"
DATE="$(date -u +%F)"
OUT="$BENCH_DIR/results/$DATE-${CORES}core-jdk$JDK_VERSION"
BUILD=1
JMH_ARGS=(-prof gc -p waitStrategy=yielding,sleeping,blocking -p events=10000000)
LATENCY_ARGS=(--rates 100k,500k,1m --warmup 5s --duration 20s)
GOALS_ARGS=()
CLUSTER_ARGS=(--events 500000 --rate 10000 --warmup 10 --duration 60)
while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --fast)
            # Every benchmark once, with the 2-core-safe wait strategy only.
            JMH_ARGS=(-prof gc -f 1 -wi 3 -i 5 -w 1s -r 2s -p waitStrategy=yielding -p events=10000000)
            LATENCY_ARGS=(--rates 100k,500k,1m --warmup 5s --duration 15s)
            GOALS_ARGS=(--fast)
            CLUSTER_ARGS=(--events 200000 --rate 10000 --warmup 5 --duration 20)
            shift ;;
        --smoke)
            JMH_ARGS=(-prof gc -f 1 -wi 0 -i 1 -w 1s -r 1s -p waitStrategy=yielding -p events=20000)
            LATENCY_ARGS=(--rates 100k,500k --warmup 1s --duration 2s)
            GOALS_ARGS=(--smoke)
            CLUSTER_ARGS=(--events 20000 --rate 2000 --warmup 1 --duration 2)
            shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | cut -c3-; exit 0 ;;
        *) echo "run-full.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
JAR="$BENCH_DIR/target/benchmarks.jar"

if [ "$BUILD" = 1 ]; then
    echo "== building $JAR"
    # tools too: the goals step runs the `ferrite` command line.
    (cd "$ROOT_DIR" && mvn -B -q -DskipTests -pl bench,tools -am package)
fi
[ -f "$JAR" ] || { echo "run-full.sh: $JAR missing; build it or drop --no-build" >&2; exit 1; }
mkdir -p "$OUT/latency-none" "$OUT/latency-batch"
# The Chronicle/Agrona flags for this JDK, for the JVMs started here (JMH passes them on to its forks itself).
FLAGS="$("$JAVA" -cp "$JAR" io.ferrite.bench.BenchJvm)"

CPU_MODEL="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
{
    echo "date: $DATE"
    echo "cores: $CORES ($CPU_MODEL)"
    echo "jdk: $("$JAVA" -version 2>&1 | head -1)"
    echo "kernel: $(uname -sr)"
    echo "load before start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
    echo "commit: $(cd "$ROOT_DIR" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

# The benchmarks each goal compares, pair by pair, each pair in a JMH run of its own so that both sides of a ratio
# are measured back to back: on a shared host the speed drifts over the 10-20 minutes of the suite, and in one JMH
# run of everything (sorted by name) the two sides of a pair lay up to 10 minutes apart.
GOAL_PAIRS=(
    "append:(FerriteJournalBenchmark|RawChronicleQueueBenchmark|MappedFileBenchmark).append(Batched|Fresh)?\$"
    "pipeline:(EngineJournaledPipelineBenchmark|HandWiredJournaledPipelineBenchmark).journaledPipeline\$"
    "replay:(EngineReplayBenchmark|RawChronicleQueueReplayBenchmark).replay\$"
    "recovery:(EngineRecoveryBenchmark|RawChronicleQueueReplayBenchmark).recover\$"
    "workload:(BareProcessorWorkloadBenchmark|WorkloadBenchmark).workload\$"
)
JMH_FILES=()
EXCLUDES=()
for PAIR in "${GOAL_PAIRS[@]}"; do
    NAME="${PAIR%%:*}"
    REGEX="${PAIR#*:}"
    echo "== JMH goal pair $NAME, log in $OUT/jmh-$NAME.txt"
    # shellcheck disable=SC2086 # the flags are one word each
    "$JAVA" $FLAGS -cp "$JAR" io.ferrite.bench.BenchRunner "$REGEX" \
        "${JMH_ARGS[@]}" \
        -rf json -rff "$OUT/jmh-$NAME.json" \
        > "$OUT/jmh-$NAME.txt" 2>&1 || { echo "JMH failed, see $OUT/jmh-$NAME.txt" >&2; exit 1; }
    JMH_FILES+=(--jmh "$OUT/jmh-$NAME.json")
    EXCLUDES+=(-e "$REGEX")
done

echo "== JMH (the rest of the suite), log in $OUT/jmh.txt"
# Busy-spin is left out: on 2 cores most shapes would be refused, and the rest would measure the scheduler.
# shellcheck disable=SC2086 # the flags are one word each
"$JAVA" $FLAGS -cp "$JAR" io.ferrite.bench.BenchRunner \
    "${JMH_ARGS[@]}" "${EXCLUDES[@]}" \
    -rf json -rff "$OUT/jmh.json" \
    > "$OUT/jmh.txt" 2>&1 || { echo "JMH failed, see $OUT/jmh.txt" >&2; exit 1; }
JMH_FILES+=(--jmh "$OUT/jmh.json")

for FLUSH in NONE BATCH; do
    DIR="$OUT/latency-$(echo "$FLUSH" | tr 'A-Z' 'a-z')"
    echo "== latency harness, flush $FLUSH"
    # shellcheck disable=SC2086
    "$JAVA" $FLAGS -cp "$JAR" io.ferrite.bench.latency.LatencyMain \
        "${LATENCY_ARGS[@]}" --flush "$FLUSH" --out "$DIR"
done

echo "== high availability: 3-member cluster vs standalone engine, log in $OUT/cluster/cluster.txt"
mkdir -p "$OUT/cluster"
# Aeron's media drivers run in this JVM and need jdk.internal.misc opened, as the cluster's own processes do.
# shellcheck disable=SC2086
"$JAVA" $FLAGS --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$JAR" \
    io.ferrite.bench.cluster.ClusterBenchMain "${CLUSTER_ARGS[@]}" --out "$OUT/cluster" \
    > "$OUT/cluster/cluster.txt" 2>&1 || { echo "cluster benchmark failed, see $OUT/cluster/cluster.txt" >&2; exit 1; }
grep -E '^(standalone|3-member)' "$OUT/cluster/cluster.txt" || true

# The goals the suites above do not measure: the CLI through tools/bin/ferrite, allocation per event.
"$BENCH_DIR/run-goals.sh" --out "$OUT/goals" --no-build "${GOALS_ARGS[@]}"

echo "== report"
# shellcheck disable=SC2086
"$JAVA" $FLAGS -cp "$JAR" io.ferrite.bench.report.ReportMain \
    "${JMH_FILES[@]}" --latency "$OUT/latency-none/latency.json" --goals "$OUT/goals" --out "$OUT/REPORT.md" \
    --title "Ferrite benchmarks: $CORES cores ($CPU_MODEL), JDK $JDK_VERSION, $DATE"
# shellcheck disable=SC2086
"$JAVA" $FLAGS -cp "$JAR" io.ferrite.bench.report.ReportMain \
    --latency "$OUT/latency-batch/latency.json" --out "$OUT/latency-batch/REPORT.md" \
    --title "Ferrite latency with flush BATCH: $CORES cores, JDK $JDK_VERSION, $DATE"
# The HA comparison is its own section at the end of the report.
{ echo; cat "$OUT/cluster/cluster-vs-standalone.md"; } >> "$OUT/REPORT.md"
echo "== done: $OUT/REPORT.md (flush BATCH latency: $OUT/latency-batch/REPORT.md)"
