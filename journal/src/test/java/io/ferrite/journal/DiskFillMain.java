package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The writer of {@link JournalDiskFullTest}: appends batches flat out into a journal whose only guard against a full
 * disk is block reservation (free-space floor off), until an append is refused. Prints {@code READY}, then
 * {@code REFUSED <category> <message>} and exits 0; any other failure exits 3. Killed by SIGBUS, it exits 134.
 * Arguments: journal directory.
 */
public final class DiskFillMain
{
    private DiskFillMain()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(0)))
        {
            final JournalAppender appender = journal.appender();
            System.out.println("READY");
            System.out.flush();
            long sequence = 1;
            while (true)
            {
                appender.beginBatch();
                for (int i = 0; i < 64; i++, sequence++)
                {
                    payload.putLong(0, sequence);
                    appender.append(sequence, sequence, 1, payload, 0, payload.capacity());
                }
                appender.endBatch();
            }
        }
        catch (final JournalException ex)
        {
            System.out.println("REFUSED " + ex.category() + " " + ex.getMessage());
            System.exit(JournalException.Category.STORAGE_SPACE == ex.category() ? 0 : 3);
        }
        catch (final Throwable ex)
        {
            System.out.println("FAILED " + ex);
            System.exit(3);
        }
    }
}
