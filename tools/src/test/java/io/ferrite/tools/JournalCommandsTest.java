package io.ferrite.tools;

import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static io.ferrite.tools.FerriteMainTest.assertUsageError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferrite journal info|dump|verify} against journals written through the journal API.
 */
class JournalCommandsTest
{
    private static final int RECORDS = 200;

    /** A data directory laid out as `ferrite run` leaves it: the journal in DIR/journal. Shared, never changed. */
    @TempDir
    static Path data;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void writeJournal()
    {
        JournalFixture.writeJournal(data.resolve(DataLayout.JOURNAL), RECORDS);
    }

    @Test
    void shouldReportSequencesRecordsBytesAndSegmentsAsJson()
    {
        final Ferrite.Result result = Ferrite.run("journal", "info", data.toString(), "--json");

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        final Map<String, Object> json = result.json();
        assertEquals(true, json.get("ok"));
        assertEquals(1L, json.get("firstSequence"));
        assertEquals((long)RECORDS, json.get("lastSequence"));
        assertEquals((long)RECORDS, json.get("records"));
        assertTrue((Long)json.get("segments") >= 1, result::toString);
        assertTrue((Long)json.get("bytes") > 0, result::toString);
        assertEquals(data.resolve(DataLayout.JOURNAL).toString(), json.get("directory"));
        assertEquals("NONE", json.get("flushPolicy"), "the policy the writer used is recorded in the journal");
        assertEquals("", result.err());
    }

    @Test
    void shouldAcceptTheJournalDirectoryItselfAsWellAsTheDataDirectory()
    {
        final Ferrite.Result viaData = Ferrite.run("journal", "info", data.toString(), "--json");
        final Ferrite.Result viaJournal = Ferrite.run("journal", "info", data.resolve("journal").toString(), "--json");

        assertEquals(FerriteMain.EXIT_OK, viaJournal.exitCode(), viaJournal::toString);
        assertEquals(viaData.json(), viaJournal.json());
    }

    @Test
    void shouldPrintInfoForHumans()
    {
        final Ferrite.Result result = Ferrite.run("journal", "info", data.toString());

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        assertTrue(result.out().contains("sequences      1.." + RECORDS), result::toString);
        assertTrue(result.out().contains("records        " + RECORDS), result::toString);
    }

    @Test
    void shouldDumpARangeAsHex()
    {
        final Ferrite.Result result = Ferrite.run("journal", "dump", data.toString(), "--from", "10", "--limit", "3");

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        final List<String> lines = result.out().lines().toList();
        assertEquals(3, lines.size(), result::toString);
        for (int i = 0; i < 3; i++)
        {
            final long sequence = 10 + i;
            final String payload = JournalFixture.payloadOf(sequence);
            assertEquals("sequence=" + sequence + " timestamp=" + JournalFixture.timestampOf(sequence) + " type=" +
                JournalFixture.TYPE + " length=" + payload.length() + " payload=" + hex(payload), lines.get(i));
        }
    }

    @Test
    void shouldDumpEveryRecordAsOneJsonObject()
    {
        final Ferrite.Result result = Ferrite.run("journal", "dump", data.toString(), "--json");

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        final Map<String, Object> json = result.json();
        assertEquals((long)RECORDS, json.get("records"));
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> events = (List<Map<String, Object>>)json.get("events");
        assertEquals(RECORDS, events.size());
        final Map<String, Object> last = events.get(RECORDS - 1);
        assertEquals((long)RECORDS, last.get("sequence"));
        assertEquals(JournalFixture.timestampOf(RECORDS), last.get("timestamp"));
        assertEquals((long)JournalFixture.TYPE, last.get("type"));
        assertEquals(hex(JournalFixture.payloadOf(RECORDS)), last.get("payload"));
        assertFalse(last.containsKey("description"), "no workload, no description");
    }

    @Test
    void shouldDecodeWithTheWorkloadWhereItCanAndFallBackToHex()
    {
        final Path journalDirectory = tempDir.resolve("journal");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        try (Journal journal = Journal.open(new JournalConfig().directory(journalDirectory)))
        {
            buffer.putLong(0, 42L);
            journal.appender().append(1, 100, CounterWorkload.TYPE_ADD, buffer, 0, 8);
            buffer.putLong(0, -1L);
            journal.appender().append(2, 200, CounterWorkload.TYPE_ADD + 1, buffer, 0, 3);
        }

        final Ferrite.Result result = Ferrite.run("journal", "dump", tempDir.toString(), "--workload",
            CounterWorkload.NAME);

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        assertEquals(List.of(
            "sequence=1 timestamp=100 type=" + CounterWorkload.TYPE_ADD + " length=8 event=ADD 42",
            "sequence=2 timestamp=200 type=" + (CounterWorkload.TYPE_ADD + 1) + " length=3 payload=ffffff"),
            result.out().lines().toList());
    }

    @Test
    void shouldRefuseToDecodeWithAWorkloadOtherThanTheOneTheDirectoryHolds() throws Exception
    {
        final Path trading = tempDir.resolve("trading");
        final Ferrite.Result run = Ferrite.run("run", "--workload", "trading", "--data", trading.toString(),
            "--events", "10", "--warmup", "0");
        assertEquals(FerriteMain.EXIT_OK, run.exitCode(), run::toString);

        assertUsageError(Ferrite.run("journal", "dump", trading.toString(), "--workload", "fraud"),
            "ferrite journal dump: the journal in " + trading.resolve("journal") + " holds workload 'trading' events");
        assertUsageError(Ferrite.run("journal", "dump", trading.resolve("journal").toString(), "--workload", "fraud"),
            "ferrite journal dump: the journal in " + trading.resolve("journal") + " holds workload 'trading' events");
        final Ferrite.Result right = Ferrite.run("journal", "dump", trading.toString(), "--workload", "trading",
            "--limit", "1");
        assertEquals(FerriteMain.EXIT_OK, right.exitCode(), right::toString);
        assertTrue(right.out().startsWith("sequence=1 ") && right.out().contains(" event="), right::toString);
        assertFalse(right.out().contains("malformed"), right::toString);
        assertEquals(FerriteMain.EXIT_OK, Ferrite.run("journal", "dump", trading.toString(), "--limit", "1")
            .exitCode(), "hex without --workload");
    }

    @Test
    void shouldRefuseAFromOutsideTheJournalNamingItsRange()
    {
        assertUsageError(Ferrite.run("journal", "dump", data.toString(), "--from", String.valueOf(RECORDS + 1)),
            "ferrite journal dump: --from " + (RECORDS + 1) + " is outside the journal, which holds sequences 1.." +
                RECORDS);
    }

    @Test
    void shouldVerifyAGoodJournal()
    {
        final Ferrite.Result result = Ferrite.run("journal", "verify", data.toString(), "--json");

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        final Map<String, Object> json = result.json();
        assertEquals(true, json.get("ok"));
        assertEquals((long)RECORDS, json.get("records"));
        assertFalse(json.containsKey("file"));
        assertEquals("", result.err());
    }

    @Test
    void shouldVerifyALiveJournalUpToItsLastCompleteRecord() throws Exception
    {
        final long pid = ProcessHandle.current().pid();
        try (LiveWriter writer = new LiveWriter(tempDir.resolve("journal"), 0))
        {
            for (int run = 0; run < 3; run++)
            {
                final long before = writer.appended.get();
                final Ferrite.Result text = Ferrite.run("journal", "verify", tempDir.toString());
                assertEquals(FerriteMain.EXIT_OK, text.exitCode(), text::toString);
                assertTrue(text.out().startsWith("OK: "), text::toString);
                assertTrue(text.out().contains("(a writer, pid " + pid + ", is appending: checked up to sequence "),
                    text::toString);
                assertEquals("", text.err());

                final Ferrite.Result json = Ferrite.run("journal", "verify", tempDir.toString(), "--json");
                assertEquals(FerriteMain.EXIT_OK, json.exitCode(), json::toString);
                assertEquals(true, json.json().get("ok"));
                assertEquals(pid, json.json().get("writerPid"));
                final long checked = (Long)json.json().get("lastSequence");
                assertTrue(checked >= before, "checked up to " + checked + ", at least the " + before +
                    " records appended before the verify began");
                assertEquals(checked, json.json().get("records"));
            }
            assertTrue(writer.thread.isAlive(), "the writer was live throughout");
        }

        final Ferrite.Result after = Ferrite.run("journal", "verify", tempDir.toString());
        assertEquals(FerriteMain.EXIT_OK, after.exitCode(), after::toString);
        assertFalse(after.out().contains("a writer"), "no writer once it closed: " + after);
    }

    @Test
    void shouldStillReportDamageBeforeTheTailOfALiveJournal() throws Exception
    {
        final Path journal = tempDir.resolve("journal");
        JournalFixture.writeJournal(journal, RECORDS);
        final Path segment = JournalFixture.flipPayloadByte(journal, 57);

        try (LiveWriter writer = new LiveWriter(journal, RECORDS))
        {
            assertTrue(writer.thread.isAlive());
            final Ferrite.Result result = Ferrite.run("journal", "verify", tempDir.toString(), "--json");

            assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
            assertEquals(false, result.json().get("ok"));
            assertEquals(segment.toString(), result.json().get("file"));
            assertEquals(57L, result.json().get("sequence"));
        }
    }

    /**
     * A writer appending to a journal on its own thread, 10 records a batch, until closed; this process holds the
     * journal's writer lock meanwhile.
     */
    private static final class LiveWriter implements AutoCloseable
    {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong appended = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CountDownLatch started = new CountDownLatch(1);
        final Thread thread;

        LiveWriter(final Path journalDirectory, final long lastSequence) throws InterruptedException
        {
            thread = new Thread(() -> append(journalDirectory, lastSequence), "live-writer");
            thread.start();
            assertTrue(started.await(30, TimeUnit.SECONDS), "the writer started");
            assertNull(failure.get());
        }

        private void append(final Path journalDirectory, final long lastSequence)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            try (Journal journal = Journal.open(new JournalConfig().directory(journalDirectory)))
            {
                long sequence = lastSequence;
                while (running.get())
                {
                    for (int i = 0; i < 10; i++)
                    {
                        sequence++;
                        final int length = buffer.putStringWithoutLengthAscii(0, JournalFixture.payloadOf(sequence));
                        journal.appender().append(sequence, JournalFixture.timestampOf(sequence),
                            JournalFixture.TYPE, buffer, 0, length);
                    }
                    journal.appender().endBatch();
                    appended.set(sequence);
                    if (sequence >= lastSequence + 1_000)
                    {
                        started.countDown();
                    }
                    LockSupport.parkNanos(20_000);
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
                started.countDown();
            }
        }

        @Override
        public void close()
        {
            running.set(false);
            try
            {
                thread.join(30_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while stopping the writer", ex);
            }
            assertNull(failure.get());
        }
    }

    @Test
    void shouldNameFileAndSequenceOfAFlippedByte() throws Exception
    {
        final Path journal = tempDir.resolve("journal");
        JournalFixture.writeJournal(journal, RECORDS);
        final long damaged = 57;
        final Path segment = JournalFixture.flipPayloadByte(journal, damaged);

        final Ferrite.Result json = Ferrite.run("journal", "verify", tempDir.toString(), "--json");
        assertEquals(FerriteMain.EXIT_FAILURE, json.exitCode(), json::toString);
        assertEquals(false, json.json().get("ok"));
        assertEquals(RECORDS - 1L, json.json().get("records"), "verify walks on: every other record is good");
        assertEquals(segment.toString(), json.json().get("file"));
        assertEquals(damaged, json.json().get("sequence"));

        final Ferrite.Result text = Ferrite.run("journal", "verify", tempDir.toString());
        assertEquals(FerriteMain.EXIT_FAILURE, text.exitCode(), text::toString);
        final String[] errLines = text.errLines();
        assertEquals(1, errLines.length, text::toString);
        assertTrue(errLines[0].startsWith("ferrite journal verify: error: bad record at sequence " + damaged + " in " +
            segment + ": "), text::toString);
        assertFalse(text.err().contains("Exception"), text::toString);
    }

    @Test
    void shouldCountTheGoodRecordsBeforeATruncationFoundOnOpening() throws Exception
    {
        final Path journal = tempDir.resolve("journal");
        JournalFixture.writeJournal(journal, RECORDS);
        final Path segment = JournalFixture.truncateInsidePayload(journal, 150);

        final Ferrite.Result json = Ferrite.run("journal", "verify", tempDir.toString(), "--json");
        assertEquals(FerriteMain.EXIT_FAILURE, json.exitCode(), json::toString);
        assertEquals(149L, json.json().get("records"), "the records before the cut are good");
        assertEquals(150L, json.json().get("sequence"));
        assertEquals(segment.toString(), json.json().get("file"));

        final Ferrite.Result text = Ferrite.run("journal", "verify", tempDir.toString());
        assertEquals(FerriteMain.EXIT_FAILURE, text.exitCode(), text::toString);
        assertTrue(text.out().startsWith("FAULT: 149 good record(s) before the first bad one"), text::toString);
        assertEquals(1, text.errLines().length, text::toString);
        assertTrue(text.errLines()[0].startsWith("ferrite journal verify: error: bad record at sequence 150 in " +
            segment + ": segment truncated to "), text::toString);
        assertTrue(text.err().contains("restore the file from a backup"), text::toString);
        assertFalse(text.err().contains("[segment="), "the file is named once: " + text);
    }

    @Test
    void shouldNameASegmentTruncatedInsideItsOwnHeaderWithoutControlCharacters() throws Exception
    {
        final Path journal = tempDir.resolve("journal");
        JournalFixture.writeJournal(journal, RECORDS);
        final Path segment = JournalFixture.onlySegment(journal);
        JournalFixture.truncate(segment, 100);

        final Ferrite.Result text = Ferrite.run("journal", "verify", tempDir.toString());
        assertEquals(FerriteMain.EXIT_FAILURE, text.exitCode(), text::toString);
        assertEquals(1, text.errLines().length, text::toString);
        assertTrue(text.errLines()[0].startsWith("ferrite journal verify: error: damaged segment " + segment +
            ": segment truncated to 100 bytes"), text::toString);
        assertTrue(text.out().startsWith("FAULT: 0 good record(s)"), text::toString);
        assertFalse(text.err().contains("Exception"), text::toString);
        assertFalse(text.errLines()[0].chars().anyMatch(Character::isISOControl), text::toString);

        final Ferrite.Result json = Ferrite.run("journal", "verify", tempDir.toString(), "--json");
        assertEquals(segment.toString(), json.json().get("file"), json::toString);
        assertEquals(0L, json.json().get("records"));
        assertFalse(json.out().contains("\\u0000"), json::toString);
    }

    @Test
    void shouldReportADamagedSegmentHeaderWithRecordsAfterItAsDamage() throws Exception
    {
        final Path journal = tempDir.resolve("journal");
        JournalFixture.writeJournal(journal, RECORDS);
        final Path segment = JournalFixture.onlySegment(journal);
        final byte[] garbage = new byte[32];
        new Random(3).nextBytes(garbage);
        // Not a complete header, as most random bytes are not.
        garbage[3] = (byte)0x80;
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(garbage), 0);
        }

        final Ferrite.Result text = Ferrite.run("journal", "verify", tempDir.toString());
        assertEquals(FerriteMain.EXIT_FAILURE, text.exitCode(), text::toString);
        assertTrue(text.errLines()[0].startsWith("ferrite journal verify: error: damaged segment " + segment +
            ": segment is "), text::toString);
        assertTrue(text.err().contains("without a complete header, but it held records (up to at least sequence " +
            RECORDS), text::toString);
        assertFalse(text.err().contains("when its writer died"), text::toString);
    }

    @Test
    void shouldEndADumpThatHitsABadRecordWithOneWellFormedJsonObject() throws Exception
    {
        final Path journal = tempDir.resolve("journal");
        JournalFixture.writeJournal(journal, RECORDS);
        final long damaged = 150;
        final Path segment = JournalFixture.flipPayloadByte(journal, damaged);

        final Ferrite.Result result = Ferrite.run("journal", "dump", journal.toString(), "--json");

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        final Map<String, Object> json = result.json();
        assertEquals(false, json.get("ok"));
        assertEquals(damaged - 1, json.get("records"), "the good records before it are dumped");
        assertEquals(damaged - 1, ((List<?>)json.get("events")).size());
        assertEquals(segment.toString(), json.get("file"));
        assertEquals(damaged, json.get("sequence"));
        assertEquals(1, result.errLines().length, result::toString);
    }

    @Test
    void shouldFailWithOneLineForADirectoryThatHoldsNoJournal() throws Exception
    {
        Files.writeString(tempDir.resolve("notes.txt"), "not a journal", StandardCharsets.UTF_8);

        final Ferrite.Result result = Ferrite.run("journal", "info", tempDir.toString(), "--json");

        assertEquals(FerriteMain.EXIT_FAILURE, result.exitCode(), result::toString);
        assertEquals(1, result.errLines().length, result::toString);
        assertTrue(result.errLines()[0].startsWith("ferrite journal info: error: "), result::toString);
        assertTrue(result.errLines()[0].contains(tempDir.toString()), "names the directory: " + result);
        assertEquals(false, result.json().get("ok"));
    }

    private static String hex(final String ascii)
    {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
