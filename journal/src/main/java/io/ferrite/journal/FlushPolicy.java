package io.ferrite.journal;

/**
 * When appended records are forced from the page cache to the storage device.
 * <p>
 * Every policy survives a crash of the process (SIGKILL, OOM kill, JVM crash): a record whose append returned is in
 * the page cache of the kernel, which writes it out after the process is gone. The policies differ on what survives a
 * crash of the machine (power loss, kernel panic).
 */
public enum FlushPolicy
{
    /**
     * Records stay in the page cache until the kernel writes them back. Survives a process crash; a machine crash may
     * lose any record appended since the last write-back (typically up to ~30 s on Linux).
     */
    NONE,

    /**
     * The appender forces the mapped segment to disk at the end of each batch ({@link JournalAppender#endBatch()}):
     * a group commit. Survives a machine crash for every record of every batch whose {@code endBatch()} returned.
     */
    BATCH,

    /**
     * The appender forces each record to disk before {@code append} returns. Survives a machine crash for every
     * record whose append returned. Slowest by orders of magnitude on most devices.
     */
    EVERY
}
