#!/usr/bin/env bash
# The goal measurements of issue 13 that JMH and the latency harness do not make, run the way a user runs them:
# the `ferrite` command line through tools/bin/ferrite (class-data sharing on), and the steady-state allocation per
# event; plus one short JMH run of the bare trading processor (fixed at -f 1 -wi 3 -i 5 -w 1s -r 2s), the flat run's
# baseline, just before it. bench/run-full.sh runs this as its "goals" step; ReportMain --goals DIR turns the files into the report's
# Goals table.
#
#   bench/run-goals.sh --out DIR [--fast | --smoke] [--no-build]
#
# Writes into DIR:
#   cds.txt                  the CDS archive (JDK 25+: AOT cache) the start-up runs mapped (recorded here by a
#                            training run), or why none
#   start-N.json, start-N.wall   `ferrite run --workload trading --events 1 --warmup 0 --json` on an empty directory,
#                            5 times: startNanos in the JSON is Engine.start(); .wall is the whole process in ns
#   bare.json                JMH BareProcessorWorkloadBenchmark.workload (trading), the baseline of the flat run,
#                            measured just before it so that the ratio is not skewed by the host's drift
#   flat.json                `ferrite run --workload trading --events N --json`, flat out, defaults (N = 5,000,000)
#   rate-default.json/.hlog  `ferrite run --workload trading --rate 100000 --json`, defaults (20 s of events)
#   rate-busy.json/.hlog     the same with --threading shared --wait busy_spin (two busy threads)
#   hiccup-2.json, hiccup-1.json   io.ferrite.bench.latency.HiccupMain with two and one busy threads and no Ferrite
#                            code, as long as a paced run: the latency floor this machine sets (see HiccupMain)
#   rate-invoker.json/.hlog  the paced run with --threading invoker --wait busy_spin: the producer's thread drives
#                            the engine, one busy thread, which leaves a core to the rest of the machine
#   alloc-shared.json, alloc-dedicated.json   io.ferrite.bench.goals.AllocationMain (bytes/event, all threads)
#   goals.log                every command and its stderr
# Default sizes take ~4 minutes on 2 cores; --fast uses 15 s paced runs; --smoke the smallest sizes (checks only).
# Data directories go under $FERRITE_BENCH_DIR (default: the temp directory) and are deleted after each step.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT_DIR="$(dirname "$BENCH_DIR")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT=""
BUILD=1
STARTS=5
FLAT_EVENTS=5000000
RATE_SECONDS=20
ALLOC_EVENTS=5000000
ALLOC_WARMUP=2000000
BARE_JMH=(-f 1 -wi 3 -i 5 -w 1s -r 2s)
while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --fast) RATE_SECONDS=15; shift ;;
        --smoke) STARTS=2; FLAT_EVENTS=200000; RATE_SECONDS=2; ALLOC_EVENTS=200000; ALLOC_WARMUP=100000
            BARE_JMH=(-f 1 -wi 0 -i 1 -w 1s -r 1s); shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | cut -c3-; exit 0 ;;
        *) echo "run-goals.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$OUT" ] || { echo "run-goals.sh: --out DIR is required" >&2; exit 2; }

FERRITE="$ROOT_DIR/tools/bin/ferrite"
FERRITE_JAR="${FERRITE_JAR:-$ROOT_DIR/tools/target/ferrite.jar}"
BENCH_JAR="$BENCH_DIR/target/benchmarks.jar"
export FERRITE_JAR
if [ "$BUILD" = 1 ]; then
    echo "== building $FERRITE_JAR and $BENCH_JAR"
    (cd "$ROOT_DIR" && mvn -B -q -DskipTests -pl tools,bench -am package)
fi
for JAR in "$FERRITE_JAR" "$BENCH_JAR"; do
    [ -f "$JAR" ] || { echo "run-goals.sh: $JAR missing; build it or drop --no-build" >&2; exit 1; }
done
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
LOG="$OUT/goals.log"
: > "$LOG"
SCRATCH="$(mktemp -d "${FERRITE_BENCH_DIR:-${TMPDIR:-/tmp}}/ferrite-goals.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT

# ferrite NAME ARGS...: run `ferrite ARGS` with stdout into $OUT/NAME.json, stderr into the log; fails the step.
ferrite() {
    local name="$1"; shift
    echo "\$ ferrite $*" >> "$LOG"
    if ! "$FERRITE" "$@" > "$OUT/$name.json" 2>> "$LOG"; then
        echo "run-goals.sh: 'ferrite $*' failed, see $LOG" >&2
        return 1
    fi
}

echo "== goals: class-data-sharing archive (a training run records it beside the jar)"
# A rebuilt jar makes the JVM ignore an older archive silently: start from none, as a fresh build does.
rm -f "$(dirname "$FERRITE_JAR")"/ferrite-jdk*.jsa "$(dirname "$FERRITE_JAR")"/ferrite-jdk*.aot*
ferrite cds-training run --workload trading --data "$SCRATCH/train" --events 100000 --json
rm -f "$OUT/cds-training.json"
rm -rf "$SCRATCH/train"
# On JDK 25+ the training run leaves an AOT configuration; the next command turns it into the AOT cache (a few
# seconds, once), which is not what the timed start-ups below should measure.
echo "\$ ferrite --version" >> "$LOG"
"$FERRITE" --version > /dev/null 2>> "$LOG"
ARCHIVE="$(ls "$(dirname "$FERRITE_JAR")"/ferrite-jdk*.jsa "$(dirname "$FERRITE_JAR")"/ferrite-jdk*.aot 2>/dev/null |
    head -1 || true)"
if [ -n "$ARCHIVE" ]; then
    echo "on, $(basename "$ARCHIVE")" > "$OUT/cds.txt"
else
    echo "none (the training run recorded no archive; FERRITE_CDS=${FERRITE_CDS:-on}, JAVA_OPTS=${JAVA_OPTS:-})" \
        > "$OUT/cds.txt"
fi
cat "$OUT/cds.txt"

echo "== goals: start-up on an empty directory, $STARTS runs"
for i in $(seq 1 "$STARTS"); do
    T0=$(date +%s%N)
    ferrite "start-$i" run --workload trading --data "$SCRATCH/start-$i" --events 1 --warmup 0 --json
    T1=$(date +%s%N)
    echo $((T1 - T0)) > "$OUT/start-$i.wall"
    rm -rf "$SCRATCH/start-$i"
done

FLAGS="$("$JAVA" -cp "$BENCH_JAR" io.ferrite.bench.BenchJvm)"
echo "== goals: the bare trading processor (JMH), the flat run's baseline"
echo "\$ BenchRunner BareProcessorWorkloadBenchmark.workload -p workload=trading ${BARE_JMH[*]}" >> "$LOG"
# shellcheck disable=SC2086 # the flags are one word each
"$JAVA" $FLAGS -cp "$BENCH_JAR" io.ferrite.bench.BenchRunner 'BareProcessorWorkloadBenchmark.workload$' \
    -p workload=trading "${BARE_JMH[@]}" -rf json -rff "$OUT/bare.json" >> "$LOG" 2>&1 ||
    { echo "run-goals.sh: the bare processor benchmark failed, see $LOG" >&2; exit 1; }

echo "== goals: ferrite run --workload trading --events $FLAT_EVENTS, flat out"
ferrite flat run --workload trading --data "$SCRATCH/flat" --events "$FLAT_EVENTS" --json
rm -rf "$SCRATCH/flat"

RATE_EVENTS=$((100000 * RATE_SECONDS))
echo "== goals: ferrite run --rate 100000 --events $RATE_EVENTS, defaults"
ferrite rate-default run --workload trading --data "$SCRATCH/rate" --events "$RATE_EVENTS" --rate 100000 \
    --hlog "$OUT/rate-default.hlog" --json
rm -rf "$SCRATCH/rate"

echo "== goals: ferrite run --rate 100000 --threading shared --wait busy_spin"
ferrite rate-busy run --workload trading --data "$SCRATCH/rate" --events "$RATE_EVENTS" --rate 100000 \
    --threading shared --wait busy_spin --hlog "$OUT/rate-busy.hlog" --json
rm -rf "$SCRATCH/rate"

for THREADS in 2 1; do
    echo "== goals: this machine's stalls of $THREADS busy thread(s), no Ferrite code, $RATE_SECONDS s"
    echo "\$ HiccupMain $THREADS $RATE_SECONDS --json $OUT/hiccup-$THREADS.json" >> "$LOG"
    # Context only: a failure is reported and the goal runs go on.
    "$JAVA" -cp "$BENCH_JAR" io.ferrite.bench.latency.HiccupMain "$THREADS" "$RATE_SECONDS" \
        --json "$OUT/hiccup-$THREADS.json" >> "$LOG" 2>&1 ||
        echo "run-goals.sh: HiccupMain $THREADS failed, see $LOG" >&2
done

echo "== goals: ferrite run --rate 100000 --threading invoker --wait busy_spin (one busy thread)"
ferrite rate-invoker run --workload trading --data "$SCRATCH/rate" --events "$RATE_EVENTS" --rate 100000 \
    --threading invoker --wait busy_spin --hlog "$OUT/rate-invoker.hlog" --json
rm -rf "$SCRATCH/rate"

for THREADING in shared dedicated; do
    echo "== goals: allocation per event, threading $THREADING"
    echo "\$ AllocationMain --threading $THREADING --events $ALLOC_EVENTS --warmup $ALLOC_WARMUP" >> "$LOG"
    # shellcheck disable=SC2086 # the flags are one word each
    FERRITE_BENCH_DIR="$SCRATCH" "$JAVA" $FLAGS -cp "$BENCH_JAR" io.ferrite.bench.goals.AllocationMain \
        --threading "$THREADING" --events "$ALLOC_EVENTS" --warmup "$ALLOC_WARMUP" \
        --out "$OUT/alloc-$THREADING.json" > /dev/null 2>> "$LOG"
done
echo "== goals: done, in $OUT"
