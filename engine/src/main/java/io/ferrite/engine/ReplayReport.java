package io.ferrite.engine;

import java.util.List;

/**
 * The result of {@link Replayer#replay}.
 *
 * @param snapshotSequence the snapshot replay started from, 0 if from the first record.
 * @param events           records replayed.
 * @param firstSequence    first sequence replayed (0 if none).
 * @param lastSequence     last sequence replayed (the state's sequence).
 * @param elapsedNanos     wall time of the replay itself (excluding opening files).
 * @param stateDigest      combined digest of all processors at {@code lastSequence}.
 * @param digestsChecked   recorded digests compared.
 * @param divergence       the first divergence found, or null.
 * @param notes            what the replay passed over or could not do as asked, for the user: an unusable snapshot
 *                         it went past, a target sequence beyond the journal's end.
 */
public record ReplayReport(
    long snapshotSequence,
    long events,
    long firstSequence,
    long lastSequence,
    long elapsedNanos,
    long stateDigest,
    long digestsChecked,
    Divergence divergence,
    List<String> notes)
{
    /**
     * @return events replayed per second.
     */
    public double eventsPerSecond()
    {
        return elapsedNanos == 0 ? 0 : events * 1e9 / elapsedNanos;
    }
}
