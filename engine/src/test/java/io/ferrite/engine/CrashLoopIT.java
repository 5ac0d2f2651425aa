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
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void shouldReachTheUncrashedDigestAfterRepeatedSigkill(final ThreadingMode mode) throws Exception
    {
        final Random random = new Random(42);
        final List<String> recoveries = new ArrayList<>();
        for (int kill = 0; kill < KILLS.get(mode); kill++)
        {
            try (ChildJvm child = launch(mode))
            {
                recoveries.add(child.awaitLine(line -> line.startsWith("RECOVERED"), START));
                Thread.sleep(100 + random.nextInt(800));
                if (kill == KILLS.get(mode) / 2)
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
        try (ChildJvm child = launch(mode))
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

    private ChildJvm launch(final ThreadingMode mode)
    {
        return ChildJvm.builder(CrashChild.class).jvmArg("-Xmx256m")
            .args(dir.toString(), Long.toString(EVENTS), mode.name()).start();
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
            for (int ordinal = 0; ordinal < SummingProcessor.outputsFor(s); ordinal++)
            {
                assertTrue(at + FileSink.RECORD <= bytes.length, "the sink ends before output " + ordinal +
                    " of input " + s);
                assertEquals(s, buffer.getLong(at), "input of the output at byte " + at);
                assertEquals(ordinal, buffer.getLong(at + 8), "ordinal of an output of input " + s);
                assertEquals(sum + ordinal, buffer.getLong(at + 16), "value of output " + ordinal + " of input " + s);
                at += FileSink.RECORD;
            }
        }
        assertEquals(bytes.length, at, "the sink holds outputs past the last input");
    }
}
