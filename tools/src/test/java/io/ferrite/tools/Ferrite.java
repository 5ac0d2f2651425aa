package io.ferrite.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs {@code ferrite} in this JVM through {@link FerriteMain#execute} and captures what it printed.
 */
final class Ferrite
{
    private Ferrite()
    {
    }

    /**
     * What one command did.
     *
     * @param exitCode its exit code.
     * @param out      what it printed on stdout.
     * @param err      what it printed on stderr.
     */
    record Result(int exitCode, String out, String err)
    {
        /**
         * @return stdout parsed as the one JSON object it must be.
         */
        Map<String, Object> json()
        {
            return Json.parseObject(out);
        }

        /**
         * @return the non-empty lines of stderr.
         */
        String[] errLines()
        {
            return err.lines().filter(line -> !line.isBlank()).toArray(String[]::new);
        }

        @Override
        public String toString()
        {
            return "exit=" + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /**
     * Run a command as a test means it: a {@code run} command that does not say {@code --warmup} gets
     * {@code --warmup 0}. The JIT warm-up ({@code run}'s default of 300,000 events through a scratch engine) costs a
     * second or more per run and changes nothing a test here looks at but time; {@link #runAsTyped} keeps the default,
     * for the tests of the warm-up itself.
     *
     * @param args the command line.
     * @return what it did.
     */
    static Result run(final String... args)
    {
        if (args.length > 0 && "run".equals(args[0]) && Arrays.stream(args).noneMatch(arg -> arg.startsWith("--warmup")))
        {
            return runAsTyped(concat(args, "--warmup", "0"));
        }
        return runAsTyped(args);
    }

    /**
     * @param first the leading arguments.
     * @param more  the arguments to append.
     * @return a new array holding {@code first} then {@code more}.
     */
    static String[] concat(final String[] first, final String... more)
    {
        final String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /**
     * @param args the command line, passed on unchanged.
     * @return what it did.
     */
    static Result runAsTyped(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exitCode;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            exitCode = FerriteMain.execute(args, outStream, errStream);
        }
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
