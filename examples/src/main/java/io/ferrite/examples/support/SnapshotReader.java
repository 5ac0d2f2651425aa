package io.ferrite.examples.support;

import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Reads a little-endian snapshot field by field, checking every read against the snapshot's length (not only the
 * buffer's capacity) so that a truncated snapshot fails with a message naming the field and the byte position instead
 * of reading whatever follows it.
 * <p>
 * <b>Threading and allocation:</b> one instance per load, used on the loading thread; snapshot loading is not a hot
 * path.
 */
public final class SnapshotReader
{
    private final DirectBuffer buffer;
    private final int start;
    private final int end;
    private int position;

    /**
     * @param buffer holding the snapshot.
     * @param offset of the snapshot in {@code buffer}.
     * @param length of the snapshot.
     * @throws IllegalArgumentException if the range lies outside the buffer.
     */
    public SnapshotReader(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
        {
            throw new IllegalArgumentException("snapshot range [" + offset + ", " + ((long)offset + length) +
                ") is outside the buffer of capacity " + buffer.capacity());
        }
        this.buffer = buffer;
        this.start = offset;
        this.end = offset + length;
        this.position = offset;
    }

    /**
     * Read the two ints every example snapshot starts with, a magic number naming the format and the format's version,
     * and check them.
     *
     * @param format  the format's name, for the errors ("trading").
     * @param magic   the magic number the format's writer puts first.
     * @param version the one version this reader understands.
     * @throws IllegalArgumentException naming the format, what was expected and what was found, if the snapshot is
     *                                  of another format or version (or too short to say).
     */
    public void readHeader(final String format, final int magic, final int version)
    {
        final int foundMagic = readInt("magic");
        if (foundMagic != magic)
        {
            throw new IllegalArgumentException("not a " + format + " snapshot: magic 0x" +
                Integer.toHexString(foundMagic) + ", expected 0x" + Integer.toHexString(magic));
        }
        final int foundVersion = readInt("version");
        if (foundVersion != version)
        {
            throw new IllegalArgumentException("unsupported " + format + " snapshot version " + foundVersion +
                ", expected " + version);
        }
    }

    /**
     * @return the position of the next read relative to the start of the snapshot.
     */
    public int position()
    {
        return position - start;
    }

    /**
     * @param field named in the error if the snapshot ends before it.
     * @return the next 4-byte int.
     */
    public int readInt(final String field)
    {
        require(Integer.BYTES, field);
        final int value = buffer.getInt(position, LITTLE_ENDIAN);
        position += Integer.BYTES;
        return value;
    }

    /**
     * @param field named in the error if the snapshot ends before it.
     * @return the next 8-byte long.
     */
    public long readLong(final String field)
    {
        require(Long.BYTES, field);
        final long value = buffer.getLong(position, LITTLE_ENDIAN);
        position += Long.BYTES;
        return value;
    }

    /**
     * @param field named in the error if the snapshot ends before it.
     * @return the next byte.
     */
    public byte readByte(final String field)
    {
        require(Byte.BYTES, field);
        return buffer.getByte(position++);
    }

    /**
     * @throws IllegalArgumentException if bytes are left unread: the snapshot does not match the format.
     */
    public void expectEnd()
    {
        if (position != end)
        {
            throw new IllegalArgumentException("snapshot has " + (end - position) + " unread bytes after byte " +
                position() + " of " + (end - start));
        }
    }

    private void require(final int bytes, final String field)
    {
        if (end - position < bytes)
        {
            throw new IllegalArgumentException("snapshot truncated: " + field + " needs " + bytes + " bytes at byte " +
                position() + " of " + (end - start));
        }
    }
}
