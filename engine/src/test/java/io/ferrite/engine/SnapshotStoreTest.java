package io.ferrite.engine;

import io.ferrite.engine.inspect.SnapshotInfo;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotStoreTest
{
    @TempDir
    Path dir;

    private Path write(final SnapshotStore store, final long sequence, final long value)
    {
        final UnsafeBuffer a = new UnsafeBuffer(new byte[8]);
        a.putLong(0, value);
        final UnsafeBuffer b = new UnsafeBuffer(new byte[4]);
        b.putInt(0, (int)value);
        return store.write(sequence, new String[]{"a", "b"}, new long[]{value, -value},
            new DirectBuffer[]{a, b}, new int[]{8, 4}, new ExpandableArrayBuffer(64));
    }

    @Test
    void shouldReadBackEveryPartAndDigestOfAWrittenSnapshot()
    {
        final SnapshotStore store = SnapshotStore.open(dir);
        final Path file = write(store, 500, 42);
        final SnapshotStore.Loaded loaded = SnapshotStore.read(file);
        assertTrue(loaded.info().valid(), loaded.info().problem());
        assertEquals(500, loaded.info().sequence());
        assertEquals(List.of("a", "b"), loaded.info().processorNames());
        assertEquals(42, loaded.buffer().getLong(loaded.offsets()[0]));
        assertEquals(42, loaded.buffer().getInt(loaded.offsets()[1]));
        assertEquals(8, loaded.lengths()[0]);
        assertEquals(-42, loaded.digests()[1]);
    }

    @Test
    void shouldReportAFlippedByteAsInvalidNamingTheFile() throws Exception
    {
        final SnapshotStore store = SnapshotStore.open(dir);
        final Path file = write(store, 100, 7);
        final byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        final List<SnapshotInfo> bad = store.verify();
        assertEquals(1, bad.size());
        assertEquals(file, bad.get(0).path());
        assertFalse(bad.get(0).valid());
    }

    @Test
    void shouldTellASnapshotCutShortFromOneDamagedInPlace() throws Exception
    {
        final SnapshotStore store = SnapshotStore.open(dir);
        final Path file = write(store, 100, 7);
        final byte[] whole = Files.readAllBytes(file);
        // Past the header and the first part's name, inside its state: what a copy that lost its tail leaves.
        Files.write(file, java.util.Arrays.copyOf(whole, 50));
        final String cut = SnapshotStore.read(file).info().problem();
        assertTrue(cut.startsWith("truncated: its parts run past the end of its 50 bytes"), cut);

        final byte[] flipped = whole.clone();
        flipped[whole.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertEquals("checksum mismatch", SnapshotStore.read(file).info().problem());
    }

    @Test
    void shouldKeepOnlyTheNewestSnapshotsAndReportTheOldestKept()
    {
        final SnapshotStore store = SnapshotStore.open(dir);
        for (long s = 100; s <= 500; s += 100)
        {
            write(store, s, s);
        }
        assertEquals(300, store.retain(3));
        final List<SnapshotInfo> left = store.list();
        assertEquals(List.of(500L, 400L, 300L), left.stream().map(SnapshotInfo::sequence).toList());
    }

    @Test
    void shouldLeaveNoTemporaryFileBehindAfterAWrite() throws Exception
    {
        final SnapshotStore store = SnapshotStore.open(dir);
        write(store, 100, 1);
        try (var files = Files.list(store.directory()))
        {
            assertEquals(List.of(store.fileFor(100)), files.toList());
        }
    }
}
