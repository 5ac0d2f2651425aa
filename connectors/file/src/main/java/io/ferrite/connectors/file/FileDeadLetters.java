package io.ferrite.connectors.file;

import io.ferrite.engine.DeadLetterChannel;
import io.ferrite.journal.DataFiles;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Dead letters as lines of a file: each bad record exactly as it was read, one per line, so the file can be fixed
 * and fed back as a source. Why each one was rejected goes to the engine's error handler and the run's report, not
 * into this file. Every record is written (to the operating system) before the skip is recorded.
 */
public final class FileDeadLetters implements DeadLetterChannel
{
    private final Path path;
    private FileChannel channel;

    /**
     * @param path the dead-letter file; created if missing, appended to.
     */
    public FileDeadLetters(final Path path)
    {
        this.path = path;
    }

    @Override
    public void deadLetter(
        final String sourceName, final String position, final String reason, final DirectBuffer record,
        final int offset, final int length)
    {
        try
        {
            if (null == channel)
            {
                // The records refused are users' data: a new file is owner-only, like the engine's own files.
                DataFiles.createFileIfAbsent(path);
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            }
            final ByteBuffer bytes = ByteBuffer.allocate(length + 1);
            record.getBytes(offset, bytes, length);
            bytes.position(length);
            bytes.put((byte)'\n');
            bytes.flip();
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write dead letter of " + sourceName + " at " + position + " to " +
                path + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public String describe()
    {
        return path.toString();
    }

    @Override
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
                throw new UncheckedIOException("cannot close " + path, ex);
            }
        }
    }
}
