package io.ferrite.engine;

import io.ferrite.engine.processor.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.ferrite.engine.EngineTestSupport.STOP;
import static io.ferrite.engine.EngineTestSupport.builder;
import static io.ferrite.engine.EngineTestSupport.publishUpTo;
import static io.ferrite.engine.EngineTestSupport.referenceDigest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineConfigurationTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNotLetABuilderChangedAfterBuildChangeTheEngine()
    {
        final SummingProcessor processor = new SummingProcessor(false);
        final EngineBuilder builder = builder(dir, Pipeline.builder().stage("sum", processor).build())
            .threadingMode(ThreadingMode.SHARED);
        try (Engine engine = builder.build())
        {
            builder.threadingMode(ThreadingMode.DEDICATED).dataDirectory(dir.resolve("elsewhere")).ringSize(2);
            engine.start();
            assertEquals(ThreadingMode.SHARED, engine.threadingMode());
            publishUpTo(engine, 5_000);
            assertTrue(engine.stop(STOP));
        }
        assertEquals(referenceDigest(5_000), processor.stateDigest());
        assertTrue(dir.resolve("journal").toFile().isDirectory(), "the data directory given before build()");
    }

    @Test
    void shouldRefuseToBuildTwoEnginesOverTheSameProcessors()
    {
        final EngineBuilder builder = builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build());
        builder.build().close();
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(ex.getMessage().contains("another engine"), ex.getMessage());
    }

    @Test
    void shouldNameTheFirstBadSettingBeforeAnythingStarts()
    {
        final IllegalArgumentException ring = assertThrows(IllegalArgumentException.class,
            () -> builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build()).ringSize(1000)
                .build());
        assertTrue(ring.getMessage().startsWith("ringSize must be a power of two"), ring.getMessage());
        final IllegalArgumentException pin = assertThrows(IllegalArgumentException.class,
            () -> builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build())
                .threadingMode(ThreadingMode.SHARED).pin("journaller", 0).build());
        assertTrue(pin.getMessage().contains("SHARED engine runs one thread"), pin.getMessage());
        final IllegalArgumentException invoker = assertThrows(IllegalArgumentException.class,
            () -> builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build())
                .threadingMode(ThreadingMode.INVOKER).pin("sum", 0).build());
        assertTrue(invoker.getMessage().contains("INVOKER engine has no threads"), invoker.getMessage());
        assertTrue(!dir.resolve("journal").toFile().exists(), "nothing was created");
    }
}
