package io.ferrite.engine;

import io.ferrite.engine.inspect.CountersDescriptor;
import io.ferrite.engine.inspect.EngineStat;
import io.ferrite.journal.Journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to start over a journal that once held more than it does: segment files deleted by hand (or lost with a
 * restored backup) would otherwise be rebuilt silently from sequence 0, and new events would reuse sequences that
 * digests, snapshots and the last run's counters already vouch for.
 * <p>
 * The evidence is what the data directory recorded beside the journal: the highest sequence of each digest log
 * ({@code digests/*.digests}), the newest snapshot, and the journaled-sequence counter of {@code counters.dat}. Sinks
 * that track their position are checked on their own when recovery reads them. Runs once at start, before any of
 * those files is rewritten.
 */
final class JournalHistory
{
    private static final int DIGEST_RECORD_LENGTH = 16;
    private static final String JOURNALED_COUNTER = "journaled";

    private JournalHistory()
    {
    }

    /**
     * @param dataDirectory the engine's data directory.
     * @param journal       its journal, just opened.
     * @throws FerriteException naming what records more than the journal holds, and where.
     */
    static void check(final Path dataDirectory, final Journal journal)
    {
        final long tail = journal.lastSequence();
        final List<String> evidence = new ArrayList<>();
        long highest = tail;

        final Path digests = dataDirectory.resolve(DigestLog.SUBDIRECTORY);
        if (Files.isDirectory(digests))
        {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(digests, "*.digests"))
            {
                for (final Path file : files)
                {
                    final long last = lastDigestSequence(file);
                    if (last > tail)
                    {
                        evidence.add(file + " records state digests up to sequence " + last);
                        highest = Math.max(highest, last);
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new FerriteException("cannot list digest logs in " + digests + ": " + ex, ex);
            }
        }

        final List<Path> snapshots = SnapshotStore.open(dataDirectory).files();
        if (!snapshots.isEmpty())
        {
            final long newest = SnapshotStore.sequenceOf(snapshots.get(0));
            if (newest > tail)
            {
                evidence.add("snapshot " + snapshots.get(0) + " was taken at sequence " + newest);
                highest = Math.max(highest, newest);
            }
        }

        final long journaled = lastRunJournaled(dataDirectory);
        if (journaled > tail)
        {
            evidence.add(dataDirectory.resolve(CountersDescriptor.FILE_NAME) + " says the last run journaled up to " +
                "sequence " + journaled);
            highest = Math.max(highest, journaled);
        }

        if (!evidence.isEmpty())
        {
            throw new FerriteException("the journal in " + journal.directory() + (0 == tail ? " holds no record" :
                " ends at " + tail) + ", but it once held more: " + String.join("; ", evidence) +
                ". Records " + (tail + 1) + ".." + highest + " are missing (segment files deleted or an older " +
                "journal restored); starting here would reuse their sequences. Restore the journal's segment files, " +
                "or use a new data directory");
        }
    }

    private static long lastDigestSequence(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long complete = channel.size() / DIGEST_RECORD_LENGTH;
            if (0 == complete)
            {
                return 0;
            }
            final ByteBuffer sequence = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            final long at = (complete - 1) * DIGEST_RECORD_LENGTH;
            while (sequence.hasRemaining() && channel.read(sequence, at + sequence.position()) > 0)
            {
                // read the last record's sequence
            }
            return sequence.hasRemaining() ? 0 : sequence.getLong(0);
        }
        catch (final IOException ex)
        {
            throw new FerriteException("cannot read digest log " + file + ": " + ex, ex);
        }
    }

    private static long lastRunJournaled(final Path dataDirectory)
    {
        if (!Files.isRegularFile(dataDirectory.resolve(CountersDescriptor.FILE_NAME)))
        {
            return 0;
        }
        try
        {
            final Long journaled = EngineStat.read(dataDirectory).counters().get(JOURNALED_COUNTER);
            return null == journaled ? 0 : journaled;
        }
        catch (final FerriteException ex)
        {
            // An unreadable counters file proves nothing: it is rewritten at start anyway.
            return 0;
        }
    }
}
