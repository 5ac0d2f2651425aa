package io.ferrite.engine;

import org.agrona.DirectBuffer;

/**
 * Where a source with {@link BadRecordPolicy#SKIP} puts the records it could not decode (a file, a Kafka topic).
 * Called on the source's agent thread, before the skip is recorded: a record is dead-lettered at least once, and
 * (unless the process dies between the two) exactly once.
 */
public interface DeadLetterChannel
{
    /**
     * Store one bad record durably before returning.
     *
     * @param sourceName the source that read it.
     * @param position   where it was, as {@link Source#describePosition} describes it.
     * @param reason     why it could not be decoded.
     * @param record     the raw record.
     * @param offset     where the record starts.
     * @param length     its length.
     */
    void deadLetter(String sourceName, String position, String reason, DirectBuffer record, int offset, int length);

    /**
     * @return where the dead letters go, for reports.
     */
    String describe();

    /**
     * Release the channel. Called once when the source closes.
     */
    default void close()
    {
    }
}
