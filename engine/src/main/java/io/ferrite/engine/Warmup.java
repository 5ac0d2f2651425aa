package io.ferrite.engine;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.Sink;
import io.ferrite.engine.processor.Workload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The JIT warm-up an engine runs before it starts (see {@link EngineBuilder#warmup(Workload, long)}): a scratch engine
 * with the same ring, wait, threading and flush settings, a fresh pipeline of the workload and a sink that discards, driven flat
 * out with the workload's own events, in a scratch directory inside the data directory that is deleted afterwards.
 * <p>
 * Compiled code is shared by every engine of the JVM, so the real engine's journaller, processors and sinks then run
 * compiled from their first event; no state, file or output of the scratch engine survives it.
 * <p>
 * Best effort: if the workload's generator or a processor throws, or the scratch engine halts, the warm-up ends there
 * quietly and the real engine starts as it would have; it meets the same fault itself and reports it there.
 */
final class Warmup
{
    /** Name of the scratch engine's data directory, inside the real one. */
    static final String SCRATCH_DIRECTORY = ".warmup-scratch";

    private Warmup()
    {
    }

    static void runIfConfigured(final EngineConfiguration config)
    {
        if (config.warmupEvents <= 0 || null == config.warmupWorkload)
        {
            return;
        }
        final Path scratch = config.dataDirectory.resolve(SCRATCH_DIRECTORY);
        // A warm-up killed half way leaves its directory behind: start from nothing.
        delete(scratch);
        try
        {
            run(config, scratch);
        }
        finally
        {
            delete(scratch);
        }
    }

    private static void run(final EngineConfiguration config, final Path scratch)
    {
        final Workload workload = config.warmupWorkload;
        final Sink discard = (output, endOfBatch) ->
        {
        };
        try (Engine engine = Engine.builder()
            .dataDirectory(scratch)
            .flushPolicy(config.flushPolicy)
            .ringSize(config.ringSize)
            .maxEventLength(workload.maxEventLength())
            .producerType(ProducerType.SINGLE)
            .waitStrategy(config.waitStrategy)
            // An invoker engine is driven by its host, which is not running yet: warm up on engine threads.
            .threadingMode(ThreadingMode.INVOKER == config.threadingMode ? null : config.threadingMode)
            .pipeline(workload.newPipeline())
            .sink("warmup", discard)
            .snapshotEvery(0)
            .digestEvery(0)
            .minFreeSpaceBytes(config.minFreeSpaceBytes)
            .latencySampleEvery(config.latencySampleEvery)
            .stopTimeout(config.stopTimeout)
            .errorHandler((cause, sequence, component) ->
            {
            })
            .build())
        {
            engine.start();
            final EventGenerator generator = workload.newGenerator(0);
            final EventClaim claim = new EventClaim();
            final long events = config.warmupEvents;
            for (long i = 0; i < events; i++)
            {
                engine.claim(claim);
                try
                {
                    generator.generate(claim);
                }
                catch (final RuntimeException ex)
                {
                    claim.abort();
                    break;
                }
                claim.commit();
            }
            engine.stop(config.stopTimeout);
        }
        catch (final IllegalStateException ex)
        {
            // claim() refuses once the scratch engine halted: the warm-up is over.
        }
    }

    private static void delete(final Path directory)
    {
        try
        {
            Files.walkFileTree(directory, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                    throws IOException
                {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path dir, final IOException ex) throws IOException
                {
                    if (null != ex)
                    {
                        throw ex;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final NoSuchFileException ignore)
        {
            // Nothing to delete.
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete the warm-up directory " + directory, ex);
        }
    }
}
