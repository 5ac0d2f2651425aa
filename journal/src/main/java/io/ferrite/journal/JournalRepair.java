package io.ferrite.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.nio.file.Path;

/**
 * Open-time repairs by a writer, of damage a dead writer leaves behind: a segment file it died creating (this class)
 * and a torn record at the tail ({@link SegmentInspector.TornTail#erase()}). Run from {@link Journal#open} on the
 * opening thread, under the writer lock.
 */
final class JournalRepair
{
    private JournalRepair()
    {
    }

    /**
     * What Chronicle would do after waiting out its timeout on every access: set the file aside and create the
     * segment afresh, since the metadata names it as the newest. It holds no record, as nothing is written into a
     * segment before its header is complete.
     *
     * @param unfinishedSegment the file name of the segment whose writer died creating it.
     */
    static void replaceUnfinishedSegment(
        final Path directory,
        final JournalRollCycle rollCycle,
        final int maxPayloadLength,
        final JournalConfig config,
        final String unfinishedSegment)
    {
        // Chronicle writes the new header through its mapping: reserve the head first, as the appender does for
        // every new segment, so that a full disk is a STORAGE_SPACE refusal here, not SIGBUS; and before the old file
        // is set aside, so that a refusal leaves the directory as it was.
        try (SegmentReservation reservation =
            new SegmentReservation(directory, false, config.writerReserveStepBytes()))
        {
            reservation.preparePrecreated(directory.resolve(unfinishedSegment).toFile(), JournalAppender.SEGMENT_HEAD);
        }
        JournalDirectory.discardSegment(directory, unfinishedSegment);
        try (SingleChronicleQueue repair = Journal.buildQueue(directory, rollCycle, maxPayloadLength, config, false))
        {
            repair.closeStore(repair.storeForCycle(
                RollCycleMapping.cycleOf(rollCycle, unfinishedSegment), repair.epoch(), true, null));
        }
    }
}
