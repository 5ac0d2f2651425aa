package io.ferrite.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JVM flags every benchmark fork runs with: those Chronicle Queue and Agrona need on JDK 17+, those that keep
 * Chronicle quiet and private, and a fixed heap. They mirror the parent pom's {@code ferrite.jvm.opens} and
 * {@code ferrite.jvm.quiet} properties (a unit test checks that they stay in step).
 * <p>
 * Each flag is a compile-time constant so that {@link BenchmarkDefaults} can list them in its {@code @Fork}
 * annotation. Flags that only newer JDKs accept are kept apart: {@code --sun-misc-unsafe-memory-access} stops a JDK 17
 * fork from starting, so {@link BenchRunner} adds such flags only when the running JDK takes them.
 */
public final class BenchJvm
{
    /** Chronicle Queue reflects into {@code java.lang}. */
    public static final String OPENS_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** Chronicle Queue: without it the queue silently opens read-only. */
    public static final String OPENS_LANG_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** Chronicle Bytes reaches into direct buffers. */
    public static final String OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    /** Chronicle uses the JDK's CRC internals. */
    public static final String OPENS_ZIP = "--add-opens=java.base/java.util.zip=ALL-UNNAMED";
    /** Chronicle Queue maps files through {@code FileChannelImpl.map0}. */
    public static final String EXPORTS_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle cleans mapped buffers; silences a warning. */
    public static final String EXPORTS_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    /** Agrona 2.x {@code UnsafeBuffer} needs {@code jdk.internal.misc.Unsafe}. */
    public static final String EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** {@code sun.misc.Unsafe} for Chronicle and the Disruptor. */
    public static final String EXPORTS_SUN_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    /** Chronicle Queue must never phone home from a benchmark machine. */
    public static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** No start-up banner in the benchmark output. */
    public static final String NO_ANNOUNCER = "-Dchronicle.announcer.disable=true";
    /** No "Took N ms to add mapping" lines in the benchmark output. */
    public static final String NO_PERF_INFO = "-Ddisable.perf.info=true";
    /** A fixed heap, so that heap resizing is not part of any measurement. */
    public static final String HEAP_MIN = "-Xms1g";
    /** A fixed heap, so that heap resizing is not part of any measurement. */
    public static final String HEAP_MAX = "-Xmx1g";

    /** Silences the restricted-method warnings of newer JDKs; added from {@link #FIRST_JDK_NATIVE_ACCESS}. */
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /**
     * Silences the {@code sun.misc.Unsafe} deprecation warnings; added from {@link #FIRST_JDK_UNSAFE_MEMORY_ACCESS}.
     * A JDK 17 (or 21, 22) JVM refuses to start with it: "Unrecognized option".
     */
    public static final String UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";

    /** The first JDK feature release given {@link #NATIVE_ACCESS}. */
    public static final int FIRST_JDK_NATIVE_ACCESS = 21;
    /** The first JDK feature release that knows {@link #UNSAFE_MEMORY_ACCESS} (JEP 471). */
    public static final int FIRST_JDK_UNSAFE_MEMORY_ACCESS = 23;

    private static final List<String> FOR_EVERY_JDK = List.of(
        OPENS_LANG, OPENS_LANG_REFLECT, OPENS_NIO, OPENS_ZIP,
        EXPORTS_NIO_CH, EXPORTS_REF, EXPORTS_MISC, EXPORTS_SUN_MISC,
        NO_ANALYTICS, NO_ANNOUNCER, NO_PERF_INFO,
        HEAP_MIN, HEAP_MAX);

    private BenchJvm()
    {
    }

    /**
     * Print the flags for the running JDK on one line, for scripts that start the latency harness:
     * {@code java $(java -cp benchmarks.jar io.ferrite.bench.BenchJvm) -cp benchmarks.jar ...}.
     *
     * @param args ignored.
     */
    public static void main(final String[] args)
    {
        System.out.println(String.join(" ", forJdk(Runtime.version().feature())));
    }

    /**
     * @return the flags that every supported JDK (17+) accepts; the same list {@link BenchmarkDefaults} carries.
     */
    public static List<String> forEveryJdk()
    {
        return FOR_EVERY_JDK;
    }

    /**
     * @param javaFeatureVersion the feature release of the JVM that will run the fork, e.g. 17 or 25.
     * @return the flags for a fork on that JDK: {@link #forEveryJdk()} plus the warning silencers that JDK knows.
     */
    public static List<String> forJdk(final int javaFeatureVersion)
    {
        final List<String> flags = new ArrayList<>(FOR_EVERY_JDK);
        if (javaFeatureVersion >= FIRST_JDK_NATIVE_ACCESS)
        {
            flags.add(NATIVE_ACCESS);
        }
        if (javaFeatureVersion >= FIRST_JDK_UNSAFE_MEMORY_ACCESS)
        {
            flags.add(UNSAFE_MEMORY_ACCESS);
        }
        return Collections.unmodifiableList(flags);
    }
}
