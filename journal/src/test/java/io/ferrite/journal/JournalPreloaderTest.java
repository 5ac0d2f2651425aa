package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal opened right after a background preload starts waits for it instead of initialising Chronicle classes
 * beside it, and works as usual; the preload runs once per JVM.
 */
class JournalPreloaderTest
{
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldOpenAJournalWhileThePreloadRunsAndOnlyAfterItEnds()
    {
        JournalPreloader.startInBackground();
        JournalPreloader.startInBackground();
        assertTrue(preloadThreads() <= 1, "more than one preload thread");

        try (Journal journal = Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(0)))
        {
            assertEquals(0, preloadThreads(), "the open did not wait for the preload to end");
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
            payload.putLong(0, 42);
            journal.appender().append(1, 1, 7, payload, 0, 16);
            try (JournalReader reader = journal.reader())
            {
                final JournalRecord record = new JournalRecord();
                assertTrue(reader.next(record));
                assertEquals(1, record.sequence());
                assertEquals(42, record.buffer().getLong(record.payloadOffset()));
                assertFalse(reader.next(record));
            }
        }
    }

    private static long preloadThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> JournalPreloader.THREAD_NAME.equals(thread.getName()) && thread.isAlive())
            .count();
    }
}
