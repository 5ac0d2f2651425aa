package io.ferrite.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one-writer-per-journal guarantee: an exclusive OS file lock on {@value #FILE_NAME} in the journal directory,
 * held for the life of a writable journal.
 * <p>
 * The operating system releases the lock when the holding process dies, however it dies, so a writer killed with
 * SIGKILL never leaves a lock that needs a manual unlock or a timeout. The holder's PID is written into the file (and
 * cleared on close) to name it in the error a second writer gets, and to let readers tell a live writer's append in
 * progress from a dead writer's torn tail.
 */
final class DirectoryLock implements AutoCloseable
{
    /** Name of the lock file inside the journal directory. */
    static final String FILE_NAME = "ferrite-journal.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Take the writer lock of a journal directory.
     *
     * @param directory the journal directory, which must exist.
     * @return the held lock.
     * @throws JournalException {@link JournalException.Category#LOCKED} if another writer holds it.
     */
    static DirectoryLock acquire(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new JournalException(
                JournalException.Category.BAD_DIRECTORY, "cannot create writer lock file " + file + ": " + ex, ex);
        }

        try
        {
            final FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                throw new JournalException(JournalException.Category.LOCKED,
                    "journal " + directory + " is already open for writing in this JVM (lock " + file + ")", ex);
            }

            if (null == lock)
            {
                throw new JournalException(JournalException.Category.LOCKED,
                    "journal " + directory + " is locked by another writer process" + holderOf(channel) +
                    " (lock " + file + ")");
            }

            recordHolder(channel);
            return new DirectoryLock(channel, lock);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new JournalException(
                JournalException.Category.IO, "cannot lock journal " + directory + " via " + file + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            throw ex;
        }
    }

    /**
     * Release the lock. Idempotent.
     */
    public void close()
    {
        try
        {
            if (lock.isValid())
            {
                // No holder any more: readers then know no append can be in flight.
                channel.truncate(0);
                lock.release();
            }
        }
        catch (final IOException ignore)
        {
            // Closing the channel below releases the lock in any case.
        }
        closeQuietly(channel);
    }

    /**
     * Whether a writer holds the journal now, judged without touching the lock (taking it, even briefly, would make a
     * writer opening at that moment fail): the PID recorded by the last writer names a live process.
     *
     * @param directory the journal directory.
     * @return true if the last writer's process is alive.
     */
    static boolean holderAlive(final Path directory)
    {
        return 0 != liveHolderPid(directory);
    }

    /**
     * The PID of the writer holding the journal now, judged as {@link #holderAlive} does.
     *
     * @param directory the journal directory.
     * @return the PID recorded by the last writer if that process is alive, else 0.
     */
    static long liveHolderPid(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final String text = holderPid(channel);
            if (text.isEmpty())
            {
                return 0;
            }
            final long pid = Long.parseLong(text);
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? pid : 0;
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
    }

    private static void recordHolder(final FileChannel channel) throws IOException
    {
        final byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
    }

    private static String holderOf(final FileChannel channel)
    {
        try
        {
            final String pid = holderPid(channel);
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        }
        catch (final IOException ignore)
        {
            // The holder's PID only decorates the message.
            return "";
        }
    }

    private static String holderPid(final FileChannel channel) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(32);
        final int n = channel.read(buffer, 0);
        return n > 0 ? new String(buffer.array(), 0, n, StandardCharsets.US_ASCII).trim() : "";
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // Nothing more can be done, and the lock dies with the channel.
        }
    }
}
