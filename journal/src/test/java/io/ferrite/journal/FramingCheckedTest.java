package io.ferrite.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FramingCheckedTest
{
    private static final String SEGMENT = "20261202.cq4";

    @TempDir
    Path dir;

    @Test
    void shouldTrustAnEntryItStoredWhileTheSegmentIsUnchanged() throws IOException
    {
        final long size = writeSegment();
        final FramingChecked checked = FramingChecked.load(dir);
        checked.record(SEGMENT, size, 750);
        checked.store(Set.of(SEGMENT));

        assertEquals(750, FramingChecked.load(dir).lastSequence(SEGMENT, size));
    }

    @Test
    void shouldNotTrustAnEntryWrittenByAnEarlierBuild() throws IOException
    {
        // Earlier builds wrote four fields, and for a batched segment a last sequence that was the first record of its
        // last excerpt.
        final long size = writeSegment();
        final long modified = Files.getLastModifiedTime(dir.resolve(SEGMENT)).toMillis();
        Files.write(dir.resolve(FramingChecked.FILE_NAME), List.of(SEGMENT + " " + size + " " + modified + " 601"),
            StandardCharsets.US_ASCII);

        assertEquals(-1, FramingChecked.load(dir).lastSequence(SEGMENT, size));
    }

    private long writeSegment() throws IOException
    {
        final byte[] bytes = new byte[4096];
        Files.write(dir.resolve(SEGMENT), bytes);
        return bytes.length;
    }
}
