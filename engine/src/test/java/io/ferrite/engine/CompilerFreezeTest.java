package io.ferrite.engine;

import io.ferrite.engine.processor.Pipeline;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EngineBuilder#freezeCompilerAfterWarmup(boolean)}: after the warm-up the JVM compiles nothing more with C2.
 * Checked on the JVM itself through its {@code Compiler.codelist} command: a method made hot before the freeze reaches
 * C2 (level 4); one made as hot after it, for three times as long, stays with C1 (levels 1-3). The directive is taken
 * off again afterwards; the methods C2 was asked for while it held (this test's, and whatever else of the test JVM
 * became hot in those seconds) stay with C1 for the rest of this JVM, which costs the later tests a little speed,
 * not behaviour.
 */
class CompilerFreezeTest
{
    private static final long WARMUP_EVENTS = 2_000;
    private static final long COMPILED_WITHIN_MILLIS = 30_000;
    private static final long MIN_HOT_MILLIS = 2_000;

    @TempDir
    Path dir;

    @AfterEach
    void unfreeze() throws Exception
    {
        CompilerFreeze.undoForTests();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void shouldLeaveMethodsThatBecomeHotAfterTheWarmupToTheQuickCompiler() throws Exception
    {
        // Control: without the freeze, a hot method reaches C2. A JVM that never did would make the check below mean
        // nothing.
        final long startNanos = System.nanoTime();
        assertEquals(4, makeHot("hotBeforeFreeze", CompilerFreezeTest::hotBeforeFreeze, COMPILED_WITHIN_MILLIS),
            "C2 compiles a hot method in this JVM");
        final long c2Millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);

        final SummingProcessor real = new SummingProcessor(false);
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", real).build())
            .warmup(new WarmupTest.CountingWorkload(), WARMUP_EVENTS)
            .freezeCompilerAfterWarmup(true)
            .build())
        {
            assertNull(engine.compilerFreeze(), "nothing is frozen before start()");
            engine.start();
            assertEquals(Engine.COMPILER_FROZEN, engine.compilerFreeze());
            assertTrue(CompilerFreeze.diagnosticCommand("compilerDirectivesPrint", null).contains("Exclude:true"),
                "the JVM holds the directive");
            assertFalse(Files.exists(dir.resolve(CompilerFreeze.FILE_NAME)), "the directive's file is deleted");

            final int level = makeHot("hotAfterFreeze", CompilerFreezeTest::hotAfterFreeze,
                Math.max(3 * c2Millis, MIN_HOT_MILLIS));
            assertTrue(level >= 1 && level <= 3,
                "a method hot only after the freeze is compiled by C1 and never by C2, compiled at level " + level);

            EngineTestSupport.publishUpTo(engine, 100);
            assertTrue(engine.stop(EngineTestSupport.STOP));
            assertEquals(EngineTestSupport.referenceDigest(100), real.stateDigest());
        }
    }

    @Test
    void shouldNotFreezeUnlessAsked()
    {
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false))
                .build())
            .warmup(new WarmupTest.CountingWorkload(), WARMUP_EVENTS)
            .build())
        {
            engine.start();
            assertNull(engine.compilerFreeze());
            assertFalse(CompilerFreeze.isApplied());
        }
    }

    @Test
    void shouldNotFreezeAfterAWarmupThatEndedEarly()
    {
        final WarmupTest.CountingWorkload workload = new WarmupTest.CountingWorkload();
        workload.failAt = WARMUP_EVENTS / 4;
        try (Engine engine = EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false))
                .build())
            .warmup(workload, WARMUP_EVENTS)
            .freezeCompilerAfterWarmup(true)
            .build())
        {
            engine.start();
            assertEquals("not frozen: the warm-up ended early, before the hot path was compiled",
                engine.compilerFreeze());
            assertFalse(CompilerFreeze.isApplied());
        }
    }

    @Test
    void shouldRefuseAFreezeWithoutAWarmup()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> EngineTestSupport.builder(dir, Pipeline.builder().stage("sum", new SummingProcessor(false)).build())
                .freezeCompilerAfterWarmup(true)
                .build());
        assertTrue(refused.getMessage().contains("needs a warm-up"), refused.getMessage());
    }

    /**
     * Call {@code method} until the JVM lists it compiled by C2 (level 4), for at most {@code millis}.
     *
     * @return the highest level the JVM lists it at then, 0 if none.
     */
    private static int makeHot(final String name, final LongOp method, final long millis) throws Exception
    {
        final long deadline = System.currentTimeMillis() + millis;
        long sink = 0;
        int highest = 0;
        while (System.currentTimeMillis() < deadline)
        {
            for (int i = 0; i < 20_000; i++)
            {
                sink += method.apply(i);
            }
            highest = compiledLevel(name);
            if (4 == highest)
            {
                break;
            }
            Thread.sleep(5);
        }
        assertTrue(sink != 42, "keeps the calls");
        return highest;
    }

    /** @return the highest level the JVM's code cache holds {@code CompilerFreezeTest.name} at, 0 for none. */
    private static int compiledLevel(final String name) throws Exception
    {
        // Lines look like: "1234 4 0 io.ferrite.engine.CompilerFreezeTest.hotBeforeFreeze(J)J [0x..., ...] 123 bytes"
        final Matcher line = Pattern.compile("^\\d+ (\\d) \\d+ " + Pattern.quote(
            CompilerFreezeTest.class.getName() + "." + name + "("), Pattern.MULTILINE)
            .matcher(CompilerFreeze.diagnosticCommand("compilerCodelist", null));
        int highest = 0;
        while (line.find())
        {
            highest = Math.max(highest, Integer.parseInt(line.group(1)));
        }
        return highest;
    }

    private static long hotBeforeFreeze(final long x)
    {
        return (x * 31) ^ (x >>> 3);
    }

    private static long hotAfterFreeze(final long x)
    {
        return (x * 37) ^ (x >>> 5);
    }

    @FunctionalInterface
    private interface LongOp
    {
        long apply(long x);
    }
}
