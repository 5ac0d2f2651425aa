package io.ferrite.examples.testing;

import io.ferrite.engine.processor.EventGenerator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every deterministic workload generator must do, whatever it generates: event i is a pure function of
 * (seed, i), so a run resumed at any sequence reproduces an uninterrupted one. Subclass per generator.
 */
public abstract class GeneratorContract
{
    /**
     * @param seed the seed.
     * @return a fresh generator of the workload under test.
     */
    protected abstract EventGenerator newGenerator(long seed);

    /**
     * @return the largest payload the workload's events carry.
     */
    protected abstract int maxEventLength();

    /**
     * @return a sequence to resume at that is not on any boundary the generator might treat specially.
     */
    protected abstract long resumeAt();

    /**
     * Generate events {@code from..to} (sequences), copied.
     *
     * @param generator the generator.
     * @param from      first sequence.
     * @param to        last sequence.
     * @return the events.
     */
    protected final List<TestEvent.Copy> generate(final EventGenerator generator, final long from, final long to)
    {
        final TestEvent event = new TestEvent(maxEventLength());
        final List<TestEvent.Copy> events = new ArrayList<>();
        for (long i = from; i <= to; i++)
        {
            generator.generate(event.reset(i));
            events.add(event.copy());
        }
        return events;
    }

    @Test
    void shouldGenerateEventIAloneExactlyAsAfterAllEarlierEvents()
    {
        final List<TestEvent.Copy> sequential = generate(newGenerator(42), 1, 20_000);

        final EventGenerator alone = newGenerator(42);
        final TestEvent event = new TestEvent(maxEventLength());
        for (long i = 20_000; i >= 1; i -= 7)
        {
            alone.generate(event.reset(i));
            assertEquals(sequential.get((int)i - 1), event.copy(), "event " + i);
        }
    }

    @Test
    void shouldResumeAtAnyEventExactlyAsAnUninterruptedRun()
    {
        final List<TestEvent.Copy> uninterrupted = generate(newGenerator(9), 1, 30_000);

        final List<TestEvent.Copy> resumed = generate(newGenerator(9), resumeAt(), 30_000);

        assertEquals(uninterrupted.subList((int)resumeAt() - 1, 30_000), resumed);
    }

    @Test
    void shouldGenerateTheSameStreamFromTheSameSeedAndAnotherFromAnotherSeed()
    {
        final List<TestEvent.Copy> first = generate(newGenerator(1), 1, 5_000);
        final List<TestEvent.Copy> second = generate(newGenerator(1), 1, 5_000);
        final List<TestEvent.Copy> other = generate(newGenerator(2), 1, 5_000);

        assertEquals(first, second);
        int same = 0;
        for (int i = 0; i < first.size(); i++)
        {
            same += first.get(i).equals(other.get(i)) ? 1 : 0;
        }
        assertTrue(same < 50, same + " of 5000 events equal across seeds");
    }
}
