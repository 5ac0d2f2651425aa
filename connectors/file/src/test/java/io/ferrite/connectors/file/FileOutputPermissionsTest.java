package io.ferrite.connectors.file;

import io.ferrite.connectors.text.OutputTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.examples.fraud.FraudWorkload;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outputs and dead letters are users' data: files the connectors create are owner-only whatever the umask. */
class FileOutputPermissionsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldCreateSinkAndDeadLetterFilesOwnerOnly() throws Exception
    {
        final Path csv = dir.resolve("outputs.csv");
        openSink(csv);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));
        assertTrue(Files.size(csv) > 0, "the CSV header was written");

        final Path dead = dir.resolve("dead.csv");
        final FileDeadLetters letters = new FileDeadLetters(dead);
        try
        {
            final byte[] record = "not,a,transaction".getBytes(StandardCharsets.US_ASCII);
            letters.deadLetter("input", "line 7", "malformed", new UnsafeBuffer(record), 0, record.length);
        }
        finally
        {
            letters.close();
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dead)));
        assertEquals("not,a,transaction\n", Files.readString(dead));
    }

    /** Open a CSV sink on {@code csv} as the engine does at start (which creates the file and its header), close it. */
    private static void openSink(final Path csv)
    {
        final FileSink sink = new FileSink(csv, new OutputTextCodec(FraudWorkload.SCHEMA, TextFormat.CSV),
            TextFormat.CSV);
        try
        {
            assertEquals(0, sink.lastDeliveredSequence());
        }
        finally
        {
            sink.close();
        }
    }

    @Test
    void shouldLeaveAnExistingFilesPermissionsAsTheUserSetThem() throws Exception
    {
        final Path csv = dir.resolve("shared.csv");
        Files.createFile(csv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        Files.setPosixFilePermissions(csv, PosixFilePermissions.fromString("rw-r-----"));
        openSink(csv);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));
    }
}
