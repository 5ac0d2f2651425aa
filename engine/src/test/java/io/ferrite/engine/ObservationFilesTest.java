package io.ferrite.engine;

import io.ferrite.engine.inspect.EngineStat;
import io.ferrite.engine.processor.DomainCounter;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static io.ferrite.engine.EngineTestSupport.STOP;
import static io.ferrite.engine.EngineTestSupport.builder;
import static io.ferrite.engine.EngineTestSupport.publishUpTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the engine leaves in its data directory for outside observers: domain counters, latency log, start report. */
@Timeout(60)
class ObservationFilesTest
{
    @TempDir
    Path dir;

    /** Counts even events and odd events in two domain counters. */
    private static final class ParityCounter implements Processor
    {
        final DomainCounter even = new DomainCounter("parity: even");
        final DomainCounter odd = new DomainCounter("parity: odd");

        public void onEvent(final EventContext ctx)
        {
            if ((ctx.sequence() & 1) == 0)
            {
                even.increment();
            }
            else
            {
                odd.increment();
            }
        }

        public List<DomainCounter> domainCounters()
        {
            return List.of(even, odd);
        }
    }

    @Test
    void shouldPublishDomainCountersLatencyIntervalsAndTheStartReport() throws FileNotFoundException
    {
        final ParityCounter parity = new ParityCounter();
        final Pipeline pipeline = Pipeline.builder().stage("parity", parity).build();
        try (Engine engine = builder(dir, pipeline).latencySampleEvery(1).build())
        {
            engine.start();
            publishUpTo(engine, 1_001);
            assertTrue(engine.stop(STOP));
            assertEquals(1_001, engine.latencyHistogram().getTotalCount());
        }
        final Map<String, Long> counters = EngineStat.read(dir).counters();
        assertEquals(500L, counters.get("domain: parity: parity: even"));
        assertEquals(501L, counters.get("domain: parity: parity: odd"));
        assertEquals(1024L, counters.get("ring capacity"));

        final Path log = dir.resolve(EngineStat.LATENCY_LOG_FILE_NAME);
        final HistogramLogReader reader = new HistogramLogReader(log.toFile());
        long recorded = 0;
        for (EncodableHistogram h = reader.nextIntervalHistogram(); null != h; h = reader.nextIntervalHistogram())
        {
            recorded += ((org.HdrHistogram.Histogram)h).getTotalCount();
        }
        assertEquals(1_001, recorded, "every sampled latency lands in exactly one interval of the log");

        final RecoveryReportFile.Recorded report = RecoveryReportFile.read(dir);
        assertNotNull(report);
        assertEquals(0, report.report().journalTail());
        assertTrue(report.startedEpochMillis() > 0);
    }

    @Test
    void shouldWriteObservationFilesOwnerOnly() throws Exception
    {
        try (Engine engine = builder(dir, Pipeline.builder().stage("p", ctx -> { }).build()).build())
        {
            engine.start();
            assertTrue(engine.stop(STOP));
        }
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve(EngineStat.LATENCY_LOG_FILE_NAME))));
        assertEquals("rw-------", PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve(RecoveryReportFile.FILE_NAME))));
    }

    @Test
    void shouldRejectBlankDomainCounterNames()
    {
        assertThrows(IllegalArgumentException.class, () -> new DomainCounter(" "));
    }
}
