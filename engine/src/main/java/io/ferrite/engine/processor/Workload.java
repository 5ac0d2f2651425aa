package io.ferrite.engine.processor;

import org.agrona.DirectBuffer;

/**
 * A named application that the tools can run, replay and benchmark: its pipeline and a deterministic generator.
 * Found through {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.ferrite.engine.processor.Workload}, put the jar on the classpath, and {@code ferrite run
 * --workload NAME} and {@code ferrite replay} can use it.
 */
public interface Workload
{
    /**
     * @return the name used on the command line, e.g. "trading".
     */
    String name();

    /**
     * @return one line on what it does.
     */
    String description();

    /**
     * @return the largest payload its events and outputs carry.
     */
    int maxEventLength();

    /**
     * @return a fresh pipeline (new processor instances, empty state) each time it is called.
     */
    Pipeline newPipeline();

    /**
     * @param seed the seed; event i is a pure function of (seed, i).
     * @return a new generator.
     */
    EventGenerator newGenerator(long seed);

    /**
     * Describe an event for humans (journal dump). May allocate: never on a hot path.
     *
     * @param type   event type.
     * @param buffer payload buffer.
     * @param offset payload offset.
     * @param length payload length.
     * @return a one-line description, or null to let the tool print hex.
     */
    default String describeEvent(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        return null;
    }
}
