package io.ferrite.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Engine#start()} did to reach the state the engine had before it last stopped or died.
 *
 * @param journalTail       the last sequence found in the journal (0 for a new journal).
 * @param snapshotSequence  the sequence of the snapshot restored, 0 if none.
 * @param snapshotFile      the snapshot file restored, or null.
 * @param eventsReplayed    journal records replayed after the snapshot.
 * @param digestsChecked    recorded digests compared during replay (all matched, or start() would have failed).
 * @param recoveryNanos     wall time spent recovering.
 * @param notes             what else happened: torn tail discarded, corrupt snapshot skipped, ... (human readable).
 */
public record RecoveryReport(
    long journalTail,
    long snapshotSequence,
    Path snapshotFile,
    long eventsReplayed,
    long digestsChecked,
    long recoveryNanos,
    List<String> notes)
{
    /**
     * @return a one-line summary.
     */
    public String describe()
    {
        return "recovered to sequence " + journalTail +
            (snapshotSequence > 0 ? " from snapshot " + snapshotSequence : " without a snapshot") +
            ", replayed " + eventsReplayed + " events, checked " + digestsChecked + " digests in " +
            (recoveryNanos / 1_000_000) + " ms" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    }
}
