package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JournalStorageSpaceTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[32]);

    @Test
    void shouldRefuseAppendWhenFreeSpaceIsBelowTheMinimumWithoutWritingAnything()
    {
        final long minimum = dir.toFile().getUsableSpace() + 1024L * 1024 * 1024 * 1024;
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(minimum)))
        {
            final JournalAppender appender = journal.appender();
            for (int attempt = 0; attempt < 2; attempt++)
            {
                final JournalException ex = assertThrows(
                    JournalException.class, () -> appender.append(1, 1, 1, payload, 0, 32));
                assertEquals(JournalException.Category.STORAGE_SPACE, ex.category());
                assertTrue(ex.getMessage().contains(dir.toString()), ex.getMessage());
                assertTrue(ex.getMessage().contains("bytes usable"), ex.getMessage());
                assertTrue(ex.getMessage().contains(String.valueOf(minimum)), ex.getMessage());
            }
            assertEquals(0, appender.lastSequence());
            assertEquals(0, journal.verify().records());
        }

        try (Journal journal = Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(0)))
        {
            assertEquals(0, journal.lastSequence());
            journal.appender().append(1, 1, 1, payload, 0, 32);
        }
    }

    @Test
    void shouldAppendWhileFreeSpaceIsAboveTheMinimum()
    {
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(1024 * 1024)))
        {
            final JournalAppender appender = journal.appender();
            // More than one check interval's worth, so the check runs more than once.
            final int records = 3 * JournalAppender.SPACE_CHECK_INTERVAL_BYTES / RecordDescriptor.recordLength(32);
            for (int sequence = 1; sequence <= records; sequence++)
            {
                appender.append(sequence, sequence, 1, payload, 0, 32);
            }
            assertEquals(records, journal.lastSequence());
        }
    }

    @Test
    void shouldReserveTheSegmentAheadOfTheWriterAndStopItsThreadOnClose() throws Exception
    {
        final long records = 20_000;
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(0)))
        {
            final JournalAppender appender = journal.appender();
            appender.beginBatch();
            for (int sequence = 1; sequence <= records; sequence++)
            {
                appender.append(sequence, sequence, 1, payload, 0, 32);
            }
            appender.endBatch();

            final SegmentReservation reservation = appender.reservation();
            final long written = records * RecordDescriptor.recordLength(32);
            assertTrue(reservation.reservedUpTo() > written + JournalAppender.INDEX_MARGIN,
                "reserved " + reservation.reservedUpTo() + " of a segment holding " + written + " bytes of records");
            final Path segment;
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir))
            {
                segment = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
            }
            // fallocate extends the file over what it reserves.
            assertTrue(java.nio.file.Files.size(segment) >= reservation.reservedUpTo());
            assertTrue(preallocThreadRunning());
        }
        assertFalse(preallocThreadRunning(), "the pre-touch thread outlived its journal");
    }

    @Test
    void shouldReserveAheadOfASlowWriterInStepsOfHalfTheWindow() throws Exception
    {
        // A fixed clock: a roll to a new segment (midnight UTC) would start the reservation afresh.
        final long now = System.currentTimeMillis();
        try (Journal journal = Journal.open(
            new JournalConfig().directory(dir).minFreeSpaceBytes(0).epochMillisClock(() -> now)))
        {
            final JournalAppender appender = journal.appender();
            appender.append(1, 1, 1, payload, 0, 32);
            final SegmentReservation reservation = appender.reservation();
            final long firstEnd = reservation.reservedUpTo();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reservation.reservedUpTo() < SegmentReservation.AHEAD_BYTES)
            {
                assertTrue(System.nanoTime() < deadline, "the background thread reserved only up to " +
                    reservation.reservedUpTo() + " (the writer itself " + firstEnd + ")");
                Thread.sleep(1);
            }
            final long reserved = reservation.reservedUpTo();

            // A paced writer: a few records at a time, far less than half the window in all.
            long sequence = 2;
            for (int round = 0; round < 20; round++)
            {
                for (int i = 0; i < 50; i++, sequence++)
                {
                    appender.append(sequence, sequence, 1, payload, 0, 32);
                }
                // Several of the background thread's rounds (it wakes every 5 ms when idle).
                Thread.sleep(10);
            }
            assertEquals(reserved, reservation.reservedUpTo(),
                "the background thread reserved again though more than half the window was still reserved");

            // A writer that moved past half the window gets a new step.
            final UnsafeBuffer large = new UnsafeBuffer(new byte[JournalConfig.MAX_PAYLOAD_LENGTH_DEFAULT]);
            final long target = reserved - SegmentReservation.AHEAD_BYTES / 4;
            appender.beginBatch();
            for (long written = 0; written < target; written += RecordDescriptor.recordLength(large.capacity()))
            {
                appender.append(sequence, sequence, 1, large, 0, large.capacity());
                sequence++;
            }
            appender.endBatch();
            while (reservation.reservedUpTo() <= reserved)
            {
                assertTrue(System.nanoTime() < deadline, "nothing reserved past " + reserved);
                Thread.sleep(1);
            }
            assertEquals(sequence - 1, journal.verify().records());
        }
    }

    @Test
    void shouldLeaveAForcingJournalsPagesToItsWriterButStillReserveItsBlocks() throws Exception
    {
        final long records = 20_000;
        try (Journal journal = Journal.open(
            new JournalConfig().directory(dir).minFreeSpaceBytes(0).flushPolicy(FlushPolicy.BATCH)))
        {
            final JournalAppender appender = journal.appender();
            final SegmentReservation reservation = appender.reservation();
            assertFalse(reservation.pretouching(), "a BATCH journal got the pre-touch thread");
            assertFalse(preallocThreadRunning(), "a BATCH journal started the pre-touch thread");
            appender.beginBatch();
            for (int sequence = 1; sequence <= records; sequence++)
            {
                appender.append(sequence, sequence, 1, payload, 0, 32);
            }
            appender.endBatch();

            final long written = records * RecordDescriptor.recordLength(32);
            assertTrue(reservation.reservedUpTo() > written,
                "the writer reserved " + reservation.reservedUpTo() + " of a segment holding " + written + " bytes");
            assertEquals(0, reservation.populatedUpTo(), "pages were populated ahead of a forcing writer");
            assertEquals(records, journal.verify().records());
        }
    }

    @Test
    void shouldReserveInTheConfiguredStepWhenTheWriterReservesForItself() throws Exception
    {
        final long step = 64 * 1024;
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(0)
            .pretouchSegments(false).writerReserveStepBytes(step)))
        {
            final JournalAppender appender = journal.appender();
            final SegmentReservation reservation = appender.reservation();
            assertFalse(reservation.pretouching());
            long steps = 0;
            long last = -1;
            long furthestAhead = 0;
            final int records = 20_000;
            for (int sequence = 1; sequence <= records; sequence++)
            {
                // One record per excerpt, as a paced writer appends them: the reservation is looked at each time.
                appender.beginBatch();
                appender.append(sequence, sequence, 1, payload, 0, 32);
                appender.endBatch();
                final long reserved = reservation.reservedUpTo();
                if (reserved != last)
                {
                    steps++;
                    last = reserved;
                }
                furthestAhead = Math.max(furthestAhead, reserved - (long)sequence * RecordDescriptor.recordLength(32));
            }
            final long written = records * RecordDescriptor.recordLength(32);
            // About a MiB of records: one 2 MiB step would have covered all of it.
            assertTrue(steps >= written / step / 2, steps + " reservation steps for " + written + " bytes");
            assertTrue(furthestAhead < JournalAppender.INDEX_MARGIN + 1024 * 1024,
                "reserved " + furthestAhead + " bytes past the records with a step of " + step);
            assertEquals(records, journal.verify().records());
        }
    }

    @Test
    void shouldRefuseAReservationStepOutsideItsBounds()
    {
        assertEquals(JournalConfig.WRITER_RESERVE_STEP_DEFAULT, new JournalConfig().writerReserveStepBytes());
        for (final long step : new long[]{ 4095, (1L << 30) + 1, -1 })
        {
            final JournalException refused = assertThrows(JournalException.class,
                () -> Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(0).writerReserveStepBytes(step)));
            assertEquals(JournalException.Category.INVALID_ARGUMENT, refused.category());
            assertTrue(refused.getMessage().contains("writerReserveStepBytes") &&
                refused.getMessage().contains(Long.toString(step)), refused.getMessage());
        }
        assertEquals(4096, new JournalConfig().directory(dir).writerReserveStepBytes(4096).conclude()
            .writerReserveStepBytes());
    }

    @Test
    void shouldFaultThePagesAheadOfTheWriterIntoTheWritersOwnMapping() throws Exception
    {
        final Path pagemap = Path.of("/proc/self/pagemap");
        assumeTrue(java.nio.file.Files.isReadable(pagemap), "needs Linux's /proc/self/pagemap");
        // Well past the first record, and past any fault-around of the writer's own accesses.
        final long ahead = 4L * 1024 * 1024;
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(0)))
        {
            final JournalAppender appender = journal.appender();
            appender.append(1, 1, 1, payload, 0, 32);
            final SegmentReservation reservation = appender.reservation();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reservation.populatedUpTo() <= ahead)
            {
                assumeTrue(reservation.populates(), "needs madvise(MADV_POPULATE_*), Linux 5.14+");
                assertTrue(System.nanoTime() < deadline, "the pre-touch thread populated only up to offset " +
                    reservation.populatedUpTo() + " of the writer's mapping");
                Thread.sleep(1);
            }

            final long[] mapping = reservation.writerMapping();
            final long address = mapping[0] + (ahead - mapping[1]);
            assertTrue(presentInThisProcess(pagemap, address),
                "segment offset " + ahead + " is not mapped in the writer's page table though populated");
            // Faults there read nothing ahead: a fresh stretch of the file would otherwise be zeroed a whole
            // read-ahead window at a time.
            assertTrue(vmFlags(address).contains(" rr"),
                "no MADV_RANDOM on the mapping ahead of the writer: VmFlags:" + vmFlags(address));
            appender.append(2, 2, 1, payload, 0, 32);
            assertEquals(2, journal.verify().records(), "populating ahead changed no record");
        }
    }

    /**
     * @return whether the page at {@code address} is present in this process's page table (pagemap bit 63).
     */
    private static boolean presentInThisProcess(final Path pagemap, final long address) throws IOException
    {
        try (FileChannel channel = FileChannel.open(pagemap, StandardOpenOption.READ))
        {
            final ByteBuffer entry = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            channel.read(entry, (address / 4096) * 8);
            return entry.getLong(0) < 0;
        }
    }

    /**
     * @return the VmFlags line of the mapping holding {@code address} in /proc/self/smaps, or "" if none.
     */
    private static String vmFlags(final long address) throws IOException
    {
        boolean inside = false;
        for (final String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/smaps")))
        {
            final int dash = line.indexOf('-');
            final int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+"))
            {
                final long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                final long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                inside = Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
            }
            else if (inside && line.startsWith("VmFlags:"))
            {
                return line.substring("VmFlags:".length());
            }
        }
        return "";
    }

    private static boolean preallocThreadRunning()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals(SegmentReservation.THREAD_NAME) && t.isAlive());
    }

    @Test
    void shouldSizeTheDefaultFloorFromTheSegmentBlockSoSmallFileSystemsCanHoldAJournal()
    {
        final JournalConfig config = new JournalConfig().directory(dir).conclude();
        assertEquals(Journal.blockSize(RecordDescriptor.maxBatchLength(JournalConfig.MAX_PAYLOAD_LENGTH_DEFAULT)) / 4,
            config.minFreeSpaceBytes());
        assertEquals(16L * 1024 * 1024, config.minFreeSpaceBytes(), "a quarter of the 64 MiB block");
        assertTrue(config.minFreeSpaceBytes() < 64L * 1024 * 1024, "a 64 MiB file system can hold a journal");
        assertTrue(config.minFreeSpaceBytes() > 4L * JournalAppender.SPACE_CHECK_INTERVAL_BYTES,
            "well above what is written between two checks");
        final long bigPayloads = new JournalConfig().directory(dir).maxPayloadLength(16 * 1024 * 1024).conclude()
            .minFreeSpaceBytes();
        assertTrue(bigPayloads > 16L * 1024 * 1024, "grows with the block: " + bigPayloads);
        assertEquals(0, new JournalConfig().directory(dir).minFreeSpaceBytes(0).conclude().minFreeSpaceBytes());
    }
}
