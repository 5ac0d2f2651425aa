package io.ferrite.engine.inspect;

import io.ferrite.engine.SnapshotStore;
import java.nio.file.Path;
import java.util.List;

/**
 * What a snapshot file holds, as read and checked by {@link SnapshotStore}.
 *
 * @param sequence           the sequence the snapshot belongs to (state after handling it).
 * @param path               the file.
 * @param bytes              the file size.
 * @param createdEpochMillis when it was written (metadata only: never used by processors).
 * @param formatVersion      the file format version.
 * @param processorNames     the processors whose state it holds, in pipeline order.
 * @param valid              true if the checksum and structure are intact and the format is supported.
 * @param problem            what is wrong if not valid, else null.
 */
public record SnapshotInfo(
    long sequence,
    Path path,
    long bytes,
    long createdEpochMillis,
    int formatVersion,
    List<String> processorNames,
    boolean valid,
    String problem)
{
}
