package io.ferrite.engine;

import java.util.Map;

/**
 * A point-in-time reading of the engine's progress counters. Each value is read without stopping the engine, so
 * values of different stages may be a few events apart.
 *
 * @param lastPublishedSequence  last input sequence claimed by producers (or timers).
 * @param lastJournaledSequence  last sequence the journaller released to the processors.
 * @param processedSequence      per processor (pipeline order), the last sequence it finished.
 * @param emitted                per processor, outputs it emitted since start (live and replayed).
 * @param outputsPublished       outputs put on the output ring since start.
 * @param sinkOutputsConsumed    per sink, outputs it has consumed since start.
 * @param lag                    lastPublishedSequence minus the slowest processor's sequence.
 * @param snapshotsWritten       snapshots written since start.
 * @param lastSnapshotSequence   sequence of the newest snapshot written since start, 0 if none.
 */
public record EngineCounters(
    long lastPublishedSequence,
    long lastJournaledSequence,
    Map<String, Long> processedSequence,
    Map<String, Long> emitted,
    long outputsPublished,
    Map<String, Long> sinkOutputsConsumed,
    long lag,
    long snapshotsWritten,
    long lastSnapshotSequence)
{
}
