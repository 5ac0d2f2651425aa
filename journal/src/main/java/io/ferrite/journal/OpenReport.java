package io.ferrite.journal;

/**
 * What opening a journal found.
 *
 * @param firstSequence        first sequence held, 0 if empty.
 * @param lastSequence         last complete sequence, 0 if empty.
 * @param tornTailDiscarded    true if an incomplete record left by a killed writer was discarded.
 * @param staleLockReleased    true if a lock left by a dead writer process was released.
 * @param segments             number of segment files.
 */
public record OpenReport(
    long firstSequence, long lastSequence, boolean tornTailDiscarded, boolean staleLockReleased, int segments)
{
}
