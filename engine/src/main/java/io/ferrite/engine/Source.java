package io.ferrite.engine;

/**
 * Reads events from outside (a file, a Kafka topic, a socket) and hands them to the engine, which journals each one
 * together with the source's position, so that after a crash the source resumes exactly where the journal ends.
 * <p>
 * The engine runs a source as an agent: {@link #open} once, then {@link #poll} in a duty
 * cycle, then {@link #close}. A source never publishes itself: {@link #poll} decodes a bounded number of records into
 * the {@link SourceBatch} it is given, each with its position, and the agent publishes them with back-pressure. While
 * the input ring is full the agent does not call {@link #poll} again until the batch is published: nothing is
 * dropped and the source simply stops reading.
 * <p>
 * <b>Positions</b> are (partition, offset, aux) triples, meaning whatever the source says: for a file, partition 0,
 * offset = the byte just after the record, aux = its line number; for Kafka, the topic partition, the next offset to
 * read and nothing. What {@link #open} receives is, per partition, the position of the last record the journal holds.
 * <p>
 * <b>Threading:</b> every method is called on the source's agent thread, except {@link #open}, called on the thread
 * that starts the engine (so that a missing file or an unreachable broker fails the start with a clear message).
 */
public interface Source
{
    /**
     * Prepare to read, resuming after the given positions.
     *
     * @param resume per partition, the position of the last record of this source that the journal holds (empty on
     *               a first run).
     * @throws RuntimeException naming the input if it cannot be opened.
     */
    void open(SourcePositions resume);

    /**
     * Read up to {@link SourceBatch#remaining()} records into the batch: decoded records through
     * {@link SourceBatch#next()} / {@link SourceBatch#commit}, undecodable ones through {@link SourceBatch#reject}.
     * Called only when the batch is empty. Should not block for long (a Kafka poll with a short timeout is fine).
     *
     * @param batch the batch to fill.
     * @return how many records (including rejected ones) were added; 0 if none were available.
     */
    int poll(SourceBatch batch);

    /**
     * @return true once the input is exhausted (a file at its end); a stream never ends.
     */
    default boolean isEnded()
    {
        return false;
    }

    /**
     * Describe a position for humans, in error messages and reports: "trades.csv line 17", "payments-3 offset 42".
     *
     * @param partition of the position.
     * @param offset    of the position.
     * @param aux       of the position.
     * @return the description.
     */
    String describePosition(int partition, long offset, long aux);

    /**
     * Release whatever {@link #open} acquired. Called once, on the agent thread, also after a failure.
     */
    void close();
}
