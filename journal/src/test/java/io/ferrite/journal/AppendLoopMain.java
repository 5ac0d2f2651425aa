package io.ferrite.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * Child JVM for crash and cross-process tests: opens the journal for writing, reports what the open found, then
 * appends deterministic records ({@link TestRecords}) in a tight loop until it has written {@code count} more, and
 * parks until it is killed or its standard input closes.
 * <p>
 * Segments are cut by an injected clock, one minute of journal time every {@code perSegment} records, so that kills
 * land on segment boundaries too and readers cross them. The clock is a pure function of the sequence, so a writer in
 * another process continues the same segmentation.
 * <p>
 * Arguments: directory, seed, max payload length, records to append, records per segment.
 * Prints {@code READY last=<n> torn=<bool> staleLock=<bool>} once open and {@code DONE last=<n>} when finished.
 */
public final class AppendLoopMain
{
    private AppendLoopMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final long seed = Long.parseLong(args[1]);
        final int maxPayload = Integer.parseInt(args[2]);
        final long count = Long.parseLong(args[3]);
        final long perSegment = Long.parseLong(args[4]);

        final SequenceClock clock = new SequenceClock(perSegment);
        try (Journal journal = Journal.open(config(dir, maxPayload, clock)))
        {
            final OpenReport report = journal.openReport();
            System.out.println("READY last=" + report.lastSequence() + " torn=" + report.tornTailDiscarded() +
                " staleLock=" + report.staleLockReleased());
            System.out.flush();

            final JournalAppender appender = journal.appender();
            final UnsafeBuffer scratch = new UnsafeBuffer(new byte[maxPayload]);
            final long end = appender.lastSequence() + count;
            // Batches of irregular length: a kill inside one must lose it whole (see TestRecords.endsBatch).
            appender.beginBatch();
            for (long sequence = appender.lastSequence() + 1; sequence <= end; sequence++)
            {
                clock.sequence(sequence);
                TestRecords.append(appender, scratch, seed, sequence, maxPayload);
                if (TestRecords.endsBatch(seed, sequence))
                {
                    appender.endBatch();
                    appender.beginBatch();
                }
            }
            appender.endBatch();
            System.out.println("DONE last=" + appender.lastSequence());
            System.out.flush();
            // Stay up, journal open, until killed or told to go.
            while (System.in.read() >= 0)
            {
                // Any input line is ignored; end of input means the parent is finished with us.
            }
        }
    }

    static JournalConfig config(final Path dir, final int maxPayload, final SequenceClock clock)
    {
        return new JournalConfig().directory(dir).rollCycle(JournalRollCycle.MINUTELY).epochMillisClock(clock)
            .maxPayloadLength(maxPayload).minFreeSpaceBytes(0);
    }

    /**
     * Journal time as a function of the sequence about to be appended: one minute per {@code perSegment} records.
     */
    static final class SequenceClock implements java.util.function.LongSupplier
    {
        private final long perSegment;
        private volatile long millis = TestClock.START_MILLIS;

        SequenceClock(final long perSegment)
        {
            this.perSegment = perSegment;
        }

        void sequence(final long sequence)
        {
            millis = TestClock.START_MILLIS + ((sequence - 1) / perSegment) * 60_000L;
        }

        @Override
        public long getAsLong()
        {
            return millis;
        }
    }
}
