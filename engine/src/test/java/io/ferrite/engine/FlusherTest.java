package io.ferrite.engine;

import com.lmax.disruptor.Sequence;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.JournalFlusher;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.ferrite.engine.EngineTestSupport.STOP;
import static io.ferrite.engine.EngineTestSupport.builder;
import static io.ferrite.engine.EngineTestSupport.publishUpTo;
import static io.ferrite.engine.EngineTestSupport.referenceDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FlushPolicy.BATCH with the forces on the flusher's thread (DEDICATED and SHARED): processors still see only events
 * the flusher has forced, a failed force stops the engine naming the journal and the sequence, and a clean close leaves
 * everything appended durable.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlusherTest
{
    private static final int EVENTS = 20_000;

    @TempDir
    Path root;

    /** Records, for every event it handles, whether the journal had reported it durable by then. */
    private static final class DurabilityCheckingProcessor implements Processor
    {
        final SummingProcessor sum = new SummingProcessor(false);
        volatile JournalFlusher flusher;
        long notYetDurable;
        long firstNotYetDurable;

        public void onEvent(final EventContext ctx)
        {
            final long durable = flusher.durableSequence();
            if (ctx.sequence() > durable && notYetDurable++ == 0)
            {
                firstNotYetDurable = ctx.sequence();
            }
            sum.onEvent(ctx);
        }
    }

    private static Engine engine(final Path dir, final ThreadingMode mode, final Processor processor)
    {
        return builder(dir, Pipeline.builder().stage("check", processor).build())
            .flushPolicy(FlushPolicy.BATCH)
            .threadingMode(mode)
            .build();
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"DEDICATED", "SHARED"})
    void shouldProcessOnlyEventsTheFlusherHasForced(final ThreadingMode mode)
    {
        final DurabilityCheckingProcessor processor = new DurabilityCheckingProcessor();
        final JournalFlusher flusher;
        try (Engine engine = engine(root, mode, processor))
        {
            engine.start();
            assertNotNull(engine.flusher(), "BATCH with threads forces on a flusher");
            flusher = engine.flusher().journalFlusher();
            processor.flusher = flusher;
            publishUpTo(engine, EVENTS);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(0, processor.notYetDurable, "first event processed before it was durable: " +
            processor.firstNotYetDurable);
        assertEquals(EVENTS, processor.sum.count);
        assertEquals(referenceDigest(EVENTS), processor.sum.stateDigest());
        assertEquals(EVENTS, flusher.durableSequence());
        assertTrue(flusher.forces() >= 1 && flusher.forces() <= EVENTS, "forces: " + flusher.forces());
    }

    @Test
    void shouldKeepForcingOnTheInvokingThreadInInvokerMode()
    {
        try (Engine engine = engine(root, ThreadingMode.INVOKER, new SummingProcessor(false)))
        {
            engine.start();
            assertNull(engine.flusher(), "INVOKER has no threads: the journaller forces each batch");
        }
    }

    @Test
    void shouldStopTheEngineNamingJournalAndSequenceWhenAForceFails() throws InterruptedException
    {
        final DurabilityCheckingProcessor processor = new DurabilityCheckingProcessor();
        try (Engine engine = engine(root, ThreadingMode.DEDICATED, processor))
        {
            engine.start();
            final FlusherAgent agent = engine.flusher();
            processor.flusher = agent.journalFlusher();
            publishUpTo(engine, 1_000);
            Thread thread;
            while (null == (thread = agent.thread()))
            {
                Thread.onSpinWait();
            }
            // A real I/O failure of the next fdatasync: an interrupt closes the FileChannel under FileChannel.force.
            thread.interrupt();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try
            {
                while (!engine.isFaulted() && System.nanoTime() < deadline)
                {
                    publishUpTo(engine, engine.lastPublishedSequence() + 1);
                }
            }
            catch (final IllegalStateException refused)
            {
                // The engine failed under the publish: expected.
            }
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(engine.isFaulted(), "a failed force stops the engine");
            final String fault = engine.fault();
            assertTrue(fault.contains("'flusher' failed at sequence " + (processor.flusher.durableSequence() + 1)),
                fault);
            assertTrue(fault.contains(root.resolve("journal").toString()), fault);
            assertTrue(agent.hasFailed());
            assertThrows(IllegalStateException.class, () -> publishUpTo(engine, engine.lastPublishedSequence() + 1));
            assertEquals(0, processor.notYetDurable, "no event past the durable sequence was processed: " +
                processor.firstNotYetDurable);
            assertTrue(processor.sum.count <= processor.flusher.durableSequence());
        }
    }

    @Test
    void shouldLeaveEverythingAppendedDurableAfterACleanClose()
    {
        final SummingProcessor processor = new SummingProcessor(false);
        final JournalFlusher flusher;
        try (Engine engine = engine(root, ThreadingMode.SHARED, processor))
        {
            engine.start();
            flusher = engine.flusher().journalFlusher();
            publishUpTo(engine, EVENTS);
        }
        assertEquals(EVENTS, flusher.appendedSequence());
        assertEquals(EVENTS, flusher.durableSequence(), "close forced everything appended");
        assertFalse(flusher.hasFailed());
        try (Journal journal = Journal.open(new JournalConfig().directory(root.resolve("journal")).readOnly(true)))
        {
            assertEquals(EVENTS, journal.lastSequence());
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS) // a lost wake-up leaves the flusher parked for good
    void shouldWakeAnIdleFlusherAsSoonAsTheJournallerPublishesABatch() throws InterruptedException
    {
        final int events = 100;
        assertEquals(events, journalBatchToParkedFlusher(events, events));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS) // a lost wake-up leaves the flusher parked for good
    void shouldWakeAnIdleFlusherWhenABatchFailsAfterPublishingPartOfIt() throws InterruptedException
    {
        // The journal refuses the 61st event (too long) after publishing the 60 before it; the batch fails.
        assertEquals(1, journalBatchToParkedFlusher(100, 60));
    }

    /**
     * Journal one batch of {@code events} while the flusher idles, parked without a timeout, and wait until the
     * first {@code good} are forced and released; the event after them is longer than the journal accepts.
     *
     * @return what the journaller's duty cycle returned.
     */
    private int journalBatchToParkedFlusher(final int events, final int good) throws InterruptedException
    {
        try (Journal journal = Journal.open(new JournalConfig().directory(root.resolve("journal"))
            .flushPolicy(FlushPolicy.BATCH).maxPayloadLength(Long.BYTES).minFreeSpaceBytes(0)))
        {
            final InputRing ring = new InputRing(1024, 64, false, journal.lastSequence());
            final Sequence journaled = new Sequence();
            final EngineState state = new EngineState();
            final ErrorHandler errors = (cause, sequence, component) -> state.fault(
                EngineState.Phase.FAILED, sequence, component, cause);
            final AtomicCounter counter = new AtomicCounter(new UnsafeBuffer(ByteBuffer.allocateDirect(256)), 0);
            final FlusherAgent flusher = new FlusherAgent(ring, journal.appender().deferForcing(), journaled, state,
                errors, counter, journal.directory());
            final JournallerAgent journaller = new JournallerAgent(ring, journal.appender(), journaled,
                EngineConfiguration.DUTY_CYCLE_LIMIT, 0, state, errors, counter, counter, flusher);

            // A flusher thread whose idling never ends by itself: it parks without a timeout until unparked.
            final Thread thread = new Thread(() ->
            {
                flusher.onStart();
                while (!Thread.currentThread().isInterrupted())
                {
                    if (0 == flusher.doWork())
                    {
                        LockSupport.park();
                    }
                }
            }, "test-flusher");
            thread.setDaemon(true);
            thread.start();
            while (!flusher.isIdle())
            {
                Thread.onSpinWait();
            }

            for (int i = 0; i < events; i++)
            {
                final long r = ring.tryNext();
                final InputSlot slot = ring.slot(r);
                slot.type = 1;
                slot.length = i == good ? 2 * Long.BYTES : Long.BYTES;
                slot.buffer.putLong(0, i);
                ring.publish(r);
            }
            final int work = journaller.doWork();
            // Only the journaller's wake-up can bring the parked flusher to force and release what was published.
            while (journaled.get() < good - 1)
            {
                if (Thread.interrupted()) // by the timeout
                {
                    throw new InterruptedException("the idle flusher was not woken: released up to " +
                        journaled.get() + " of " + (good - 1));
                }
                Thread.onSpinWait();
            }
            assertEquals(good, flusher.journalFlusher().durableSequence());
            assertEquals(1, flusher.wakeUps());
            thread.interrupt();
            thread.join();
            return work;
        }
    }
}
