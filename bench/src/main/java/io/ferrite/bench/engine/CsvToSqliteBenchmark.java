package io.ferrite.bench.engine;

import io.ferrite.bench.BenchFiles;
import io.ferrite.bench.BenchmarkDefaults;
import io.ferrite.bench.alternatives.PlainJdbcCsvToSqliteBenchmark;
import io.ferrite.connectors.file.FileSource;
import io.ferrite.connectors.jdbc.JdbcSink;
import io.ferrite.connectors.text.EventTextCodec;
import io.ferrite.connectors.text.TextFormat;
import io.ferrite.engine.SourceSpec;
import io.ferrite.engine.processor.Workload;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CSV file → fraud scorer → SQLite through the engine: a {@link FileSource}, the journal, the scorer and a tracked
 * {@link JdbcSink}, {@value #EVENTS} transactions per invocation into a fresh data directory and database. Side by
 * side with {@link PlainJdbcCsvToSqliteBenchmark#csvToSqlite}: the same file decoded by the same codec, scored by the
 * same processor and inserted with the same batch size by a hand-written loop on one thread, with no journal and no
 * exactly-once bookkeeping.
 */
public class CsvToSqliteBenchmark extends BenchmarkDefaults
{
    /** Transactions in the file, and per invocation. */
    public static final int EVENTS = 100_000;

    /**
     * The CSV file (per trial) and a fresh run directory (per invocation).
     */
    @State(Scope.Thread)
    public static class CsvState
    {
        private Path files;
        private Path csv;
        private Path run;
        private Workload workload;

        /**
         * Write the fraud workload's first {@value #EVENTS} events as CSV.
         *
         * @throws IOException if the file cannot be written.
         */
        @Setup(Level.Trial)
        public void writeFile() throws IOException
        {
            workload = Workloads.find("fraud");
            files = BenchFiles.newDirectory("csv-to-sqlite");
            csv = files.resolve("transactions.csv");
            writeCsv(workload, csv, EVENTS);
        }

        /**
         * A fresh data directory and database for this invocation.
         */
        @Setup(Level.Invocation)
        public void newRun()
        {
            run = BenchFiles.newDirectory("csv-to-sqlite-run");
        }

        /**
         * Delete the invocation's files.
         */
        @TearDown(Level.Invocation)
        public void deleteRun()
        {
            BenchFiles.delete(run);
        }

        /**
         * Delete the file.
         */
        @TearDown(Level.Trial)
        public void deleteFile()
        {
            BenchFiles.delete(files);
        }

        /**
         * @return the CSV file.
         */
        public Path csv()
        {
            return csv;
        }

        /**
         * @return this invocation's directory.
         */
        public Path run()
        {
            return run;
        }

        /**
         * @return the fraud workload.
         */
        public Workload workload()
        {
            return workload;
        }
    }

    /**
     * @param state the file and directories.
     * @return the last journaled sequence.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long csvToSqlite(final CsvState state)
    {
        final Workload workload = state.workload;
        final JdbcSink sink = new JdbcSink("jdbc:sqlite:" + state.run.resolve("out.db"), "bench",
            workload.eventSchema(), JdbcSink.BATCH_SIZE_DEFAULT, workload.maxEventLength());
        ConnectorRuns.runToEnd(workload, state.run, "sqlite", sink, sink::delivered, SourceSpec.of("csv",
            FileSource.ofFile(state.csv, new EventTextCodec(workload.eventSchema(), TextFormat.CSV))), EVENTS, "rows");
        sink.close();
        return EVENTS;
    }

    /**
     * Write a workload's first events as a CSV source file.
     *
     * @param workload the workload (its generator and schema).
     * @param file     where.
     * @param events   how many.
     * @throws IOException if it cannot be written.
     */
    public static void writeCsv(final Workload workload, final Path file, final int events) throws IOException
    {
        final EventTextCodec codec = new EventTextCodec(workload.eventSchema(), TextFormat.CSV);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16))
        {
            out.write((codec.csvHeader() + "\n").getBytes(StandardCharsets.US_ASCII));
            ConnectorRuns.encodeEvents(workload, codec, events, (line, length) -> out.write(line, 0, length));
        }
    }
}
