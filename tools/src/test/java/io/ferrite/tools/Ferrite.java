package io.ferrite.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
     * @param args the command line.
     * @return what it did.
     */
    static Result run(final String... args)
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
