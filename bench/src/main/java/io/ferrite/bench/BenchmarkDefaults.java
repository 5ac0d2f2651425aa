package io.ferrite.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every Ferrite benchmark shares, inherited by extending this class (JMH reads these annotations from
 * superclasses): throughput in operations per second, forked JVMs carrying {@link BenchJvm#forEveryJdk()}, and
 * enough warm-up for C2 to settle. Command-line options ({@code -f}, {@code -wi}, {@code -i}, {@code -jvmArgsAppend})
 * override any of them; {@link BenchRunner} adds the flags that only newer JDKs accept.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {
    BenchJvm.OPENS_LANG, BenchJvm.OPENS_LANG_REFLECT, BenchJvm.OPENS_NIO, BenchJvm.OPENS_ZIP,
    BenchJvm.EXPORTS_NIO_CH, BenchJvm.EXPORTS_REF, BenchJvm.EXPORTS_MISC, BenchJvm.EXPORTS_SUN_MISC,
    BenchJvm.NO_ANALYTICS, BenchJvm.NO_ANNOUNCER, BenchJvm.NO_PERF_INFO,
    BenchJvm.HEAP_MIN, BenchJvm.HEAP_MAX })
public abstract class BenchmarkDefaults
{
    /**
     * Events published per benchmark invocation by the pipeline benchmarks, declared to JMH with
     * {@code @OperationsPerInvocation} so that scores are per event. Large enough that filling and draining the
     * pipeline once per invocation costs well under 1% of it, small enough for many invocations per iteration.
     */
    public static final int PIPELINE_BATCH = 1 << 17;

    /** Ring (and queue) capacity of the pipeline benchmarks, in events: the Disruptor's own perf tests use 64K. */
    public static final int RING_SIZE = 1 << 16;

    /**
     * Events in the journal that each replay benchmark invocation reads from start to end, declared to JMH with
     * {@code @OperationsPerInvocation} so that scores are events per second.
     */
    public static final int REPLAY_EVENTS = 1 << 20;

    /** How long a benchmark waits for a pipeline to drain before it fails instead of hanging the run. */
    public static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
}
