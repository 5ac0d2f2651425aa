package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The writer of {@link JournalDiskFullTest}: appends batches flat out into a journal whose only guard against a full
 * disk is block reservation (free-space floor off), until an append is refused. Prints {@code READY}, then
 * {@code REFUSED <category> <message>} and exits 0; any other failure prints its stack trace and exits 3. Killed by
 * SIGBUS, it exits 134.
 * <p>
 * Arguments: journal directory, then the mode:
 * <ul>
 *     <li>{@code appending}: {@code READY} once the first batch is in its segment, then appends on at once (the disk
 *     fills while it writes);</li>
 *     <li>{@code new-segment}: {@code READY} once the journal is open, holding no segment yet, then waits for a line
 *     {@code GO} on its input before its first append (the disk is full when the segment starts).</li>
 * </ul>
 */
public final class DiskFillMain
{
    private DiskFillMain()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final boolean newSegment = "new-segment".equals(args[1]);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        try (Journal journal = Journal.open(new JournalConfig().directory(dir).minFreeSpaceBytes(0)))
        {
            final JournalAppender appender = journal.appender();
            if (newSegment)
            {
                System.out.println("READY");
                System.out.flush();
                final String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    .readLine();
                if (!"GO".equals(line))
                {
                    throw new IllegalStateException("expected GO, read " + line);
                }
            }
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
                if (65 == sequence && !newSegment)
                {
                    System.out.println("READY");
                    System.out.flush();
                }
            }
        }
        catch (final JournalException ex)
        {
            System.out.println("REFUSED " + ex.category() + " " + ex.getMessage());
            System.exit(JournalException.Category.STORAGE_SPACE == ex.category() ? 0 : 3);
        }
        catch (final Throwable ex)
        {
            // The whole trace: a failure here is rare and names where the guard has a gap.
            System.out.println("FAILED " + ex);
            ex.printStackTrace(System.out);
            System.out.flush();
            System.exit(3);
        }
    }
}
