package io.ferrite.journal;

import java.nio.file.Path;

/**
 * The result of {@link Journal#verify()}.
 *
 * @param records        records read that passed every check.
 * @param firstSequence  first sequence held, 0 if empty.
 * @param lastSequence   last good sequence, 0 if none.
 * @param bytes          bytes in segment files.
 * @param segments       segment files.
 * @param faultSegment   segment of the first fault, or null if none.
 * @param faultSequence  sequence of the first fault (or the one expected there), 0 if none.
 * @param faultMessage   what the first fault is, or null if none.
 * @param writerPid      the PID of a live writer appending to the journal while it was walked, or 0 if none: records
 *                       past {@code lastSequence} that it was still writing were not checked.
 */
public record VerifyReport(
    long records, long firstSequence, long lastSequence, long bytes, int segments,
    Path faultSegment, long faultSequence, String faultMessage, long writerPid)
{
    /**
     * @return true if no fault was found.
     */
    public boolean ok()
    {
        return null == faultMessage;
    }

    /**
     * @return true if a live writer was appending while the journal was walked: the check stopped at
     * {@link #lastSequence()}, the last record complete by then.
     */
    public boolean writerLive()
    {
        return 0 != writerPid;
    }
}
