package io.ferrite.journal;

import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.zip.CRC32C;

/**
 * CRC32C over raw memory, without copying or allocating.
 * <p>
 * The fast path is Agrona's {@link Crc32c}, which calls the JDK's intrinsic over the mapped address. Agrona reaches
 * that method reflectively, which needs {@code --add-opens java.base/java.util.zip=ALL-UNNAMED}. Without the flag the
 * journal still works, more slowly: it copies the record through a small reusable array into {@link CRC32C} (the
 * same intrinsic, plus a copy). A warning is logged once. Both paths give identical values.
 * <p>
 * Not thread safe: one instance per appender or reader.
 */
final class RecordChecksum
{
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordChecksum.class);
    private static final int COPY_CHUNK_LENGTH = 4096;
    private static final boolean ZERO_COPY = probeZeroCopy();

    private final CRC32C fallback = new CRC32C();
    private final byte[] scratch = new byte[COPY_CHUNK_LENGTH];
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    /**
     * @return true if checksums are computed in place over mapped memory.
     */
    static boolean zeroCopy()
    {
        return ZERO_COPY;
    }

    /**
     * @param address of the first byte.
     * @param length  of the range in bytes.
     * @return the CRC32C of the range.
     */
    int compute(final long address, final int length)
    {
        if (ZERO_COPY)
        {
            return Crc32c.INSTANCE.compute(address, 0, length);
        }

        return computeByCopy(address, length);
    }

    /**
     * The path taken when the zero-copy one is unavailable; package-private so tests can hold both to one value.
     */
    int computeByCopy(final long address, final int length)
    {
        final CRC32C crc = fallback;
        final byte[] chunk = scratch;
        crc.reset();
        view.wrap(address, length);
        for (int offset = 0; offset < length; offset += chunk.length)
        {
            final int n = Math.min(chunk.length, length - offset);
            view.getBytes(offset, chunk, 0, n);
            crc.update(chunk, 0, n);
        }

        return (int)crc.getValue();
    }

    private static boolean probeZeroCopy()
    {
        final UnsafeBuffer probe = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(8));
        try
        {
            Crc32c.INSTANCE.compute(probe.addressOffset(), 0, 8);
            return true;
        }
        catch (final Error ex)
        {
            // Agrona's Crc32c throws a plain Error from its static initialiser (NoClassDefFoundError on any later
            // use) when java.util.zip is not opened to it. That is a deployment choice, not a fault: fall back.
            if (ex instanceof VirtualMachineError)
            {
                throw ex;
            }
            LOGGER.warn("CRC32C over mapped memory is unavailable ({}); journal checksums copy each record instead. " +
                "Add --add-opens java.base/java.util.zip=ALL-UNNAMED to the JVM flags for zero-copy checksums.",
                ex.toString());
            return false;
        }
    }
}
