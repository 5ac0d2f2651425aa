package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The walk behind {@link Journal#verify()}: every record, checking checksums and sequence continuity, without stopping
 * at the first fault. Allocates; for tools and tests, not the hot path.
 */
final class JournalVerifier
{
    private JournalVerifier()
    {
    }

    /**
     * @param bound     the last sequence that may be walked, as indexed when the walk starts: bytes past the last
     *                  indexed record may be a torn tail that a read-only open leaves in place, and records a live
     *                  writer appends during the walk are not part of it.
     * @param writerPid the PID of a live writer appending to the journal (another process, or another journal in this
     *                  one), or 0 if none.
     * @return records, first/last sequence, bytes, segments and the first fault if any.
     */
    static VerifyReport verify(
        final SingleChronicleQueue queue,
        final SegmentTable segments,
        final Path directory,
        final JournalRollCycle rollCycle,
        final int maxPayloadLength,
        final long bound,
        final long writerPid)
    {
        final VerifyWalk walk = new VerifyWalk(maxPayloadLength);
        final ExcerptTailer tailer = queue.createTailer();
        try
        {
            tailer.singleThreadedCheckDisabled(true);
            walk.walk(tailer, bound, 0 != writerPid);
        }
        finally
        {
            tailer.close();
        }

        if (null == walk.faultMessage && bound > walk.lastSequence)
        {
            // Records indexed when the walk started that the walk could not reach. A live writer may have indexed its
            // newest excerpt before completing it and be paused mid-append (the walk waited for it): that is the tail
            // being written. An unreadable excerpt with others indexed after it is no append in flight but damage.
            if (!walk.stoppedAtLiveTail)
            {
                walk.fault(lastSegment(queue, segments), walk.lastSequence + 1, "records " +
                    (walk.lastSequence + 1) + " to " + bound + " are indexed but cannot be read (damaged excerpt " +
                    "header?)");
            }
        }

        long bytes = 0;
        int segmentCount = 0;
        for (final String name : JournalDirectory.checkContents(directory, rollCycle).keySet())
        {
            segmentCount++;
            try
            {
                bytes += Files.size(directory.resolve(name));
            }
            catch (final IOException ex)
            {
                throw new JournalException(JournalException.Category.IO,
                    "cannot read the size of " + directory.resolve(name) + ": " + ex, ex);
            }
        }

        return new VerifyReport(walk.records, walk.firstSequence, walk.lastSequence, bytes, segmentCount,
            walk.faultSegment, walk.faultSequence, walk.faultMessage, writerPid);
    }

    private static Path lastSegment(final SingleChronicleQueue queue, final SegmentTable segments)
    {
        final int cycle = queue.lastCycle();
        return cycle < 0 || Integer.MAX_VALUE == cycle ? null : segments.segmentFile(cycle);
    }

    /**
     * The state of the verify walk; allocated once per {@link #verify}.
     */
    private static final class VerifyWalk
    {
        /** How long the walk waits for a live writer to complete a record it has indexed. */
        private static final long LIVE_WRITER_SETTLE_NS = TimeUnit.SECONDS.toNanos(2);
        private static final long LIVE_WRITER_POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

        private final RecordBatch batch;
        long records;
        long firstSequence;
        long lastSequence;
        Path faultSegment;
        long faultSequence;
        String faultMessage;
        /** Whether the walk ended, beside a live writer, at the newest indexed excerpt, not yet readable. */
        boolean stoppedAtLiveTail;

        VerifyWalk(final int maxPayloadLength)
        {
            this.batch = new RecordBatch(maxPayloadLength);
        }

        /**
         * @param liveWriter whether a live writer appends meanwhile: an indexed record not yet readable may then be
         *                   one it is completing this very moment, so it is waited for (up to
         *                   {@link #LIVE_WRITER_SETTLE_NS}) before the walk ends there.
         */
        void walk(final ExcerptTailer tailer, final long bound, final boolean liveWriter)
        {
            tailer.toStart();
            final RecordBatch batch = this.batch;
            long expected = 0;
            long waitingSince = 0;
            while (expected <= bound)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        if (!liveWriter || lastSequence >= bound)
                        {
                            return;
                        }
                        final long now = System.nanoTime();
                        if (0 == waitingSince)
                        {
                            waitingSince = now;
                        }
                        else if (now - waitingSince > LIVE_WRITER_SETTLE_NS)
                        {
                            stoppedAtLiveTail = atNewestExcerpt(tailer);
                            return;
                        }
                        LockSupport.parkNanos(LIVE_WRITER_POLL_NS);
                        continue;
                    }
                    waitingSince = 0;
                    final Bytes<?> bytes = dc.wire().bytes();
                    batch.wrap(bytes, bytes.readPosition(), (int)bytes.readRemaining());
                    while (batch.hasRecord())
                    {
                        final int fault = batch.checkRecord();
                        if (RecordCheck.OK != fault)
                        {
                            final long sequence = expected > 0 ? expected : batch.sequence();
                            fault(segmentOf(tailer), sequence, batch.describe(fault));
                            if (RecordCheck.breaksFraming(fault))
                            {
                                // Where the next record starts is unknown: walking on would read garbage, or past
                                // the end of the file.
                                dc.rollbackOnClose();
                                return;
                            }
                            if (batch.othersCountFromHere())
                            {
                                // The rest of this compact batch counts its sequences from the damaged record's:
                                // none of them can be checked. Go on at the next batch, whatever its sequence.
                                expected = 0;
                                break;
                            }
                            // The damaged record's own sequence cannot be trusted: assume it held the expected one.
                            expected = sequence + 1;
                            batch.skip();
                            continue;
                        }

                        final long sequence = batch.sequence();
                        if (expected > 0 && sequence != expected)
                        {
                            fault(segmentOf(tailer), expected, "sequence break: expected " + expected +
                                " but found " + sequence + " at file offset " + batch.filePosition());
                        }
                        else
                        {
                            records++;
                            lastSequence = sequence;
                            if (0 == firstSequence)
                            {
                                firstSequence = sequence;
                            }
                        }
                        expected = sequence + 1;
                        batch.skip();
                    }
                }
                catch (final RuntimeException ex)
                {
                    fault(segmentOf(tailer), expected, "segment cannot be read past this point: " + ex);
                    return;
                }
            }
        }

        void fault(final Path segment, final long sequence, final String message)
        {
            if (null == faultMessage)
            {
                faultSegment = segment;
                faultSequence = sequence;
                faultMessage = message;
            }
        }

        /**
         * @return whether the excerpt the tailer waits at is the newest one indexed: the only one a writer can be
         * appending (Chronicle appends one excerpt at a time, under its write lock).
         */
        private static boolean atNewestExcerpt(final ExcerptTailer tailer)
        {
            final SingleChronicleQueue queue = (SingleChronicleQueue)tailer.queue();
            final int cycle = tailer.cycle();
            final long waitingAt = queue.rollCycle().toSequenceNumber(tailer.index());
            return cycle >= queue.lastCycle() && waitingAt >= tailer.excerptsInCycle(cycle) - 1;
        }

        private static Path segmentOf(final ExcerptTailer tailer)
        {
            final File file = tailer.currentFile();
            return null == file ? null : file.toPath();
        }
    }
}
