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
     * Group commit: one {@code fdatasync} covers every record appended since the previous one, however many. Two ways
     * to run it:
     * <ul>
     *     <li>On the appender's thread (the default): the appender forces the segment at the end of each batch
     *     ({@link JournalAppender#endBatch()}). Survives a machine crash for every record of every batch whose
     *     {@code endBatch()} returned; records of a batch not yet ended may be lost.</li>
     *     <li>On a flusher's thread ({@link JournalAppender#deferForcing()}): the appender only publishes; a
     *     {@link JournalFlusher} forces everything published so far and then advances its
     *     {@link JournalFlusher#durableSequence()}; what was appended during a force goes with the next one. Survives a
     *     machine crash for every record up to the durable sequence; records past it may be lost. The Ferrite engine
     *     runs it this way in its DEDICATED and SHARED threading modes (a thread that waits in {@code fdatasync} or
     *     parks, and takes no core), and gates its processors on the durable sequence.</li>
     * </ul>
     * Either way a segment roll is forced in order: the previous segment before the new one's records count as
     * durable, and the new file's directory entry with them.
     */
    BATCH,

    /**
     * The appender forces the segment to disk after each record, before {@code append} returns. Survives a machine
     * crash for every record whose append returned. Slowest by orders of magnitude on most devices.
     */
    EVERY
}
