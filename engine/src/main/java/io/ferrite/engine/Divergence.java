package io.ferrite.engine;

/**
 * The first place where a replay's state digest differed from the one recorded during the live run.
 *
 * @param sequence      the first sequence whose digest differs.
 * @param processorName the processor whose state differs.
 * @param expected      the digest recorded live.
 * @param actual        the digest replay computed.
 */
public record Divergence(long sequence, String processorName, long expected, long actual)
{
    /**
     * @return a one-line description.
     */
    public String describe()
    {
        return "replay diverged at sequence " + sequence + " in processor '" + processorName + "': recorded digest " +
            String.format("%016x", expected) + ", replay computed " + String.format("%016x", actual);
    }
}
