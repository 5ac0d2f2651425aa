package io.ferrite.journal;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.File;
import java.nio.file.Path;

/**
 * Has every segment Chronicle creates for the journal's writer prepared first (its file's head reserved on disk, see
 * {@link SegmentReservation#prepareSegment(File, long)}), so that Chronicle's header write into the new sparse file
 * cannot meet a block the file system cannot back (SIGBUS).
 * <p>
 * It watches the clock Chronicle decides cycles with ({@link ClockTimeProvider}). The writer brackets each
 * {@code writingDocument()} with {@link #opening(long)} and {@link #opened()}; the first clock reading its own thread
 * makes in between is the very reading Chronicle takes the excerpt's cycle from, before it creates that cycle's store.
 * Any other reading (another thread's, the writer's outside {@code writingDocument} or after the first inside it) is
 * ignored. Costs two comparisons per reading unless it falls outside the cycle last checked.
 */
final class SegmentPreparer implements ClockTimeProvider.CycleWatch
{
    private final Path directory;
    private final SegmentReservation reservation;
    private final long headBytes;
    private final JournalRollCycle rollCycle;
    private final long cycleLengthMillis;
    private final long epochMillis;
    /** The writer's thread while Chronicle opens an excerpt for it, else null. */
    private Thread openingThread;
    private long openingSequence;
    /** Clock readings in [start, end) decide the cycle last checked: no need to look at the files again. */
    private long checkedCycleStartMillis = Long.MAX_VALUE;
    private long checkedCycleEndMillis = Long.MIN_VALUE;

    /**
     * Start watching the writable queue's clock.
     *
     * @param directory   the journal directory.
     * @param queue       the writer's queue, built with a {@link ClockTimeProvider}.
     * @param rollCycle   the journal's roll cycle.
     * @param reservation what reserves the head.
     * @param headBytes   how much of a new segment to reserve before Chronicle writes it.
     */
    SegmentPreparer(
        final Path directory,
        final SingleChronicleQueue queue,
        final JournalRollCycle rollCycle,
        final SegmentReservation reservation,
        final long headBytes)
    {
        this.directory = directory;
        this.reservation = reservation;
        this.headBytes = headBytes;
        this.rollCycle = rollCycle;
        this.cycleLengthMillis = rollCycle.lengthMillis();
        this.epochMillis = queue.epoch();
        if (!(queue.time() instanceof ClockTimeProvider))
        {
            throw new IllegalStateException("journal queue of " + directory + " has no ClockTimeProvider");
        }
        ((ClockTimeProvider)queue.time()).watch(this);
    }

    /**
     * The writer is about to call {@code writingDocument()} for the excerpt starting at {@code sequence}.
     *
     * @param sequence the excerpt's first sequence, for messages.
     */
    void opening(final long sequence)
    {
        openingSequence = sequence;
        openingThread = Thread.currentThread();
    }

    /**
     * {@code writingDocument()} returned or threw.
     */
    void opened()
    {
        openingThread = null;
    }

    /**
     * @param now the clock's reading, in epoch milliseconds.
     * @throws JournalException {@link JournalException.Category#STORAGE_SPACE} naming the segment and the sequence
     *                          when the disk cannot take the new segment: Chronicle then writes nothing, releases its
     *                          write lock and passes the exception on; the next append tries again.
     */
    @Override
    public void clockRead(final long now)
    {
        if (openingThread != Thread.currentThread())
        {
            return;
        }
        // Only the first reading decides the excerpt's cycle: later ones in the same writingDocument are not ours.
        openingThread = null;
        final long sinceEpoch = now - epochMillis;
        if ((now >= checkedCycleStartMillis && now < checkedCycleEndMillis) || sinceEpoch < 0)
        {
            // The cycle last checked; or a clock before the queue's epoch, where Chronicle has no cycle to create.
            return;
        }
        // Chronicle's own arithmetic (RollCycle.current): truncating division from the queue's epoch.
        final int cycle = (int)(sinceEpoch / cycleLengthMillis);
        final File segment = directory.resolve(RollCycleMapping.fileName(rollCycle, cycle, epochMillis)).toFile();
        try
        {
            reservation.prepareSegment(segment, headBytes);
        }
        catch (final JournalException ex)
        {
            throw new JournalException(ex.category(), "append of sequence " + openingSequence + " refused: " +
                ex.getMessage(), ex);
        }
        // Only once prepared: a refused preparation is tried again at the next append.
        checkedCycleStartMillis = epochMillis + cycle * cycleLengthMillis;
        checkedCycleEndMillis = checkedCycleStartMillis + cycleLengthMillis;
    }
}
