package io.ferrite.journal;

/**
 * What opening a journal found.
 *
 * @param firstSequence        first sequence held, 0 if empty.
 * @param lastSequence         last complete sequence, 0 if empty.
 * @param tornTailDiscarded    true if an incomplete record (or a segment whose creation was cut short) left by a
 *                             killed writer was discarded. A read-only open reports it without erasing it, and
 *                             reports none while the writer's process is alive, as unpublished bytes are then an
 *                             append in progress.
 * @param staleLockReleased    true if Chronicle's write lock, left held by a dead writer process, was released (a
 *                             writer that dies inside an append leaves it held). Always false for a read-only open.
 * @param segments             number of segment files.
 */
public record OpenReport(
    long firstSequence, long lastSequence, boolean tornTailDiscarded, boolean staleLockReleased, int segments)
{
}
