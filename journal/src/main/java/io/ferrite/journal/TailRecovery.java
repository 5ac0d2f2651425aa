package io.ferrite.journal;

import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.Wires;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds, and for a writer erases, a torn tail: the bytes of a record whose writer died before publishing it.
 * <p>
 * Chronicle Queue publishes an excerpt by writing its 4-byte length header last, under its write lock, so a reader
 * never sees an unpublished excerpt: a writer killed mid-append leaves the record's bytes after the last published
 * excerpt, behind a header that is still zero (older Chronicle versions mark it incomplete instead). The last
 * segment is walked from its recorded write position over published excerpts to the first free header; any non-zero
 * byte in the space one record can take after it is a torn tail.
 * <p>
 * Erasing it zeroes that space. Chronicle would overwrite the torn bytes on the next append anyway, but a longer torn
 * record would leave garbage behind a shorter new one, which the next open would report again as a torn tail.
 */
final class TailRecovery
{
    private static final int HEADER_LENGTH = Wires.SPB_HEADER_SIZE;

    private TailRecovery()
    {
    }

    /**
     * @param queue           the open queue.
     * @param cycle           the newest cycle, the only one a writer can have torn.
     * @param maxRecordLength the longest record the journal may hold.
     * @param erase           zero the torn bytes (writers only).
     * @return true if a torn tail was found.
     */
    static boolean inspect(
        final SingleChronicleQueue queue, final int cycle, final int maxRecordLength, final boolean erase)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (null == store)
        {
            return false;
        }

        try
        {
            final Path file = store.file().toPath();
            final long fileSize = Files.size(file);
            final MappedBytes bytes = store.bytes();
            final boolean aligned = store.dataVersion() > 0;
            long position = store.writePosition();
            while (position + HEADER_LENGTH <= fileSize)
            {
                final int header = bytes.readVolatileInt(position);
                if (Wires.NOT_INITIALIZED == header || Wires.END_OF_DATA == header)
                {
                    break;
                }
                if ((header & Wires.NOT_COMPLETE) != 0)
                {
                    // An excerpt whose header was claimed but never completed.
                    break;
                }
                position = next(position, header, aligned);
            }

            if (position >= fileSize || Wires.END_OF_DATA == bytes.readVolatileInt(position))
            {
                return false;
            }

            final long end = Math.min(fileSize, position + HEADER_LENGTH + maxRecordLength + Long.BYTES);
            final long lastNonZero = lastNonZero(bytes, position, end);
            if (lastNonZero < 0)
            {
                return false;
            }

            if (erase)
            {
                // Zero the body first and the header slot last, so a crash during the repair leaves a tail that the
                // next open still recognises as torn.
                for (long p = lastNonZero; p > position; p--)
                {
                    bytes.writeByte(p, (byte)0);
                }
                bytes.writeOrderedInt(position, 0);
            }
            return true;
        }
        catch (final IOException ex)
        {
            throw new JournalException(
                JournalException.Category.IO, "cannot inspect the tail of " + store.file() + ": " + ex, ex);
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    private static long next(final long position, final int header, final boolean aligned)
    {
        final long end = position + HEADER_LENGTH + Wires.lengthOf(header);
        return aligned ? (end + 3) & ~3L : end;
    }

    private static long lastNonZero(final MappedBytes bytes, final long from, final long to)
    {
        for (long p = to - 1; p >= from; p--)
        {
            if (0 != bytes.readByte(p))
            {
                return p;
            }
        }
        return -1;
    }
}
