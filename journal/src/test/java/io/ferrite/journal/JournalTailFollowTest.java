package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A reader on one thread follows the tail while the appender writes on another, across segment boundaries. The
 * other-process case is in {@link JournalProcessTest}.
 */
class JournalTailFollowTest
{
    private static final long SEED = 11;
    private static final int MAX_PAYLOAD = 128;
    private static final int RECORDS = 300_000;
    private static final int PER_SEGMENT = 100_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldFollowTheTailAcrossThreadsAndSegments() throws Exception
    {
        final TestClock clock = new TestClock();
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).rollCycle(JournalRollCycle.MINUTELY)
            .epochMillisClock(clock).maxPayloadLength(MAX_PAYLOAD).minFreeSpaceBytes(0)))
        {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final long[] seen = new long[1];
            final JournalReader reader = journal.reader();
            final Thread follower = new Thread(() ->
            {
                final JournalRecord record = new JournalRecord();
                long expected = 1;
                try
                {
                    while (expected <= RECORDS)
                    {
                        if (reader.next(record))
                        {
                            assertEquals(expected, record.sequence());
                            assertNull(TestRecords.mismatch(record, SEED, MAX_PAYLOAD));
                            expected++;
                        }
                        else
                        {
                            // At the tail: let the writer have the CPU (this machine may have only two).
                            LockSupport.parkNanos(50_000);
                        }
                    }
                    seen[0] = expected - 1;
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            }, "tail-follower");
            follower.start();

            final JournalAppender appender = journal.appender();
            final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
            for (long sequence = 1; sequence <= RECORDS; sequence++)
            {
                if (sequence > 1 && sequence % PER_SEGMENT == 1)
                {
                    clock.advanceMinutes(1);
                }
                TestRecords.append(appender, scratch, SEED, sequence, MAX_PAYLOAD);
                if (sequence % 1000 == 0)
                {
                    Thread.yield();
                }
            }

            follower.join(TimeUnit.SECONDS.toMillis(50));
            assertFalse(follower.isAlive(), "follower did not catch up");
            assertNull(failure.get());
            assertEquals(RECORDS, seen[0]);
            reader.close();
        }
    }
}
