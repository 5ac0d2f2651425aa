package io.ferrite.engine;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.MutableEvent;
import io.ferrite.engine.processor.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorPublisherTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPublishTheGeneratorsEventsInOrderWithOrWithoutAnIntendedSendTime()
    {
        final SummingProcessor processor = new SummingProcessor(false);
        try (Engine engine = startedEngine(processor))
        {
            final GeneratorPublisher publisher =
                new GeneratorPublisher(engine, new ValueGenerator(), WaitStrategyType.SLEEPING);
            for (int i = 0; i < 300; i++)
            {
                if (i % 2 == 0)
                {
                    publisher.publish();
                }
                else
                {
                    publisher.publishAt(System.nanoTime());
                }
            }
            assertEquals(300, engine.lastPublishedSequence());
            assertTrue(engine.stop(EngineTestSupport.STOP));
            assertEquals(300, processor.count);
            assertEquals(EngineTestSupport.referenceDigest(300), processor.stateDigest());
        }
    }

    @ParameterizedTest
    @EnumSource(value = WaitStrategyType.class, names = {"SLEEPING", "YIELDING", "BUSY_SPIN", "BLOCKING"})
    void shouldNotPublishBeforeTheIntendedSendTimeAndShouldTimeEveryEventFromIt(final WaitStrategyType wait)
    {
        try (Engine engine = EngineTestSupport.builder(dir,
            Pipeline.builder().stage("sum", new SummingProcessor(false)).build()).build())
        {
            engine.start();
            final GeneratorPublisher publisher = new GeneratorPublisher(engine, new ValueGenerator(), wait);
            final long gap = TimeUnit.MILLISECONDS.toNanos(3);
            final long start = System.nanoTime();
            for (int i = 1; i <= 5; i++)
            {
                final long intended = start + i * gap;
                publisher.publishAt(intended);
                assertTrue(System.nanoTime() >= intended, "event " + i + " published before its send time");
            }
            assertTrue(engine.stop(EngineTestSupport.STOP));
            // Stamped events are all timed, from the intended send time: none can be negative or missing.
            assertEquals(5, engine.latencyHistogram().getTotalCount());
        }
    }

    @Test
    void shouldPublishASliceOfAPacedRunOnItsScheduleAndAFlatOutSliceAtOnce()
    {
        final SummingProcessor processor = new SummingProcessor(false);
        try (Engine engine = startedEngine(processor))
        {
            final GeneratorPublisher publisher =
                new GeneratorPublisher(engine, new ValueGenerator(), WaitStrategyType.SLEEPING);
            // Events 5 to 8 of a run of 1,000 a second: due 5 to 8 ms after its start.
            final long start = System.nanoTime();
            assertEquals(9, publisher.publishRun(start, 1_000, 5, 4));
            final long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(8), "event 8 published after " + elapsed + " ns");
            assertEquals(4, engine.lastPublishedSequence());
            // Flat out: no send time, no wait.
            assertEquals(3, publisher.publishRun(0, 0, 0, 3));
            assertEquals(7, engine.lastPublishedSequence());
            // Event 0 of a run of one a second is due at the run's start, not a second later.
            final long runStart = System.nanoTime();
            assertEquals(1, publisher.publishRun(runStart, 1, 0, 1));
            final long firstEvent = System.nanoTime() - runStart;
            assertTrue(firstEvent < TimeUnit.MILLISECONDS.toNanos(500), "event 0 published after " + firstEvent + " ns");
            assertTrue(engine.stop(EngineTestSupport.STOP));
            assertEquals(8, processor.count);
            assertEquals(EngineTestSupport.referenceDigest(8), processor.stateDigest());
            // Only the paced slice's events carry a send time; the engine's default samples 1 in 64 of the others.
            assertTrue(engine.latencyHistogram().getTotalCount() >= 4);
        }
    }

    @Test
    void shouldAbortTheClaimOfAGeneratorThatThrowsAndPassTheExceptionOn()
    {
        final SummingProcessor processor = new SummingProcessor(false);
        try (Engine engine = startedEngine(processor))
        {
            final ValueGenerator generator = new ValueGenerator();
            generator.failAt = 3;
            final GeneratorPublisher publisher = new GeneratorPublisher(engine, generator, WaitStrategyType.SLEEPING);
            publisher.publish();
            publisher.publish();
            final IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, publisher::publish);
            assertSame(generator.failure, thrown);
            // The engine takes the next event: the aborted claim was given back (journaled as a no-op).
            publisher.publish();
            assertEquals(4, engine.lastPublishedSequence());
            assertTrue(engine.stop(EngineTestSupport.STOP));
            assertEquals(3, processor.count, "the aborted event reaches no processor");
        }
    }

    private Engine startedEngine(final SummingProcessor processor)
    {
        final Engine engine =
            EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", processor).build()).build();
        try
        {
            engine.start();
            return engine;
        }
        catch (final RuntimeException ex)
        {
            engine.close();
            throw ex;
        }
    }

    /** Writes EngineTestSupport's value for each sequence, as its publishUpTo does. */
    private static final class ValueGenerator implements EventGenerator
    {
        long failAt = -1;
        final IllegalArgumentException failure = new IllegalArgumentException("bad event");

        @Override
        public void generate(final MutableEvent event)
        {
            if (event.sequence() == failAt)
            {
                throw failure;
            }
            event.type(1);
            event.timestamp(event.sequence() * 1_000L);
            event.buffer().putLong(event.payloadOffset(), EngineTestSupport.valueOf(event.sequence()));
            event.length(8);
        }
    }
}
