package io.ferrite.engine;

/**
 * What a source does with a record it cannot decode.
 */
public enum BadRecordPolicy
{
    /**
     * Stop the source at the bad record with an error naming the source and the position (the default). Nothing
     * after it is journaled; once the input is fixed, a restart resumes at that record.
     */
    HALT,

    /**
     * Write the record to the source's {@link DeadLetterChannel}, count it and go on. The skip is journaled in the
     * source's position log, so a restart does not read the record again.
     */
    SKIP
}
