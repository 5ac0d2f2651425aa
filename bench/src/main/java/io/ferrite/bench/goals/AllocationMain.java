package io.ferrite.bench.goals;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.agrona.concurrent.UnsafeBuffer;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.Drain;
import io.ferrite.bench.Json;
import io.ferrite.bench.Payloads;
import io.ferrite.bench.WaitKind;
import io.ferrite.bench.engine.ChecksumProcessor;
import io.ferrite.bench.engine.FerriteEngines;
import io.ferrite.engine.Engine;
import io.ferrite.engine.EventClaim;
import io.ferrite.engine.processor.Pipeline;

/**
 * Bytes allocated per event on publish → journal → process, in steady state: one engine (journal flush NONE by
 * default, or BATCH with {@code --flush}; one processor) is warmed up, then the heap allocation of <em>every</em> thread of the JVM (producer, engine threads,
 * Chronicle's and the engine's background threads) is read before and after publishing a fixed number of events and
 * waiting until the processor has handled the last one.
 * <p>
 * The event path is the producer (this program's thread) and the engine's agent threads (journaller and processor,
 * or the one shared thread, and with flush BATCH the flusher): what they allocate is the figure for "no allocation per event". Background threads
 * (the journal's block pre-allocation, the latency interval log, Chronicle's resource releaser) allocate per second
 * or per segment, not per event; they are listed, and counted in {@code allocatedBytes}.
 * <p>
 * JMH's {@code -prof gc} figure for the journaled pipeline also counts the engine each iteration builds; this one
 * counts only the events, which is what "no allocation per event" promises.
 * <pre>
 *   java $(java -cp benchmarks.jar io.ferrite.bench.BenchJvm) -cp benchmarks.jar io.ferrite.bench.goals.AllocationMain \
 *       [--events N] [--warmup N] [--threading shared|dedicated] [--flush NONE|BATCH] [--out FILE]
 * </pre>
 * Prints (and with {@code --out} writes) a JSON object: {@code events}, {@code eventPathBytes},
 * {@code eventPathBytesPerEvent}, {@code allocatedBytes} and {@code bytesPerEvent} (all threads), {@code threading}
 * and {@code threads} (bytes per thread name, those that allocated).
 * Exit codes: 0 done, 1 the run failed, 2 bad usage.
 */
public final class AllocationMain
{
    /** The usage text. */
    public static final String USAGE = String.join(System.lineSeparator(),
        "Usage: AllocationMain [--events N] [--warmup N] [--threading shared|dedicated] [--flush NONE|BATCH] " +
            "[--out FILE]",
        "  Bytes allocated by all threads per event published, journaled and processed, after a warm-up.");

    private static final int RING_SIZE = 16 * 1024;
    private static final int PAYLOAD_SIZE = 64;
    private static final long DRAIN_TIMEOUT_NANOS = 120_000_000_000L;
    private static final String PROCESSOR_NAME = "checksum";

    private AllocationMain()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(System.out, System.err, args));
    }

    /**
     * @param out  where the JSON goes.
     * @param err  where errors go.
     * @param args see {@link #USAGE}.
     * @return the exit code.
     */
    public static int run(final PrintStream out, final PrintStream err, final String... args)
    {
        long events = 5_000_000;
        long warmup = 2_000_000;
        String threading = "shared";
        String flush = "NONE";
        Path outFile = null;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                if ("--help".equals(args[i]) || "-h".equals(args[i]))
                {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                final String value = args[++i];
                switch (args[i - 1])
                {
                    case "--events":
                        events = Long.parseLong(value);
                        break;
                    case "--warmup":
                        warmup = Long.parseLong(value);
                        break;
                    case "--threading":
                        FerriteEngines.threading(value);
                        threading = value;
                        break;
                    case "--flush":
                        FerriteEngines.flushPolicy(value);
                        flush = value;
                        break;
                    case "--out":
                        outFile = Paths.get(value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
            if (events <= 0 || warmup < 0)
            {
                throw new IllegalArgumentException("--events must be positive and --warmup not negative");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("error: " + ex.getMessage());
            err.println(USAGE);
            return 2;
        }

        try
        {
            final String json = measure(events, warmup, threading, flush);
            out.println(json);
            if (null != outFile)
            {
                Files.writeString(outFile, json + System.lineSeparator(), StandardCharsets.UTF_8);
            }
            return 0;
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("error: " + ex);
            return 1;
        }
    }

    private static String measure(final long events, final long warmup, final String threading, final String flush)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        final Path directory = BenchFiles.newDirectory("ferrite-allocation");
        final ChecksumProcessor processor = new ChecksumProcessor();
        final UnsafeBuffer template = Payloads.template(PAYLOAD_SIZE);
        final EventClaim claim = new EventClaim();
        try (Engine engine = FerriteEngines.builder(directory, RING_SIZE, PAYLOAD_SIZE, WaitKind.YIELDING, flush,
                Pipeline.builder().stage(PROCESSOR_NAME, processor).build())
            .threadingMode(FerriteEngines.threading(threading))
            .build())
        {
            engine.start();
            final LongSupplier processed = processor::processedSequence;
            publish(engine, claim, template, 1, warmup, processed);
            // Once unmeasured: its first string concatenation bootstraps ~100 KB of method handles.
            allocatedByThread(threads);

            final Map<String, Long> before = allocatedByThread(threads);
            final long last = publish(engine, claim, template, warmup + 1, warmup + events, processed);
            final Map<String, Long> after = allocatedByThread(threads);
            if (processor.count() != warmup + events || last != warmup + events)
            {
                throw new IllegalStateException("processed " + processor.count() + " of " + (warmup + events) +
                    " events");
            }

            final String producer = threadKey(Thread.currentThread().getName(), Thread.currentThread().getId());
            long total = 0;
            long eventPath = 0;
            final Map<String, Long> byThread = new TreeMap<>();
            for (final Map.Entry<String, Long> entry : after.entrySet())
            {
                final long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
                if (delta > 0)
                {
                    byThread.put(entry.getKey(), delta);
                    total += delta;
                    if (entry.getKey().equals(producer) || isAgentThread(entry.getKey()))
                    {
                        eventPath += delta;
                    }
                }
            }
            final StringBuilder json = new StringBuilder(256).append('{')
                .append("\"threading\": ").append(Json.quote(threading))
                .append(", \"flush\": ").append(Json.quote(flush))
                .append(", \"warmupEvents\": ").append(warmup)
                .append(", \"events\": ").append(events)
                .append(", \"eventPathBytes\": ").append(eventPath)
                .append(", \"eventPathBytesPerEvent\": ").append(Json.number((double)eventPath / events))
                .append(", \"allocatedBytes\": ").append(total)
                .append(", \"bytesPerEvent\": ").append(Json.number((double)total / events))
                .append(", \"threads\": {");
            boolean first = true;
            for (final Map.Entry<String, Long> entry : byThread.entrySet())
            {
                json.append(first ? "" : ", ").append(Json.quote(entry.getKey())).append(": ").append(entry.getValue());
                first = false;
            }
            return json.append("}}").toString();
        }
        finally
        {
            BenchFiles.delete(directory);
        }
    }

    private static long publish(
        final Engine engine, final EventClaim claim, final UnsafeBuffer template, final long from, final long to,
        final LongSupplier processed)
    {
        long sequence = 0;
        for (long value = from; value <= to; value++)
        {
            sequence = FerriteEngines.publish(engine, claim, value, template, PAYLOAD_SIZE);
        }
        if (sequence > 0)
        {
            Drain.await(processed, sequence, DRAIN_TIMEOUT_NANOS, "ferrite engine");
        }
        return sequence;
    }

    /**
     * @return true for an engine agent thread of this probe's engine: named after its agent (the journaller, the
     * processor, the flusher) or, for a SHARED engine, after all of them in brackets.
     */
    private static boolean isAgentThread(final String key)
    {
        final String name = key.substring(0, key.lastIndexOf('#'));
        return "journaller".equals(name) || "flusher".equals(name) || PROCESSOR_NAME.equals(name) ||
            name.startsWith("[");
    }

    private static String threadKey(final String name, final long id)
    {
        return name + "#" + id;
    }

    /** Bytes allocated so far per live thread, keyed by name and id (names repeat). */
    private static Map<String, Long> allocatedByThread(final com.sun.management.ThreadMXBean threads)
    {
        // Names first, bytes last: what this method allocates before reading the bytes is not counted as an event's.
        final long[] ids = threads.getAllThreadIds();
        final java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids);
        final long[] bytes = threads.getThreadAllocatedBytes(ids);
        final Map<String, Long> result = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++)
        {
            if (null != infos[i] && bytes[i] >= 0)
            {
                result.put(threadKey(infos[i].getThreadName(), ids[i]), bytes[i]);
            }
        }
        return result;
    }
}
