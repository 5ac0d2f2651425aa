package io.ferrite.engine;

/**
 * What one of the engine's sources has done, for reports and monitoring: {@link Engine#sources()}. Every getter is
 * safe from any thread and reads the latest value the source's agent published; none of them changes the source.
 */
public interface SourceStatus
{
    /** Where a source is in its life. */
    enum State
    {
        /** Reading and publishing. */
        RUNNING,
        /** Its input is exhausted (or its limit reached) and everything read is published. */
        ENDED,
        /** Stopped by a bad record under {@link BadRecordPolicy#HALT}, an input error or a stopped engine. */
        FAILED
    }

    /**
     * @return the source's name.
     */
    String name();

    /**
     * @return where it is in its life.
     */
    State state();

    /**
     * @return why it failed, or null.
     */
    String failure();

    /**
     * @return records published this run.
     */
    long published();

    /**
     * @return bad records met this run (halted on or skipped).
     */
    long errors();

    /**
     * @return bad records written to the dead-letter channel this run.
     */
    long deadLettered();

    /**
     * @return where the dead letters go, or null under {@link BadRecordPolicy#HALT}.
     */
    String deadLetterChannel();

    /**
     * @return the position of the last record published or skipped (or resumed after), for humans; "start" if none.
     */
    String position();
}
