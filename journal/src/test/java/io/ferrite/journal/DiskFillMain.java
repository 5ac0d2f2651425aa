package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
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
 *     {@code GO} on its input before its first append (the disk is full when the segment starts). It tries that
 *     append twice (a {@code REFUSED} line each), then waits for {@code RETRY}, appends the same batch again in the
 *     same journal and prints {@code APPENDED <n>} (exit 0), or {@code REFUSED AGAIN ...} (exit 3).</li>
 *     <li>{@code open}: only opens the journal for writing (which repairs what it finds), then exits 3.</li>
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
            if ("open".equals(args[1]))
            {
                System.out.println("OPENED at " + journal.lastSequence());
                System.exit(3);
            }
            final JournalAppender appender = journal.appender();
            if (newSegment)
            {
                final BufferedReader input =
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                System.out.println("READY");
                System.out.flush();
                await(input, "GO");
                // Twice while the disk is full: a refused preparation must be tried again, not skipped.
                for (int attempt = 1; attempt <= 2; attempt++)
                {
                    try
                    {
                        appendBatch(appender, payload, 1);
                        System.out.println("APPENDED on a full disk");
                        System.exit(3);
                    }
                    catch (final JournalException ex)
                    {
                        System.out.println("REFUSED " + ex.category() + " " + ex.getMessage());
                        System.out.flush();
                    }
                }
                await(input, "RETRY");
                try
                {
                    appendBatch(appender, payload, 1);
                }
                catch (final JournalException ex)
                {
                    System.out.println("REFUSED AGAIN " + ex.category() + " " + ex.getMessage());
                    System.exit(3);
                }
                System.out.println("APPENDED " + journal.lastSequence());
                System.out.flush();
                return;
            }
            long sequence = 1;
            while (true)
            {
                sequence = appendBatch(appender, payload, sequence);
                if (65 == sequence)
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

    /**
     * @return the next sequence.
     */
    private static long appendBatch(final JournalAppender appender, final UnsafeBuffer payload, final long first)
    {
        long sequence = first;
        appender.beginBatch();
        for (int i = 0; i < 64; i++, sequence++)
        {
            payload.putLong(0, sequence);
            appender.append(sequence, sequence, 1, payload, 0, payload.capacity());
        }
        appender.endBatch();
        return sequence;
    }

    private static void await(final BufferedReader input, final String expected) throws IOException
    {
        final String line = input.readLine();
        if (!expected.equals(line))
        {
            throw new IllegalStateException("expected " + expected + ", read " + line);
        }
    }
}
