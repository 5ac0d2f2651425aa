package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
     * @param bound the last sequence that may be walked: bytes past the last indexed record may be a torn tail that a
     *              read-only open leaves in place.
     * @return records, first/last sequence, bytes, segments and the first fault if any.
     */
    static VerifyReport verify(
        final SingleChronicleQueue queue,
        final SegmentTable segments,
        final Path directory,
        final JournalRollCycle rollCycle,
        final int maxPayloadLength,
        final long bound)
    {
        final VerifyWalk walk = new VerifyWalk(maxPayloadLength);
        final ExcerptTailer tailer = queue.createTailer();
        try
        {
            tailer.singleThreadedCheckDisabled(true);
            walk.walk(tailer, bound);
        }
        finally
        {
            tailer.close();
        }

        final long indexedLast = segments.lastSequence();
        if (null == walk.faultMessage && indexedLast > walk.lastSequence)
        {
            walk.fault(lastSegment(queue, segments), walk.lastSequence + 1, "records " + (walk.lastSequence + 1) +
                " to " + indexedLast + " are indexed but cannot be read (damaged excerpt header?)");
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
            walk.faultSegment, walk.faultSequence, walk.faultMessage);
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
        private final RecordBatch batch;
        long records;
        long firstSequence;
        long lastSequence;
        Path faultSegment;
        long faultSequence;
        String faultMessage;

        VerifyWalk(final int maxPayloadLength)
        {
            this.batch = new RecordBatch(maxPayloadLength);
        }

        void walk(final ExcerptTailer tailer, final long bound)
        {
            tailer.toStart();
            final RecordBatch batch = this.batch;
            long expected = 0;
            while (expected <= bound)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return;
                    }
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

        private static Path segmentOf(final ExcerptTailer tailer)
        {
            final File file = tailer.currentFile();
            return null == file ? null : file.toPath();
        }
    }
}
