package io.ferrite.connectors.file;

import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.processor.MutableEvent;
import io.ferrite.engine.Source;
import io.ferrite.engine.SourceBatch;
import io.ferrite.engine.SourcePositions;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads events from a CSV or JSON-lines file (or standard input), one per line, decoded by an
 * {@link EventTextCodec}. Ends at the end of the file.
 * <p>
 * <b>Position:</b> partition 0, offset = the byte just after the record's line end, aux = its line number (from 1,
 * the CSV header being line 1). A restart skips exactly the bytes the journal already holds. Standard input cannot
 * seek: a restarted run reading stdin expects the same input again and skips the journaled bytes of it.
 * <p>
 * A line that does not decode is handed to the engine as a rejected record naming the file and line. A line longer
 * than the read buffer is rejected the same way. Blank lines are not records and are passed over. Not thread safe.
 */
public final class FileSource implements Source
{
    private static final int BUFFER_SIZE = 1 << 20;

    private final Path path;
    private final InputStream stdin;
    private final String displayName;
    private final EventTextCodec codec;
    private final byte[] bytes = new byte[BUFFER_SIZE];
    private final UnsafeBuffer view = new UnsafeBuffer(bytes);
    private InputStream in;
    private int start;
    private int end;
    private boolean eof;
    private boolean ended;
    private long offset;
    private long lineNumber;

    private FileSource(final Path path, final InputStream stdin, final String displayName, final EventTextCodec codec)
    {
        this.path = path;
        this.stdin = stdin;
        this.displayName = displayName;
        this.codec = codec;
    }

    /**
     * @param path  the file.
     * @param codec decodes its lines; its format says whether a header comes first.
     * @return the source.
     */
    public static FileSource ofFile(final Path path, final EventTextCodec codec)
    {
        return new FileSource(path, null, path.toString(), codec);
    }

    /**
     * @param in    the stream (standard input).
     * @param codec decodes its lines.
     * @return the source.
     */
    public static FileSource ofStream(final InputStream in, final EventTextCodec codec)
    {
        return new FileSource(null, in, "<stdin>", codec);
    }

    @Override
    public void open(final SourcePositions resume)
    {
        final long resumeOffset = resume.offset(0, 0);
        try
        {
            in = null != path ? Files.newInputStream(path) : stdin;
            if (codec.format() == TextFormat.CSV)
            {
                readHeader();
            }
            if (resumeOffset > offset)
            {
                skip(resumeOffset - offset);
                offset = resumeOffset;
                lineNumber = resume.aux(0, lineNumber);
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("source file " + displayName + " does not exist", ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read source file " + displayName + ": " + ex.getMessage(), ex);
        }
    }

    private void readHeader() throws IOException
    {
        final int lineEnd = nextLineEnd();
        if (lineEnd < 0)
        {
            throw new IllegalArgumentException(displayName + ": no CSV header line (expected " + codec.csvHeader() +
                ")");
        }
        final String problem = codec.readCsvHeader(view, start, lineEnd - start);
        if (null != problem)
        {
            throw new IllegalArgumentException(displayName + " line 1: " + problem);
        }
        consumeLine(lineEnd);
    }

    private void skip(final long count) throws IOException
    {
        long left = count;
        final int buffered = end - start;
        if (buffered >= left)
        {
            start += (int)left;
            return;
        }
        left -= buffered;
        start = 0;
        end = 0;
        while (left > 0)
        {
            final long skipped = in.skip(left);
            if (skipped <= 0)
            {
                if (in.read() < 0)
                {
                    throw new IllegalArgumentException(displayName + " is shorter (" + (count - left) + " bytes " +
                        "after the header) than the position the journal records: is it the same file?");
                }
                left--;
            }
            else
            {
                left -= skipped;
            }
        }
    }

    /**
     * @return the index of the line end ('\n', or the end of a final unterminated line) in {@link #bytes} for the
     * line starting at {@link #start}; -1 at the end of the input; -2 if the line does not fit the buffer.
     */
    private int nextLineEnd() throws IOException
    {
        int scanFrom = start;
        while (true)
        {
            for (int i = scanFrom; i < end; i++)
            {
                if (bytes[i] == '\n')
                {
                    return i;
                }
            }
            if (eof)
            {
                return end > start ? end : -1;
            }
            if (start > 0)
            {
                System.arraycopy(bytes, start, bytes, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == bytes.length)
            {
                return -2;
            }
            scanFrom = end;
            final int read = in.read(bytes, end, bytes.length - end);
            if (read < 0)
            {
                eof = true;
            }
            else
            {
                end += read;
            }
        }
    }

    private void consumeLine(final int lineEnd)
    {
        final int next = lineEnd < end ? lineEnd + 1 : lineEnd;
        offset += next - start;
        start = next;
        lineNumber++;
    }

    @Override
    public int poll(final SourceBatch batch)
    {
        int added = 0;
        try
        {
            while (batch.remaining() > 0)
            {
                final int lineEnd = nextLineEnd();
                if (lineEnd == -1)
                {
                    ended = true;
                    break;
                }
                if (lineEnd == -2)
                {
                    throw new IllegalStateException(displayName + " line " + (lineNumber + 1) + " is longer than " +
                        BUFFER_SIZE + " bytes");
                }
                final int lineStart = start;
                int length = lineEnd - lineStart;
                if (length > 0 && bytes[lineStart + length - 1] == '\r')
                {
                    length--;
                }
                consumeLine(lineEnd);
                if (isBlank(lineStart, length))
                {
                    continue;
                }
                final MutableEvent event = batch.next();
                final String problem = codec.decode(view, lineStart, length, event);
                if (null == problem)
                {
                    batch.commit(0, offset, lineNumber);
                }
                else
                {
                    batch.reject(0, offset, lineNumber, problem, view, lineStart, length);
                }
                added++;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + displayName + " after line " + lineNumber + ": " +
                ex.getMessage(), ex);
        }
        return added;
    }

    private boolean isBlank(final int from, final int length)
    {
        for (int i = from; i < from + length; i++)
        {
            if (bytes[i] != ' ' && bytes[i] != '\t')
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isEnded()
    {
        return ended;
    }

    @Override
    public String describePosition(final int partition, final long offset, final long aux)
    {
        return displayName + " line " + aux;
    }

    @Override
    public void close()
    {
        if (null != in && null != path)
        {
            try
            {
                in.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close " + displayName, ex);
            }
        }
    }
}
