package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordChecksumTest
{
    @Test
    void shouldComputeStandardCrc32cWithAndWithoutZeroCopy()
    {
        // The build opens java.util.zip, so the zero-copy path is the one under test here.
        assertTrue(RecordChecksum.zeroCopy());
        final RecordChecksum checksum = new RecordChecksum();
        final SplittableRandom random = new SplittableRandom(5);
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(3 * 4096 + 17));
        final byte[] bytes = new byte[buffer.capacity()];
        for (final int length : new int[]{0, 1, 7, 28, 92, 4095, 4096, 4097, buffer.capacity()})
        {
            random.nextBytes(bytes);
            buffer.putBytes(0, bytes);
            final CRC32C reference = new CRC32C();
            reference.update(bytes, 0, length);
            final int expected = (int)reference.getValue();
            assertEquals(expected, checksum.compute(buffer.addressOffset(), length), "zero copy, length " + length);
            assertEquals(expected, checksum.computeByCopy(buffer.addressOffset(), length), "copy, length " + length);
        }
    }
}
