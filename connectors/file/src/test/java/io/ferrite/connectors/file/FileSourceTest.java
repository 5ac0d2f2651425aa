package io.ferrite.connectors.file;

import io.ferrite.connectors.file.test.ScratchEvent;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.OutputTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.BadRecordPolicy;
import io.ferrite.engine.Engine;
import io.ferrite.engine.SourceStatus;
import io.ferrite.engine.SourceSpec;
import io.ferrite.examples.fraud.FraudGenerator;
import io.ferrite.examples.fraud.FraudWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class FileSourceTest
{
    private static final int EVENTS = 3_000;
    private static final int BAD_LINE = 1_200;

    @TempDir
    Path dir;

    @Test
    void shouldHaltAtABadLineNamingFileAndLineThenContinueExactlyOnceWhenFixed() throws IOException
    {
        final List<String> lines = fraudLines(TextFormat.CSV, EVENTS);
        final Path reference = dir.resolve("good.csv");
        Files.write(reference, lines);
        final Run good = run(dir.resolve("reference"), reference, BadRecordPolicy.HALT, TextFormat.CSV);

        final Path csv = dir.resolve("input.csv");
        final List<String> broken = new ArrayList<>(lines);
        final String original = broken.get(BAD_LINE - 1);
        broken.set(BAD_LINE - 1, original.replaceFirst(",1,", ",one,"));
        Files.write(csv, broken);
        final Path data = dir.resolve("data");
        final Run halted = run(data, csv, BadRecordPolicy.HALT, TextFormat.CSV);
        assertEquals(SourceStatus.State.FAILED, halted.state);
        assertTrue(halted.failure.contains(csv + " line " + BAD_LINE), halted.failure);
        assertTrue(halted.failure.contains("is not an integer"), halted.failure);
        assertEquals(BAD_LINE - 2, halted.lastSequence, "every line before the bad one is journaled");

        Files.write(csv, lines);
        final Run resumed = run(data, csv, BadRecordPolicy.HALT, TextFormat.CSV);
        assertEquals(SourceStatus.State.ENDED, resumed.state, String.valueOf(resumed.failure));
        assertEquals(EVENTS, resumed.lastSequence);
        assertEquals(EVENTS - (BAD_LINE - 2), resumed.published);
        assertEquals(good.digest, resumed.digest, "state digest vs a run over the good file");
        assertEquals(Files.readAllLines(good.outputs), Files.readAllLines(resumed.outputs));
    }

    @Test
    void shouldDeadLetterABadLineUnderSkipAndCountIt() throws IOException
    {
        final List<String> lines = fraudLines(TextFormat.JSONL, EVENTS);
        final String bad = "{\"type\":\"TRANSACTION\",\"timestamp_ns\":oops}";
        lines.add(BAD_LINE - 1, bad);
        final Path jsonl = dir.resolve("input.jsonl");
        Files.write(jsonl, lines);
        final Run run = run(dir.resolve("data"), jsonl, BadRecordPolicy.SKIP, TextFormat.JSONL);
        assertEquals(SourceStatus.State.ENDED, run.state);
        assertEquals(EVENTS, run.lastSequence);
        assertEquals(1, run.deadLettered);
        assertEquals(List.of(bad), Files.readAllLines(dir.resolve("dead.jsonl")));

        // A second run over the same file reads nothing again: the skip is recorded with the positions.
        final Run again = run(dir.resolve("data"), jsonl, BadRecordPolicy.SKIP, TextFormat.JSONL);
        assertEquals(0, again.published);
        assertEquals(0, again.deadLettered);
        assertEquals(EVENTS, again.lastSequence);
        assertEquals(List.of(bad), Files.readAllLines(dir.resolve("dead.jsonl")));
        assertEquals(EVENTS + 1, Files.readAllLines(again.outputs).size(), "header + one output per input, once");
    }

    @Test
    void shouldFailTheStartNamingAMissingFile()
    {
        final Engine engine = engine(dir.resolve("data"), dir.resolve("missing.csv"), BadRecordPolicy.HALT,
            TextFormat.CSV, dir.resolve("out.csv"));
        final RuntimeException ex = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, engine::start);
        assertTrue(ex.getMessage().contains("missing.csv does not exist"), ex.getMessage());
        engine.close();
    }

    static List<String> fraudLines(final TextFormat format, final int events)
    {
        final EventTextCodec codec = new EventTextCodec(FraudWorkload.SCHEMA, format);
        final FraudGenerator generator = new FraudGenerator(5);
        final ScratchEvent event = new ScratchEvent(64);
        final List<String> lines = new ArrayList<>();
        if (format == TextFormat.CSV)
        {
            lines.add(codec.csvHeader());
        }
        for (long i = 1; i <= events; i++)
        {
            event.reset(i);
            generator.generate(event);
            final int length = codec.encode(event.type, event.timestamp, event.buffer, 0, event.length);
            lines.add(codec.line().getStringWithoutLengthAscii(0, length - 1));
        }
        return lines;
    }

    private record Run(SourceStatus.State state, String failure, long lastSequence, long published, long deadLettered,
        long digest, Path outputs)
    {
    }

    private Engine engine(final Path data, final Path input, final BadRecordPolicy policy, final TextFormat format,
        final Path outputs)
    {
        final EventTextCodec codec = new EventTextCodec(FraudWorkload.SCHEMA, format);
        return Engine.builder()
            .dataDirectory(data)
            .maxEventLength(FraudWorkload.MAX_EVENT_LENGTH)
            .ringSize(512)
            .pipeline(new FraudWorkload().newPipeline())
            .sink("file", new FileSink(outputs, new OutputTextCodec(FraudWorkload.SCHEMA, TextFormat.CSV),
                TextFormat.CSV))
            .errorHandler((cause, sequence, component) ->
            {
            })
            .source(new SourceSpec("input", FileSource.ofFile(input, codec), policy,
                policy == BadRecordPolicy.SKIP ? new FileDeadLetters(dir.resolve("dead." + format.name()
                    .toLowerCase(java.util.Locale.ROOT))) : null, Long.MAX_VALUE, 64))
            .build();
    }

    private Run run(final Path data, final Path input, final BadRecordPolicy policy, final TextFormat format)
    {
        final Path outputs = data.resolveSibling(data.getFileName() + "-outputs.csv");
        final Engine engine = engine(data, input, policy, format, outputs);
        engine.start();
        while (!engine.sourcesDone())
        {
            LockSupport.parkNanos(1_000_000);
        }
        final SourceStatus source = engine.sources().get(0);
        assertTrue(engine.stop(Duration.ofSeconds(30)));
        final Run run = new Run(source.state(), source.failure(), engine.lastPublishedSequence(), source.published(),
            source.deadLettered(), engine.stateDigest(), outputs);
        engine.close();
        assertTrue(new String(readOrEmpty(outputs), StandardCharsets.US_ASCII).startsWith("input_sequence,ordinal"));
        return run;
    }

    private static byte[] readOrEmpty(final Path path)
    {
        try
        {
            return Files.readAllBytes(path);
        }
        catch (final IOException ex)
        {
            return new byte[0];
        }
    }
}
