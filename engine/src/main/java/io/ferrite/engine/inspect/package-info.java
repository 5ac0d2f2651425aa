/**
 * Offline and out-of-process inspection of an engine's data directory, never disturbing a running engine:
 * {@link io.ferrite.engine.inspect.EngineStat} reads the live counters file (laid out as
 * {@link io.ferrite.engine.inspect.CountersDescriptor} says) and {@link io.ferrite.engine.inspect.SnapshotInfo}
 * describes a snapshot file. Snapshots are listed and verified with {@link io.ferrite.engine.SnapshotStore}, and a
 * journal is replayed offline with {@link io.ferrite.engine.Replayer}; both sit beside the engine because they run
 * its own snapshot reader and processors.
 */
package io.ferrite.engine.inspect;
