package io.ferrite.engine;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.ferrite.journal.DataFiles;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Keeps the JVM's optimising compiler (C2) from starting any new compilation once the warm-up has compiled the hot
 * path (see {@link EngineBuilder#freezeCompilerAfterWarmup(boolean)}); a compilation already queued still finishes.
 * <p>
 * Why: with as many busy-spinning threads as cores, every millisecond the compiler runs is taken from a spinner, in
 * scheduler slices of about 4 ms. Measured on 2 cores ({@code ferrite run --rate 100000 --threading shared --wait
 * busy_spin}, a {@code perf} scheduler trace beside it): about half of the events delayed by stalls of 0.5 ms or more
 * were delayed while the C2 thread held a spinner's core, recompiling methods the run had reached in ways the warm-up
 * had not (an index write of the journal every 128 excerpts, the first snapshot's serialiser, a deoptimised append).
 * Frozen, such methods are compiled by C1, the quick compiler, in a fraction of the time (with tiered compilation,
 * HotSpot's default; without it there is no C1, and the freeze is refused); code C2 already compiled stays.
 * <p>
 * How: a HotSpot compiler directive, {@code [ { match: "*.*", c2: { Exclude: true } } ]}, added through the JVM's
 * {@code DiagnosticCommand} MBean ({@code Compiler.directives_add}, the command {@code jcmd} sends). The command
 * reads the directive from a file, so the file is written inside the data directory, with the data files'
 * permissions (owner-only by default), and deleted right after. A method C2 was asked for while the directive
 * holds is marked as not for C2 for good. It affects the whole JVM for the rest of its life, other code the process
 * runs included, so it is applied only when asked for, and once per JVM.
 * <p>
 * Best effort: a JVM without the command (not HotSpot, or without the {@code jdk.management} module), one without C1
 * or C2, or a data directory that cannot take the file leaves the compiler as it was; {@link #apply} says why.
 */
final class CompilerFreeze
{
    /** The directive: no method is compiled by C2 from now on. */
    static final String DIRECTIVE = "[ { match: \"*.*\", c2: { Exclude: true } } ]";
    /** Name of the directive's file in the data directory, while it is read. */
    static final String FILE_NAME = ".compiler-directive.json";

    private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";
    private static final String[] ONE_STRING_ARRAY = {String[].class.getName()};

    private static boolean applied;

    private CompilerFreeze()
    {
    }

    /**
     * Freeze the optimising compiler, once per JVM.
     *
     * @param dataDirectory where the directive's file is written for the moment the JVM reads it.
     * @return null if the compiler is frozen (now or before), otherwise why not.
     */
    static synchronized String apply(final Path dataDirectory)
    {
        if (applied)
        {
            return null;
        }
        final String unsuitable = unsuitableCompilers();
        if (null != unsuitable)
        {
            return unsuitable;
        }
        final Path file = dataDirectory.resolve(FILE_NAME).toAbsolutePath();
        try
        {
            Files.deleteIfExists(file);
            DataFiles.createFile(file);
            Files.writeString(file, DIRECTIVE, StandardCharsets.US_ASCII);
            final Object result = diagnosticCommand("compilerDirectivesAdd", file.toString());
            // The command reports a refused directive in its output rather than by an exception.
            final String output = String.valueOf(result);
            if (!output.contains("1 compiler directives added"))
            {
                return "the JVM did not take the compiler directive: " + output.trim();
            }
            applied = true;
            return null;
        }
        catch (final IOException ex)
        {
            return "cannot write " + file + ": " + ex;
        }
        catch (final JMException | RuntimeException | LinkageError ex)
        {
            // The MBean's failure wraps the command's: name the innermost cause.
            Throwable cause = ex;
            while (null != cause.getCause() && cause.getCause() != cause)
            {
                cause = cause.getCause();
            }
            return "the JVM's Compiler.directives_add command failed: " + cause;
        }
        finally
        {
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ignore)
            {
                // a file left behind is harmless: nothing reads it, and the next freeze replaces it
            }
        }
    }

    /**
     * @return null if this JVM compiles with C1 and C2 (tiered compilation), else why a freeze makes no sense here:
     * without C1 the methods C2 would have compiled stay interpreted; without C2 there is nothing to freeze.
     */
    private static String unsuitableCompilers()
    {
        try
        {
            final HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!Boolean.parseBoolean(hotSpot.getVMOption("TieredCompilation").getValue()))
            {
                return "tiered compilation is off (-XX:-TieredCompilation): without C1, what C2 may not compile " +
                    "would stay interpreted";
            }
            final String mode = hotSpot.getVMOption("CompilationMode").getValue();
            if (mode.startsWith("high-only"))
            {
                return "C1 is off (-XX:CompilationMode=" + mode + "): what C2 may not compile would stay interpreted";
            }
            if (Integer.parseInt(hotSpot.getVMOption("TieredStopAtLevel").getValue()) < 4 || "quick-only".equals(mode))
            {
                return "C2 is off already (-XX:TieredStopAtLevel below 4, or -XX:CompilationMode=quick-only)";
            }
            return null;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return "cannot read this JVM's compiler settings: " + ex;
        }
    }

    /**
     * @return true once {@link #apply} has frozen the compiler in this JVM.
     */
    static synchronized boolean isApplied()
    {
        return applied;
    }

    /**
     * Run one of the JVM's diagnostic commands that takes a single string argument (or none).
     *
     * @param operation the MBean operation, e.g. {@code compilerDirectivesPrint}.
     * @param argument  its argument, or null for none.
     * @return the command's output.
     * @throws JMException if the JVM has no such command or it failed.
     */
    static String diagnosticCommand(final String operation, final String argument) throws JMException
    {
        final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        final Object[] arguments = {null == argument ? new String[0] : new String[] {argument}};
        return String.valueOf(server.invoke(new ObjectName(MBEAN), operation, arguments, ONE_STRING_ARRAY));
    }

    /**
     * For tests in a JVM that goes on running other tests: take the directive off again.
     *
     * @throws JMException if the JVM refused.
     */
    static synchronized void undoForTests() throws JMException
    {
        if (applied)
        {
            diagnosticCommand("compilerDirectivesRemove", null);
            applied = false;
        }
    }
}
