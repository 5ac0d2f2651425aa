package io.ferrite.engine;

import io.ferrite.engine.inspect.CountersDescriptor;
import io.ferrite.engine.inspect.EngineStat;
import io.ferrite.journal.DataFiles;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The engine's live counters in a memory-mapped file ({@code DIR/counters.dat}), in the layout of Agrona's
 * {@link CountersManager}, so another process can watch progress without touching the engine (as Aeron's
 * {@code AeronStat} does). Read it with {@link EngineStat}.
 * <p>
 * Layout: a 64-byte header (magic, version, metadata length, values length, pid, start time) then the counters'
 * metadata and values. Agents update their counter once per batch with a release store: no cost per event.
 */
final class CountersFile implements AutoCloseable
{
    /** {@link #CountersDescriptor.RUNNING} while the engine runs, {@link #CountersDescriptor.STOPPED} once it stopped (the values are then final). */

    private final MappedByteBuffer mapped;
    private final CountersManager manager;
    private final UnsafeBuffer header;

    private CountersFile(final MappedByteBuffer mapped, final CountersManager manager, final UnsafeBuffer header)
    {
        this.mapped = mapped;
        this.manager = manager;
        this.header = header;
    }

    static CountersFile create(final Path dataDirectory, final int counters)
    {
        // Agrona sizes the metadata region from the values region: one metadata record per value slot.
        final int valuesLength = align(counters * CountersReader.COUNTER_LENGTH);
        final int metadataLength = valuesLength * (CountersReader.METADATA_LENGTH / CountersReader.COUNTER_LENGTH);
        final Path path = dataDirectory.resolve(CountersDescriptor.FILE_NAME);
        final MappedByteBuffer mapped;
        try
        {
            // A previous run's file is replaced, not reused: a reader still mapping it keeps the old inode.
            Files.deleteIfExists(path);
            mapped = IoUtil.mapNewFile(path.toFile(), CountersDescriptor.HEADER_LENGTH + metadataLength + valuesLength);
            DataFiles.restrictFile(path);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new FerriteException("cannot create counters file " + path + ": " + ex, ex);
        }
        final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersDescriptor.HEADER_LENGTH);
        header.putInt(CountersDescriptor.VERSION_OFFSET, CountersDescriptor.VERSION);
        header.putInt(CountersDescriptor.METADATA_LENGTH_OFFSET, metadataLength);
        header.putInt(CountersDescriptor.VALUES_LENGTH_OFFSET, valuesLength);
        header.putLong(CountersDescriptor.PID_OFFSET, ProcessHandle.current().pid());
        header.putLong(CountersDescriptor.START_TIME_OFFSET, System.currentTimeMillis());
        header.putInt(CountersDescriptor.STATE_OFFSET, CountersDescriptor.RUNNING);
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(mapped, CountersDescriptor.HEADER_LENGTH, metadataLength),
            new UnsafeBuffer(mapped, CountersDescriptor.HEADER_LENGTH + metadataLength, valuesLength));
        // The magic goes in last, with a release store: a reader that sees it sees a complete layout.
        header.putLongRelease(CountersDescriptor.MAGIC_OFFSET, CountersDescriptor.MAGIC);
        return new CountersFile(mapped, manager, header);
    }

    AtomicCounter newCounter(final int typeId, final String label)
    {
        return manager.newCounter(label, typeId);
    }

    private static int align(final int length)
    {
        return (length + 4095) & ~4095;
    }

    /** Mark the engine stopped (the values stay readable) and unmap. */
    public void close()
    {
        header.putIntRelease(CountersDescriptor.STATE_OFFSET, CountersDescriptor.STOPPED);
        IoUtil.unmap(mapped);
    }
}
