package io.ferrite.tools;

import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalAppender;
import io.ferrite.journal.JournalConfig;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Writes small journals through the journal API, and damages them on disk, for the journal command tests.
 */
final class JournalFixture
{
    /** Every record's type. */
    static final int TYPE = 3;

    private JournalFixture()
    {
    }

    /**
     * @param sequence a record's sequence.
     * @return its payload: an ASCII marker unique to the record, so a test can find it in the segment file.
     */
    static String payloadOf(final long sequence)
    {
        return String.format("record-%06d", sequence);
    }

    /**
     * @param sequence a record's sequence.
     * @return its timestamp.
     */
    static long timestampOf(final long sequence)
    {
        return 1_000_000_000L + sequence;
    }

    /**
     * @param journalDirectory where to create the journal.
     * @param records          how many records, sequences 1..records.
     */
    static void writeJournal(final Path journalDirectory, final int records)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        try (Journal journal = Journal.open(new JournalConfig().directory(journalDirectory)))
        {
            final JournalAppender appender = journal.appender();
            for (long sequence = 1; sequence <= records; sequence++)
            {
                final int length = buffer.putStringWithoutLengthAscii(0, payloadOf(sequence));
                appender.append(sequence, timestampOf(sequence), TYPE, buffer, 0, length);
            }
            appender.endBatch();
        }
    }

    /**
     * Flip one bit of a record's payload in its segment file, as a disk or a stray write would.
     *
     * @param journalDirectory the journal.
     * @param sequence         the record to damage.
     * @return the segment file changed.
     * @throws IOException if the files cannot be read or written.
     */
    static Path flipPayloadByte(final Path journalDirectory, final long sequence) throws IOException
    {
        final byte[] marker = payloadOf(sequence).getBytes(StandardCharsets.US_ASCII);
        try (DirectoryStream<Path> segments = Files.newDirectoryStream(journalDirectory, "*.cq4"))
        {
            for (final Path segment : segments)
            {
                try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ,
                    StandardOpenOption.WRITE))
                {
                    final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
                    final int at = indexOf(mapped, marker);
                    if (at >= 0)
                    {
                        assertEquals(-1, indexOf(mapped.position(at + 1).slice(), marker), "marker not unique");
                        // Flip the last digit: '0'..'9' stay printable, so only the checksum can tell.
                        final int index = at + marker.length - 1;
                        mapped.put(index, (byte)(mapped.get(index) ^ 0x01));
                        mapped.force();
                        return segment;
                    }
                }
            }
        }
        return fail("no segment in " + journalDirectory + " holds the payload of sequence " + sequence);
    }

    /**
     * Cut a segment file short inside a record's payload, as a failed copy or a full disk would.
     *
     * @param journalDirectory the journal.
     * @param sequence         the first record to cut off.
     * @return the segment file cut.
     * @throws IOException if the files cannot be read or written.
     */
    static Path truncateInsidePayload(final Path journalDirectory, final long sequence) throws IOException
    {
        final byte[] marker = payloadOf(sequence).getBytes(StandardCharsets.US_ASCII);
        try (DirectoryStream<Path> segments = Files.newDirectoryStream(journalDirectory, "*.cq4"))
        {
            for (final Path segment : segments)
            {
                final int at;
                try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ))
                {
                    at = indexOf(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()), marker);
                }
                if (at >= 0)
                {
                    truncate(segment, at + 3);
                    return segment;
                }
            }
        }
        return fail("no segment in " + journalDirectory + " holds the payload of sequence " + sequence);
    }

    /**
     * @param segment the file to cut.
     * @param size    its new size.
     * @throws IOException if it cannot be written.
     */
    static void truncate(final Path segment, final long size) throws IOException
    {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE))
        {
            channel.truncate(size);
        }
    }

    /**
     * @param journalDirectory the journal.
     * @return its only segment file.
     * @throws IOException if the directory cannot be listed.
     */
    static Path onlySegment(final Path journalDirectory) throws IOException
    {
        try (DirectoryStream<Path> segments = Files.newDirectoryStream(journalDirectory, "*.cq4"))
        {
            Path only = null;
            for (final Path segment : segments)
            {
                assertEquals(null, only, "one segment");
                only = segment;
            }
            return null == only ? fail("no segment in " + journalDirectory) : only;
        }
    }

    private static int indexOf(final ByteBuffer buffer, final byte[] marker)
    {
        final int limit = buffer.limit() - marker.length;
        outer:
        for (int i = 0; i <= limit; i++)
        {
            for (int j = 0; j < marker.length; j++)
            {
                if (buffer.get(i + j) != marker[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
