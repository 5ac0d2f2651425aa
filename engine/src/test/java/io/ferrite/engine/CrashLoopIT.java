package io.ferrite.engine;

import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.VerifyReport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill -9 anywhere, restart, finish the same input: the final state digest must equal that of a run that never
 * crashed, the journal must verify clean, and the sink must hold every output exactly once.
 */
@Tag("slow")
@Timeout(300)
class CrashLoopIT
{
    private static final long EVENTS = 1_500_000;
    private static final int KILLS = 20;
    private static final List<String> RECOVERIES = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void shouldReachTheUncrashedDigestAfterRepeatedSigkill() throws Exception
    {
        final Random random = new Random(42);
        int kills = 0;
        String done = null;
        for (int run = 0; run < 200 && null == done; run++)
        {
            final Process child = launch(dir, EVENTS);
            if (kills < KILLS)
            {
                awaitRecovered(dir.resolve("child.log"));
                Thread.sleep(50 + random.nextInt(450));
                if (child.isAlive())
                {
                    child.destroyForcibly();
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                    kills++;
                    continue;
                }
            }
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not finish");
            final String out = Files.readString(dir.resolve("child.log"));
            assertEquals(0, child.exitValue(), out);
            done = out.lines().filter(l -> l.startsWith("DONE ")).findFirst().orElse(null);
            assertNotNull(done, out);
        }
        assertTrue(kills >= KILLS, "only " + kills + " kills landed before the input ran out");

        assertTrue(RECOVERIES.stream().anyMatch(r -> r.contains("from snapshot")), "no recovery used a snapshot: " + RECOVERIES);
        assertTrue(RECOVERIES.stream().anyMatch(r -> !r.contains("replayed 0 events")), "no recovery replayed: " + RECOVERIES);
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
        assertSinkHoldsEveryOutputOnce(dir.resolve("sink.out"));
    }

    private static void assertSinkHoldsEveryOutputOnce(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        assertEquals(EVENTS * FileSink.RECORD, bytes.length);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        for (long s = 1; s <= EVENTS; s++)
        {
            final int at = (int)((s - 1) * FileSink.RECORD);
            sum += EngineTestSupport.valueOf(s);
            assertEquals(s, buffer.getLong(at), "output for input " + s);
            assertEquals(0, buffer.getLong(at + 8));
            assertEquals(sum, buffer.getLong(at + 16), "running sum at " + s);
        }
    }

    private static Process launch(final Path dir, final long events) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final String jvmArgs = System.getProperty("ferrite.test.jvm.args", "");
        command.addAll(Arrays.stream(jvmArgs.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashChild.class.getName());
        command.add(dir.toString());
        command.add(Long.toString(events));
        final Path log = dir.resolve("child.log");
        if (Files.exists(log))
        {
            Files.readString(log).lines().filter(l -> l.startsWith("RECOVERED")).forEach(RECOVERIES::add);
            Files.delete(log);
        }
        return new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile()))
            .start();
    }

    private static void awaitRecovered(final Path log) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(log) && Files.readString(log).contains("RECOVERED"))
            {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("child never recovered: " + (Files.exists(log) ? Files.readString(log) : "no log"));
    }
}
