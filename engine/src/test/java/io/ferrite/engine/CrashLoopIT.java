package io.ferrite.engine;

import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.VerifyReport;
import io.ferrite.journal.test.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill -9 anywhere, restart, finish the same input: the final state digest must equal that of a run that never
 * crashed, the journal must verify clean, and the sink must hold every output exactly once. The processor emits 0 to 3
 * outputs per event and the sink writes each one separately, so a kill can cut an input's outputs part-way: the sink
 * resumes at (sequence, ordinal).
 */
@Tag("slow")
@Timeout(300)
class CrashLoopIT
{
    private static final long EVENTS = 1_500_000;
    /** Kills per mode: most in the mode this machine defaults to, enough in the others to hit every stage. */
    private static final Map<ThreadingMode, Integer> KILLS = Map.of(
        ThreadingMode.SHARED, 12, ThreadingMode.DEDICATED, 6, ThreadingMode.INVOKER, 6);
    /**
     * Input kept back for each run still to come (a fifth of a second at the child's pace, at most 250 events a
     * millisecond): a run is killed when its random time is up or when its PROGRESS reaches EVENTS less this much per
     * later run, whichever comes first, so that the input cannot run out before the last kill however fast the
     * machine. Seed 42's times add up to 7.15 s for 12 kills: 1.79M events at the child's full pace, more than the
     * input, so a machine that holds that pace has its last runs ended by the limit. Runs killed within a second
     * publish far below the pace while their JVM warms up (about 140k events a second in SHARED on 2 cores), so on
     * such machines the time wins.
     */
    private static final long RESERVE = 50_000;
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void shouldReachTheUncrashedDigestAfterRepeatedSigkill(final ThreadingMode mode) throws Exception
    {
        final Random random = new Random(42);
        final List<String> recoveries = new ArrayList<>();
        final int kills = KILLS.get(mode);
        for (int kill = 0; kill < kills; kill++)
        {
            try (ChildJvm child = launch(mode, "paced"))
            {
                recoveries.add(child.awaitLine(line -> line.startsWith("RECOVERED"), START));
                final long limit = EVENTS - (kills - kill) * RESERVE;
                runFor(child, Duration.ofMillis(100 + random.nextInt(800)), limit);
                if (kill == kills / 2)
                {
                    // Halfway, make sure one run dies with a snapshot on disk, so a later recovery starts from it
                    // even where a loaded machine makes every run short.
                    child.awaitLine(line -> line.startsWith("SNAPSHOTTED"), START);
                }
                assertTrue(child.isAlive(), "input ran out after only " + kill + " kills: " + child.output());
                child.kill();
            }
        }
        final String done;
        // Nothing kills this run, so it need not be paced.
        try (ChildJvm child = launch(mode, "unpaced"))
        {
            recoveries.add(child.awaitLine(line -> line.startsWith("RECOVERED"), START));
            done = child.awaitLine(line -> line.startsWith("DONE "), Duration.ofSeconds(120));
            assertEquals(0, child.waitFor(Duration.ofSeconds(30)), child.output());
        }

        assertTrue(recoveries.stream().anyMatch(r -> r.contains("from snapshot")), "no recovery used a snapshot: " + recoveries);
        assertTrue(recoveries.stream().anyMatch(r -> !r.contains("replayed 0 events")), "no recovery replayed: " + recoveries);
        final String[] parts = done.split(" ");
        assertEquals(Long.toHexString(EngineTestSupport.referenceDigest(EVENTS)), parts[1]);
        assertEquals(EVENTS, Long.parseLong(parts[2]));

        try (Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true)))
        {
            final VerifyReport report = journal.verify();
            assertTrue(report.ok(), String.valueOf(report));
            assertEquals(EVENTS, report.lastSequence());
            assertEquals(EVENTS, report.records());
        }
        assertSinkHoldsEveryOutputOnce(dir.resolve("sink.out"), EVENTS);
    }

    private ChildJvm launch(final ThreadingMode mode, final String pace)
    {
        return ChildJvm.builder(CrashChild.class).jvmArg("-Xmx256m")
            .args(dir.toString(), Long.toString(EVENTS), mode.name(), pace).start();
    }

    /**
     * Let the child publish for the given time, the kill's random moment, but stop waiting as soon as it reports
     * PROGRESS at or past the limit: on a machine fast enough to publish the rest of the input in that time, the kill
     * then still finds it running, with input left for the runs to come.
     */
    private static void runFor(final ChildJvm child, final Duration time, final long limit)
    {
        try
        {
            child.awaitLine(line -> line.startsWith("PROGRESS ") && Long.parseLong(line.substring(9)) >= limit,
                time);
        }
        catch (final IllegalStateException timeUpOrExited)
        {
            // Usually the time is up with the limit not reached. If the child exited instead, the caller's isAlive
            // check fails with its output.
        }
    }

    static void assertSinkHoldsEveryOutputOnce(final Path file, final long events) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        int at = 0;
        for (long s = 1; s <= events; s++)
        {
            sum += EngineTestSupport.valueOf(s);
            final long input = s;
            for (int o = 0; o < SummingProcessor.outputsFor(s); o++)
            {
                // Messages built only on failure: this runs for millions of outputs.
                final int ordinal = o;
                final int offset = at;
                assertTrue(offset + FileSink.RECORD <= bytes.length, () -> "the sink ends before output " + ordinal +
                    " of input " + input);
                assertEquals(input, buffer.getLong(offset), () -> "input of the output at byte " + offset);
                assertEquals(ordinal, buffer.getLong(offset + 8), () -> "ordinal of an output of input " + input);
                assertEquals(sum + ordinal, buffer.getLong(offset + 16), () -> "value of output " + ordinal +
                    " of input " + input);
                at += FileSink.RECORD;
            }
        }
        assertEquals(bytes.length, at, "the sink holds outputs past the last input");
    }
}
