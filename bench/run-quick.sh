#!/usr/bin/env bash
# Quick side-by-side comparison of Ferrite and its alternatives: a few minutes on 2 cores.
# Builds bench/target/benchmarks.jar (and the modules it needs), runs a short JMH selection with -rf json,
# runs the latency harness briefly, then writes REPORT.md and latency.svg. Numbers from a quick run are rough:
# use run-full.sh for results worth keeping. See bench/README.md.
#
#   bench/run-quick.sh [--out DIR] [--no-build]
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT_DIR="$(dirname "$BENCH_DIR")"
OUT="$BENCH_DIR/results/quick"
BUILD=1
while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
        *) echo "run-quick.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="$BENCH_DIR/target/benchmarks.jar"

if [ "$BUILD" = 1 ]; then
    echo "== building $JAR"
    (cd "$ROOT_DIR" && mvn -B -q -DskipTests -pl bench -am package)
fi
[ -f "$JAR" ] || { echo "run-quick.sh: $JAR missing; build it or drop --no-build" >&2; exit 1; }
mkdir -p "$OUT/latency"
# The Chronicle/Agrona flags for this JDK, for the JVMs started here (JMH passes them on to its forks itself).
FLAGS="$("$JAVA" -cp "$JAR" io.ferrite.bench.BenchJvm)"

# One fork, short iterations: enough to rank implementations side by side, not to publish.
# Journal benchmarks at 64-byte payloads only; recovery over 1M events; every wait strategy at its default.
echo "== JMH (quick selection), log in $OUT/jmh.txt"
# shellcheck disable=SC2086 # the flags are one word each
"$JAVA" $FLAGS -cp "$JAR" io.ferrite.bench.BenchRunner \
    -f 1 -wi 1 -i 3 -w 1s -r 1s -prof gc \
    -p payloadSize=64 \
    -rf json -rff "$OUT/jmh.json" \
    'RingBenchmark' 'JournalBenchmark' 'ChronicleQueueBenchmark' 'MappedFileBenchmark' \
    'JournaledPipelineBenchmark' 'ReplayBenchmark' 'RecoveryBenchmark' 'WorkloadBenchmark' \
    > "$OUT/jmh.txt" 2>&1 || { echo "JMH failed, see $OUT/jmh.txt" >&2; exit 1; }
grep -E '^(Benchmark|[a-z]\.[a-z]\.[a-z]\.|[A-Z][A-Za-z]+Benchmark\.)' "$OUT/jmh.txt" | grep -v ':gc\.' || true

echo "== latency harness (brief)"
# shellcheck disable=SC2086
"$JAVA" $FLAGS -cp "$JAR" io.ferrite.bench.latency.LatencyMain \
    --rates 100k,500k --warmup 2s --duration 5s --out "$OUT/latency"

echo "== report"
# shellcheck disable=SC2086
"$JAVA" $FLAGS -cp "$JAR" io.ferrite.bench.report.ReportMain \
    --jmh "$OUT/jmh.json" --latency "$OUT/latency/latency.json" --out "$OUT/REPORT.md" \
    --title "Ferrite quick comparison ($(date -u +%F), $(nproc) cores, $("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p'))"
echo "== done: $OUT/REPORT.md"
