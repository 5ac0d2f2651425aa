package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * When each policy forces the segment to disk. That the kernel then keeps the data across a power loss is the
 * operating system's promise for {@code fdatasync}; what the journal must get right is calling it at the right moments.
 */
class JournalFlushPolicyTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
    private final TestClock clock = new TestClock();

    private Journal open(final FlushPolicy policy)
    {
        return Journal.open(new JournalConfig().directory(dir).flushPolicy(policy).rollCycle(JournalRollCycle.MINUTELY)
            .epochMillisClock(clock).maxPayloadLength(64).minFreeSpaceBytes(0));
    }

    private static void append(final JournalAppender appender, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            appender.append(appender.lastSequence() + 1, 0, 0, new UnsafeBuffer(new byte[16]), 0, 16);
        }
    }

    @Test
    void shouldRecordTheWritersFlushPolicyForReaders()
    {
        try (Journal journal = open(FlushPolicy.BATCH))
        {
            assertEquals(FlushPolicy.BATCH, journal.writerFlushPolicy());
        }
        try (Journal reader = Journal.open(new JournalConfig().directory(dir).readOnly(true)))
        {
            assertEquals(FlushPolicy.BATCH, reader.writerFlushPolicy());
        }
        try (Journal journal = open(FlushPolicy.EVERY))
        {
            assertEquals(FlushPolicy.EVERY, journal.writerFlushPolicy());
        }
        try (Journal reader = Journal.open(new JournalConfig().directory(dir).readOnly(true)))
        {
            assertEquals(FlushPolicy.EVERY, reader.writerFlushPolicy(), "the last writer's policy wins");
        }
    }

    @Test
    void shouldNeverForceWithPolicyNone()
    {
        try (Journal journal = open(FlushPolicy.NONE))
        {
            final JournalAppender appender = journal.appender();
            append(appender, 10);
            appender.endBatch();
            assertEquals(0, appender.forces());
        }
    }

    @Test
    void shouldForceOncePerBatchWithPolicyBatch()
    {
        try (Journal journal = open(FlushPolicy.BATCH))
        {
            final JournalAppender appender = journal.appender();
            append(appender, 10);
            assertEquals(0, appender.forces(), "nothing forced before the batch ends");
            appender.endBatch();
            assertEquals(1, appender.forces());
            appender.endBatch();
            assertEquals(1, appender.forces(), "an empty batch has nothing to force");
            append(appender, 1);
            appender.endBatch();
            assertEquals(2, appender.forces());
        }
    }

    @Test
    void shouldForceThePreviousSegmentWhenABatchCrossesASegmentBoundary()
    {
        try (Journal journal = open(FlushPolicy.BATCH))
        {
            final JournalAppender appender = journal.appender();
            append(appender, 5);
            clock.advanceMinutes(1);
            append(appender, 5);
            assertEquals(1, appender.forces(), "the finished segment is forced when the next one starts");
            appender.endBatch();
            assertEquals(2, appender.forces());
            assertEquals(2, SegmentBytes.segments(dir).size());
        }
    }

    @Test
    void shouldForceEveryRecordWithPolicyEvery()
    {
        try (Journal journal = open(FlushPolicy.EVERY))
        {
            final JournalAppender appender = journal.appender();
            append(appender, 10);
            assertEquals(10, appender.forces());
            appender.endBatch();
            assertEquals(10, appender.forces());
        }
    }
}
