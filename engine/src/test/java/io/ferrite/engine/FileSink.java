package io.ferrite.engine;

import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Sink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A durable test sink: appends fixed 24-byte records (input sequence, ordinal, value) to a file, one write per output,
 * and after a crash reports the (input sequence, ordinal) of the last complete record, so the engine delivers
 * neither those outputs again nor fewer than the rest of a part-written input.
 */
final class FileSink implements Sink, AutoCloseable
{
    static final int RECORD = 24;
    private final FileChannel channel;
    private final ByteBuffer record = ByteBuffer.allocateDirect(RECORD).order(ByteOrder.LITTLE_ENDIAN);
    private final long lastDelivered;
    private final int lastOrdinal;

    FileSink(final Path file)
    {
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            final long complete = channel.size() - channel.size() % RECORD;
            channel.truncate(complete);
            long last = 0;
            int ordinal = ALL_OUTPUTS;
            if (complete > 0)
            {
                final ByteBuffer tail = ByteBuffer.allocate(RECORD).order(ByteOrder.LITTLE_ENDIAN);
                channel.read(tail, complete - RECORD);
                last = tail.getLong(0);
                ordinal = (int)tail.getLong(8);
            }
            lastDelivered = last;
            lastOrdinal = ordinal;
            channel.position(complete);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public void onOutput(final OutputView output, final boolean endOfBatch)
    {
        record.clear();
        record.putLong(0, output.inputSequence());
        record.putLong(8, output.ordinal());
        record.putLong(16, output.buffer().getLong(output.payloadOffset() + 8));
        try
        {
            while (record.hasRemaining())
            {
                channel.write(record);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public long lastDeliveredSequence()
    {
        return lastDelivered;
    }

    public int lastDeliveredOrdinal()
    {
        return lastOrdinal;
    }

    public void close() throws IOException
    {
        channel.close();
    }
}
