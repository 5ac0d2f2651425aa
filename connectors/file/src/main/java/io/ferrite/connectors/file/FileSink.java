package io.ferrite.connectors.file;

import io.ferrite.connectors.text.OutputTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.processor.OutputView;
import io.ferrite.engine.processor.Sink;
import io.ferrite.journal.DataFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes outputs to a CSV or JSON-lines file, one per line ({@link OutputTextCodec}), as a <b>tracked</b> sink: the
 * file itself records what was delivered. At start it drops a torn last line (a crash mid-write), reads
 * (input_sequence, ordinal) from the last complete one and reports the sequence before it as delivered; the outputs
 * recovery then replays are compared against that pair, so each output lands in the file exactly once across
 * crashes.
 * <p>
 * Lines are buffered and written to the operating system at the end of every output batch (so a kill -9 loses
 * nothing written; a machine crash can lose the tail, which the next start re-delivers). <b>Threading:</b> the
 * engine's sink thread only. <b>Note:</b> one file per sink; exactly-once holds for outputs of one emitting
 * processor, see {@link Sink}.
 */
public final class FileSink implements Sink
{
    private final Path path;
    private final OutputTextCodec codec;
    private final TextFormat format;
    private final ByteBuffer pending = ByteBuffer.allocateDirect(256 * 1024);
    private FileChannel channel;
    private long skipUpToSequence = -1;
    private int skipUpToOrdinal = -1;
    private long delivered;
    private long skipped;

    /**
     * @param path   the output file; created (with a CSV header) if missing, appended to otherwise.
     * @param codec  encodes the outputs.
     * @param format the codec's format (CSV writes a header line).
     */
    public FileSink(final Path path, final OutputTextCodec codec, final TextFormat format)
    {
        this.path = path;
        this.codec = codec;
        this.format = format;
    }

    @Override
    public long lastDeliveredSequence()
    {
        try
        {
            // Outputs are users' data: a new file is owner-only, like the engine's own files.
            DataFiles.createFileIfAbsent(path);
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
            final long size = channel.size();
            final String tail = readTail(size);
            final int lastNewline = tail.lastIndexOf('\n');
            final long completeEnd = size - (tail.length() - (lastNewline + 1));
            if (completeEnd < size)
            {
                // A line torn by a crash: it will be delivered again.
                channel.truncate(completeEnd);
            }
            channel.position(completeEnd);
            if (completeEnd == 0)
            {
                if (format == TextFormat.CSV)
                {
                    write((codec.csvHeader() + "\n").getBytes(StandardCharsets.US_ASCII));
                }
                return 0;
            }
            final int previousNewline = tail.lastIndexOf('\n', lastNewline - 1);
            final long[] position = codec.readPosition(tail.substring(previousNewline + 1, lastNewline));
            if (null == position)
            {
                return 0;
            }
            skipUpToSequence = position[0];
            skipUpToOrdinal = (int)position[1];
            return position[0] - 1;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("file sink " + path + ": cannot open: " + ex.getMessage(), ex);
        }
    }

    private String readTail(final long size) throws IOException
    {
        final int length = (int)Math.min(size, 64 * 1024);
        final ByteBuffer bytes = ByteBuffer.allocate(length);
        long at = size - length;
        while (bytes.hasRemaining())
        {
            final int read = channel.read(bytes, at);
            if (read < 0)
            {
                break;
            }
            at += read;
        }
        return new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII);
    }

    private void write(final byte[] bytes) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
    }

    @Override
    public void onOutput(final OutputView output, final boolean endOfBatch)
    {
        final long sequence = output.inputSequence();
        if (sequence < skipUpToSequence || (sequence == skipUpToSequence && output.ordinal() <= skipUpToOrdinal))
        {
            skipped++;
        }
        else
        {
            final int length = codec.encode(output);
            if (pending.remaining() < length)
            {
                flush();
            }
            codec.line().getBytes(0, pending, length);
            delivered++;
        }
        if (endOfBatch)
        {
            flush();
        }
    }

    private void flush()
    {
        pending.flip();
        try
        {
            while (pending.hasRemaining())
            {
                channel.write(pending);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("file sink " + path + ": cannot write: " + ex.getMessage(), ex);
        }
        finally
        {
            pending.clear();
        }
    }

    /**
     * @return outputs written this run.
     */
    public long delivered()
    {
        return delivered;
    }

    /**
     * @return replayed outputs dropped because the file already held them.
     */
    public long skipped()
    {
        return skipped;
    }

    /**
     * @return the file.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Close the file (after the engine stopped).
     */
    public void close()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("file sink " + path + ": cannot close", ex);
            }
        }
    }
}
