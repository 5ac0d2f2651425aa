package io.ferrite.engine;

import io.ferrite.engine.processor.Pipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The process the crash loop kills: recovers the data directory, then publishes the deterministic input (event i's
 * value is a pure function of i) until the journal holds the target count, then stops and prints the final digest.
 * On the way it prints {@code PROGRESS n} each time the published sequence passes a multiple of
 * {@value #PROGRESS_EVERY}, so that the test can kill it before a given sequence. Arguments: data directory, target
 * events, threading mode, and {@code paced} (at most 250 events a millisecond, for a run that is killed) or
 * {@code unpaced} (as fast as it goes, for the final run, which nothing interrupts).
 */
public final class CrashChild
{
    static final long SNAPSHOT_EVERY = 5_000;
    static final long DIGEST_EVERY = 1_000;
    /**
     * Not a divisor of {@link #SNAPSHOT_EVERY}: a run the test kills on reaching a given PROGRESS dies at varied
     * distances from the last snapshot point, not always just after one.
     */
    static final long PROGRESS_EVERY = 4_999;

    private CrashChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final long target = Long.parseLong(args[1]);
        final ThreadingMode mode = ThreadingMode.valueOf(args[2]);
        final boolean paced = switch (args[3])
        {
            case "paced" -> true;
            case "unpaced" -> false;
            default -> throw new IllegalArgumentException("paced or unpaced: " + args[3]);
        };
        final SummingProcessor processor = SummingProcessor.several();
        try (FileSink sink = new FileSink(dir.resolve("sink.out"));
            Engine engine = Engine.builder()
                .dataDirectory(dir)
                .pipeline(Pipeline.builder().stage("sum", processor).build())
                .sink("file", sink)
                .snapshotEvery(SNAPSHOT_EVERY)
                .digestEvery(DIGEST_EVERY)
                .ringSize(1024)
                .minFreeSpaceBytes(0)
                .waitStrategy(WaitStrategyType.SLEEPING)
                .threadingMode(mode)
                .build())
        {
            final RecoveryReport report = engine.start();
            System.out.println("RECOVERED " + report.describe());
            System.out.flush();
            final EventClaim claim = new EventClaim();
            long reportedSnapshot = report.snapshotSequence();
            long nextProgress = report.journalTail() / PROGRESS_EVERY * PROGRESS_EVERY + PROGRESS_EVERY;
            long published;
            while ((published = engine.lastPublishedSequence()) < target)
            {
                final long snapshot = engine.counters().lastSnapshotSequence();
                if (snapshot > reportedSnapshot)
                {
                    // Lets the test time a kill after a snapshot is on disk, however slow the machine.
                    System.out.println("SNAPSHOTTED " + snapshot);
                    System.out.flush();
                    reportedSnapshot = snapshot;
                }
                if (published >= nextProgress)
                {
                    // Lets the test kill the run before it uses up the input, however fast the machine.
                    System.out.println("PROGRESS " + published);
                    System.out.flush();
                    nextProgress = published / PROGRESS_EVERY * PROGRESS_EVERY + PROGRESS_EVERY;
                }
                for (int i = 0; i < 250 && engine.lastPublishedSequence() < target; i++)
                {
                    engine.claim(claim);
                    claim.type(1);
                    claim.timestamp(claim.sequence() * 1_000L);
                    claim.buffer().putLong(0, EngineTestSupport.valueOf(claim.sequence()));
                    claim.length(8);
                    claim.commit();
                }
                if (mode == ThreadingMode.INVOKER)
                {
                    while (engine.invoke() > 0)
                    {
                        Thread.onSpinWait();
                    }
                }
                if (paced)
                {
                    // Bounded rate (~250k/s) so that kills land at every stage of the run.
                    LockSupport.parkNanos(1_000_000);
                }
            }
            if (!engine.stop(Duration.ofSeconds(30)))
            {
                System.out.println("STOP-TIMEOUT");
            }
            System.out.println("DONE " + Long.toHexString(processor.stateDigest()) + " " + processor.count);
        }
    }
}
