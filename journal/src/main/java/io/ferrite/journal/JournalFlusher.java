package io.ferrite.journal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Forces a {@link FlushPolicy#BATCH} journal to disk on a thread other than the appender's: the appender only
 * publishes batches and announces how far it has appended; this flusher, called in a loop by a thread of its own, takes
 * that position, forces everything up to it ({@code fdatasync}) and then reports it as {@link #durableSequence()}.
 * Records appended while a force runs are covered by the next one: a group commit whose size follows the device's
 * speed, and the appender never waits for the disk. Made by {@link JournalAppender#deferForcing()}.
 * <p>
 * The promises of {@link FlushPolicy#BATCH} hold for the durable sequence: when a batch started a new segment, the
 * previous segment is forced (up to its end-of-file marker) and the new segment's directory entry is forced before
 * any record of the new segment is reported durable. The flusher forces through a file channel of its own on each
 * segment file, never through Chronicle's mappings, so a segment the appender has finished and Chronicle has unmapped
 * is still forced safely (the written pages belong to the file's page cache, not to the mapping).
 * <p>
 * A force that fails leaves the flusher failed for good: {@link #flush()} throws the same {@link JournalException}
 * (naming the segment file and the sequences that are appended but not durable) on every later call, and the durable
 * sequence never moves again, so nothing is reported durable that the device did not confirm.
 * <p>
 * Threading: {@link #flush()} and {@link #close()} may be called from any thread, one at a time (they synchronise on
 * this flusher; there is one lock acquisition per force, none per record). {@link #durableSequence()} and
 * {@link #appendedSequence()} are safe from any thread. No allocation per record or per force; one small object per
 * new segment.
 */
public final class JournalFlusher
{
    private static final VarHandle APPENDED_SEQUENCE;
    private static final VarHandle DURABLE_SEQUENCE;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            APPENDED_SEQUENCE = lookup.findVarHandle(JournalFlusher.class, "appendedSequence", long.class);
            DURABLE_SEQUENCE = lookup.findVarHandle(JournalFlusher.class, "durableSequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Path directory;
    /** Segments the appender started, in order, each with the first sequence it holds. */
    private final ConcurrentLinkedQueue<NewSegment> newSegments = new ConcurrentLinkedQueue<>();
    private FileChannel channel;
    private Path channelFile;
    private long forces;
    private JournalException failure;
    private boolean closed;
    @SuppressWarnings("unused") // accessed through APPENDED_SEQUENCE
    private volatile long appendedSequence;
    @SuppressWarnings("unused") // accessed through DURABLE_SEQUENCE
    private volatile long durableSequence;

    JournalFlusher(final Path directory, final long durableSequence)
    {
        this.directory = directory;
        this.appendedSequence = durableSequence;
        this.durableSequence = durableSequence;
    }

    /**
     * Force every record appended so far, and publish it as durable. Returns at once when nothing new was appended.
     *
     * @return the durable sequence after this call.
     * @throws JournalException ({@link JournalException.Category#IO}) naming the segment file and the sequences left
     *                          undurable when a force or a segment open fails, now or in an earlier call.
     */
    public synchronized long flush()
    {
        if (null != failure)
        {
            throw failure;
        }
        final long durable = (long)DURABLE_SEQUENCE.getOpaque(this);
        // Acquire: the new segments announced before this position are in the queue.
        final long target = (long)APPENDED_SEQUENCE.getAcquire(this);
        if (target <= durable || closed)
        {
            return durable;
        }
        try
        {
            NewSegment next;
            while (null != (next = newSegments.peek()) && next.firstSequence <= target)
            {
                // The finished segment, up to its end-of-file marker, before any record of the next one counts.
                if (null != channel)
                {
                    channel.force(false);
                    forces++;
                    closeChannel();
                }
                channelFile = next.file;
                channel = FileChannel.open(next.file, StandardOpenOption.WRITE);
                JournalMetadata.forceDirectory(directory);
                newSegments.poll();
            }
            if (null != channel)
            {
                channel.force(false);
                forces++;
            }
        }
        catch (final IOException ex)
        {
            failure = new JournalException(JournalException.Category.IO, "cannot force segment " + channelFile +
                " of journal " + directory + " to disk: sequences " + (durable + 1) + ".." + target +
                " are appended but not durable: " + ex, ex);
            closeChannel();
            throw failure;
        }
        DURABLE_SEQUENCE.setRelease(this, target);
        return target;
    }

    /**
     * @return the last sequence forced to disk (or found in the journal when it was opened), from any thread.
     */
    public long durableSequence()
    {
        return (long)DURABLE_SEQUENCE.getAcquire(this);
    }

    /**
     * @return the last sequence the appender published, durable or not, from any thread.
     */
    public long appendedSequence()
    {
        return (long)APPENDED_SEQUENCE.getAcquire(this);
    }

    /**
     * @return true once a force failed: the durable sequence will not move again.
     */
    public synchronized boolean hasFailed()
    {
        return null != failure;
    }

    /**
     * @return how many times a segment was forced; for tests.
     */
    public synchronized long forces()
    {
        return forces;
    }

    /** Appender's thread: a batch published up to {@code sequence} (after any new segment it started was announced). */
    void appended(final long sequence)
    {
        APPENDED_SEQUENCE.setRelease(this, sequence);
    }

    /** Appender's thread: records from {@code firstSequence} on go to a new segment file. */
    void onNewSegment(final Path file, final long firstSequence)
    {
        newSegments.add(new NewSegment(file, firstSequence));
    }

    /**
     * With the appender's close: force what was appended (unless a force already failed, which was reported), then
     * release the segment file.
     */
    synchronized void close()
    {
        if (closed)
        {
            return;
        }
        try
        {
            if (null == failure)
            {
                flush();
            }
        }
        finally
        {
            closed = true;
            closeChannel();
        }
    }

    private void closeChannel()
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // The channel was only used to force; the data is in the page cache.
            }
            channel = null;
        }
    }

    private static final class NewSegment
    {
        final Path file;
        final long firstSequence;

        NewSegment(final Path file, final long firstSequence)
        {
            this.file = file;
            this.firstSequence = firstSequence;
        }
    }
}
