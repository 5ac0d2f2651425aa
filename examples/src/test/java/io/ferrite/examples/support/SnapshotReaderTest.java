package io.ferrite.examples.support;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SnapshotReaderTest
{
    private static final int MAGIC = 0x54534554;

    @Test
    void shouldReadAMatchingHeaderAndStopAfterIt()
    {
        final SnapshotReader reader = reader(MAGIC, 3);
        reader.readHeader("test", MAGIC, 3);
        assertEquals(8, reader.position());
        reader.expectEnd();
    }

    @Test
    void shouldNameTheFormatTheExpectedAndTheFoundMagic()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> reader(0x4D545246, 3).readHeader("test", MAGIC, 3));
        assertEquals("not a test snapshot: magic 0x4d545246, expected 0x54534554", ex.getMessage());
    }

    @Test
    void shouldNameTheFormatTheExpectedAndTheFoundVersion()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> reader(MAGIC, 2).readHeader("test", MAGIC, 3));
        assertEquals("unsupported test snapshot version 2, expected 3", ex.getMessage());
    }

    @Test
    void shouldNameTheVersionFieldWhenTheSnapshotEndsBeforeIt()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        buffer.putInt(0, MAGIC, LITTLE_ENDIAN);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new SnapshotReader(buffer, 0, 6).readHeader("test", MAGIC, 3));
        assertEquals("snapshot truncated: version needs 4 bytes at byte 4 of 6", ex.getMessage());
    }

    private static SnapshotReader reader(final int magic, final int version)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        buffer.putInt(0, magic, LITTLE_ENDIAN);
        buffer.putInt(4, version, LITTLE_ENDIAN);
        return new SnapshotReader(buffer, 0, 8);
    }
}
