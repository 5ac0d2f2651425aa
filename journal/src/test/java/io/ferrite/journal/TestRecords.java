package io.ferrite.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Deterministic record contents for tests: the length, type, timestamp and payload bytes of record {@code sequence}
 * are pure functions of (seed, sequence), so a reader can check any record, in any process, without the writer's
 * help and without storing what was written.
 */
final class TestRecords
{
    private TestRecords()
    {
    }

    static int length(final long seed, final long sequence, final int maxLength)
    {
        return (int)Long.remainderUnsigned(mix(seed, sequence, 0x51L), maxLength + 1L);
    }

    /** The longest batch {@link #endsBatch} allows: 500 records of at most 124 bytes stay in one 64 KiB excerpt. */
    static final int MAX_BATCH_RECORDS = 500;

    /**
     * @return true if a writer following this pattern ends its batch after {@code sequence}: batches of irregular
     * length, at most {@link #MAX_BATCH_RECORDS}, whose boundaries depend only on the sequence.
     */
    static boolean endsBatch(final long seed, final long sequence)
    {
        return 0 == sequence % MAX_BATCH_RECORDS || 0 == Long.remainderUnsigned(mix(seed, sequence, 0xBA), 211);
    }

    static int type(final long seed, final long sequence)
    {
        return (int)mix(seed, sequence, 0x7E);
    }

    static long timestamp(final long seed, final long sequence)
    {
        return sequence * 1_000L + (mix(seed, sequence, 0x71) & 0x3FF);
    }

    /**
     * Fill {@code buffer[0, length)} with the payload of {@code sequence}.
     */
    static void fill(final MutableDirectBuffer buffer, final long seed, final long sequence, final int length)
    {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            buffer.putLong(i, mix(seed, sequence, i));
        }
        for (; i < length; i++)
        {
            buffer.putByte(i, (byte)mix(seed, sequence, i));
        }
    }

    /**
     * Append record {@code sequence} with its deterministic contents.
     */
    static void append(
        final JournalAppender appender, final MutableDirectBuffer scratch, final long seed, final long sequence,
        final int maxLength)
    {
        final int length = length(seed, sequence, maxLength);
        fill(scratch, seed, sequence, length);
        appender.append(sequence, timestamp(seed, sequence), type(seed, sequence), scratch, 0, length);
    }

    /**
     * @return null if {@code record} holds exactly what {@link #append} wrote for its sequence, else what differs.
     */
    static String mismatch(final JournalRecord record, final long seed, final int maxLength)
    {
        final long sequence = record.sequence();
        if (record.length() != length(seed, sequence, maxLength))
        {
            return "length " + record.length() + " != " + length(seed, sequence, maxLength) + " at " + sequence;
        }
        if (record.type() != type(seed, sequence))
        {
            return "type differs at " + sequence;
        }
        if (record.timestamp() != timestamp(seed, sequence))
        {
            return "timestamp differs at " + sequence;
        }
        final DirectBuffer buffer = record.buffer();
        final int base = record.payloadOffset();
        final int length = record.length();
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            if (buffer.getLong(base + i) != mix(seed, sequence, i))
            {
                return "payload differs at " + sequence + " offset " + i;
            }
        }
        for (; i < length; i++)
        {
            if (buffer.getByte(base + i) != (byte)mix(seed, sequence, i))
            {
                return "payload differs at " + sequence + " offset " + i;
            }
        }
        return null;
    }

    private static long mix(final long seed, final long sequence, final long salt)
    {
        // SplitMix64 finaliser over the three inputs: cheap, and every bit depends on every input bit.
        long z = seed * 0x9E3779B97F4A7C15L + sequence * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
