package io.ferrite.engine;

import java.util.Objects;

/**
 * How the engine runs one source: name, the source, its bad-record policy and dead-letter channel, an optional
 * sequence limit and its batch size. Built with {@link EngineBuilder#source(SourceSpec)}.
 *
 * @param name          unique name: its position log is {@code sources/NAME.positions}, its agent
 *                      {@code source:NAME}.
 * @param source        the source.
 * @param policy        what to do with a record it cannot decode.
 * @param deadLetters   where skipped records go; required with {@link BadRecordPolicy#SKIP}, else null.
 * @param limit         stop (state ENDED) once the journal holds this many events; Long.MAX_VALUE for no limit.
 * @param batchCapacity records read per poll, at most.
 */
public record SourceSpec(
    String name,
    Source source,
    BadRecordPolicy policy,
    DeadLetterChannel deadLetters,
    long limit,
    int batchCapacity)
{
    /** Records read per {@link Source#poll} at most, unless a spec says otherwise. */
    public static final int BATCH_CAPACITY_DEFAULT = 256;

    /**
     * Validate.
     */
    public SourceSpec
    {
        Objects.requireNonNull(name, "source name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(policy, "policy");
        if (!name.matches("[A-Za-z0-9_.-]+"))
        {
            throw new IllegalArgumentException("source name '" + name + "' must be letters, digits, '_', '.' or '-'");
        }
        if (policy == BadRecordPolicy.SKIP && null == deadLetters)
        {
            throw new IllegalArgumentException("source '" + name + "': policy SKIP needs a dead-letter channel");
        }
        if (limit < 0)
        {
            throw new IllegalArgumentException("source '" + name + "': limit must be >= 0, was " + limit);
        }
        if (batchCapacity < 1)
        {
            throw new IllegalArgumentException("source '" + name + "': batchCapacity must be >= 1, was " +
                batchCapacity);
        }
    }

    /**
     * A source that halts on bad records, without limit, with the default batch.
     *
     * @param name   unique name.
     * @param source the source.
     * @return the spec.
     */
    public static SourceSpec of(final String name, final Source source)
    {
        return new SourceSpec(name, source, BadRecordPolicy.HALT, null, Long.MAX_VALUE,
            BATCH_CAPACITY_DEFAULT);
    }
}
