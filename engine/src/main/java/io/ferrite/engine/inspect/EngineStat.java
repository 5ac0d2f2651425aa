package io.ferrite.engine.inspect;

import io.ferrite.engine.FerriteException;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an engine's live counters from its data directory, from any process, while the engine runs (or after it
 * stopped: the file keeps the last values). Read-only; never disturbs the engine.
 *
 * @param pid              the process that owns (or owned) the counters.
 * @param startEpochMillis when that engine started.
 * @param running          true if that engine is running now (it has not stopped and its process is alive).
 * @param counters         counter label → value, in registration order: {@code published}, {@code journaled},
 *                         {@code processed: NAME} and {@code emitted: NAME} per processor,
 *                         {@code consumed: sink:NAME} per sink, {@code snapshots written}, {@code errors}.
 */
public record EngineStat(long pid, long startEpochMillis, boolean running, Map<String, Long> counters)
{
    /**
     * @param dataDirectory the engine's data directory.
     * @return the counters as they are now.
     * @throws FerriteException if there is no counters file or it is not one.
     */
    public static EngineStat read(final Path dataDirectory)
    {
        final Path path = dataDirectory.resolve(CountersDescriptor.FILE_NAME);
        if (!Files.isRegularFile(path))
        {
            throw new FerriteException("no counters file " + path + ": no engine has run in " + dataDirectory);
        }
        final File file = path.toFile();
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, FileChannel.MapMode.READ_ONLY, "counters");
        try
        {
            if (mapped.capacity() < CountersDescriptor.HEADER_LENGTH)
            {
                throw new FerriteException("counters file " + path + " is truncated");
            }
            final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, CountersDescriptor.HEADER_LENGTH);
            if (header.getLongAcquire(CountersDescriptor.MAGIC_OFFSET) != CountersDescriptor.MAGIC ||
                header.getInt(CountersDescriptor.VERSION_OFFSET) != CountersDescriptor.VERSION)
            {
                throw new FerriteException("counters file " + path + " is not a Ferrite counters file (version " +
                    CountersDescriptor.VERSION + ")");
            }
            final int metadataLength = header.getInt(CountersDescriptor.METADATA_LENGTH_OFFSET);
            final int valuesLength = header.getInt(CountersDescriptor.VALUES_LENGTH_OFFSET);
            if (CountersDescriptor.HEADER_LENGTH + (long)metadataLength + valuesLength > mapped.capacity())
            {
                throw new FerriteException("counters file " + path + " is truncated");
            }
            final CountersReader reader = new CountersReader(
                new UnsafeBuffer(mapped, CountersDescriptor.HEADER_LENGTH, metadataLength),
                new UnsafeBuffer(mapped, CountersDescriptor.HEADER_LENGTH + metadataLength, valuesLength));
            final Map<String, Long> counters = new LinkedHashMap<>();
            reader.forEach((value, id, label) -> counters.put(label, value));
            final long pid = header.getLong(CountersDescriptor.PID_OFFSET);
            final boolean running = header.getIntAcquire(CountersDescriptor.STATE_OFFSET) == CountersDescriptor.RUNNING &&
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return new EngineStat(pid, header.getLong(CountersDescriptor.START_TIME_OFFSET), running, counters);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }
}
