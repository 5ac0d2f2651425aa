package io.ferrite.tools;

import io.ferrite.journal.JournalException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code ferrite run} keeps from the engine's error handler: the journal's refusal for want of space (for the
 * one "disk is full" error line) and the snapshot failures (for the summary). {@link #onEngineError} is called on
 * engine threads; the rest is read on the command's thread after the engine stopped.
 */
final class RunFaults
{
    private final boolean verbose;
    private final PrintWriter err;
    private final String commandName;
    /** The journal's refusal for want of space, kept from the engine's error handler for the one error line. */
    private volatile JournalException storageFault;
    private final AtomicInteger snapshotFailures = new AtomicInteger();
    private volatile String firstSnapshotFailure;

    /**
     * @param verbose     print each failure's stack trace to {@code err}.
     * @param err         the command's error stream.
     * @param commandName the command's qualified name, to start each verbose line.
     */
    RunFaults(final boolean verbose, final PrintWriter err, final String commandName)
    {
        this.verbose = verbose;
        this.err = err;
        this.commandName = commandName;
    }

    /**
     * Called on an engine thread when a processor, the journaller or the sink throws. Under the engine's default
     * exception policy (HALT, which {@code run} keeps) every such failure halts the engine, and the command's one error
     * line names the component, sequence and cause; so the stack trace is printed only with {@code --verbose}, instead
     * of the engine's default of logging it.
     */
    void onEngineError(final Throwable cause, final long sequence, final String component)
    {
        if (component.contains("snapshot"))
        {
            // Snapshot failures do not halt the engine (the journal still holds everything): count them for the
            // summary, which must not hide them in the log.
            if (0 == snapshotFailures.getAndIncrement())
            {
                firstSnapshotFailure = cause.getMessage();
            }
        }
        if (cause instanceof JournalException &&
            JournalException.Category.STORAGE_SPACE == ((JournalException)cause).category() && null == storageFault)
        {
            storageFault = (JournalException)cause;
        }
        if (verbose)
        {
            synchronized (err)
            {
                err.println(commandName + ": '" + component + "' failed at sequence " + sequence + ":");
                cause.printStackTrace(err);
                err.flush();
            }
        }
    }

    /**
     * @return how many snapshots failed this run.
     */
    int snapshotFailures()
    {
        return snapshotFailures.get();
    }

    /**
     * @return the message of the first snapshot failure, or null.
     */
    String firstSnapshotFailure()
    {
        return firstSnapshotFailure;
    }

    /**
     * @param data          the data directory.
     * @param floorBytes    the free-space floor the journal kept.
     * @param lastJournaled the last sequence the journal holds.
     * @return the one line for a journal that ran out of space (what is full, where, and what was usable), or null if
     * the journal did not.
     */
    String diskFull(final Path data, final long floorBytes, final long lastJournaled)
    {
        final JournalException fault = storageFault;
        if (null == fault)
        {
            return null;
        }
        final Path journalDirectory = data.resolve(DataLayout.JOURNAL).toAbsolutePath();
        String usable = "?";
        String where = journalDirectory.toString();
        try
        {
            final FileStore store = Files.getFileStore(journalDirectory);
            usable = String.valueOf(store.getUsableSpace());
            where = journalDirectory + " (file system " + store.name() + ")";
        }
        catch (final IOException ex)
        {
            // Name the directory without its file system.
        }
        return "the disk is full: the journal's file system at " + where + " has " + usable + " bytes usable, " +
            "below the free-space floor of " + floorBytes + " bytes (--min-free-space); the journal keeps " +
            "every event up to sequence " + lastJournaled + ". Free space and run again to continue (" +
            fault.getMessage() + ")";
    }
}
