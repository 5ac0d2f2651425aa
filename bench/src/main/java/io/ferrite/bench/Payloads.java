package io.ferrite.bench;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The payload every benchmark writes, so that all implementations move the same bytes: a deterministic,
 * non-constant template of the benchmark's payload size. Producers copy the template and then overwrite its first
 * 8 bytes with a per-event value, which consumers read back (so no stage can be optimised away, and the sum of those
 * values proves every event arrived).
 */
public final class Payloads
{
    /** Offset of the per-event value in every payload. */
    public static final int VALUE_OFFSET = 0;
    /** The smallest payload a benchmark may use: it must hold the per-event value. */
    public static final int MIN_SIZE = Long.BYTES;

    private Payloads()
    {
    }

    /**
     * @param size payload size in bytes, at least {@link #MIN_SIZE}.
     * @return a heap-backed template of {@code size} bytes with a fixed, non-zero pattern.
     * @throws IllegalArgumentException if {@code size} is below {@link #MIN_SIZE}.
     */
    public static UnsafeBuffer template(final int size)
    {
        checkSize(size);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[size]);
        for (int i = 0; i < size; i++)
        {
            buffer.putByte(i, (byte)(31 * i + 7));
        }
        return buffer;
    }

    /**
     * @param size a payload size from a benchmark parameter.
     * @return {@code size}.
     * @throws IllegalArgumentException if it cannot hold the per-event value.
     */
    public static int checkSize(final int size)
    {
        if (size < MIN_SIZE)
        {
            throw new IllegalArgumentException("payloadSize must be at least " + MIN_SIZE + " bytes, was " + size);
        }
        return size;
    }
}
