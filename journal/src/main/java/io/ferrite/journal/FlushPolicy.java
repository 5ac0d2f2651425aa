package io.ferrite.journal;

/**
 * When appended records are forced from the page cache to the storage device.
 * <p>
 * Every policy survives a crash of the process (SIGKILL, OOM kill, JVM crash): a record whose append returned is in
 * the page cache of the kernel, which writes it out after the process is gone. The policies differ on what survives a
 * crash of the machine (power loss, kernel panic).
 * <p>
 * "Forced" means {@code fdatasync} of the segment file, which on Linux writes back the pages written through the
 * memory mapping as well as the segment's header and index; when a new segment file was started, its directory entry is
 * forced too, and the previous segment is forced before the new one takes records.
 */
public enum FlushPolicy
{
    /**
     * Records stay in the page cache until the kernel writes them back. Survives a process crash; a machine crash may
     * lose any record appended since the last write-back (on Linux, dirty pages older than
     * {@code vm.dirty_expire_centisecs}, 30 s by default, are written back), and may leave the last record torn, which
     * the next open then refuses as corrupt.
     */
    NONE,

    /**
     * The appender forces the segment to disk at the end of each batch ({@link JournalAppender#endBatch()}): a group
     * commit, one {@code fdatasync} per batch however many records it holds. Survives a machine crash for every record
     * of every batch whose {@code endBatch()} returned; records of a batch not yet ended may be lost.
     */
    BATCH,

    /**
     * The appender forces the segment to disk after each record, before {@code append} returns. Survives a machine
     * crash for every record whose append returned. Slowest by orders of magnitude on most devices.
     */
    EVERY
}
