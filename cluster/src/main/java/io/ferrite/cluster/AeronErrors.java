package io.ferrite.cluster;

import io.aeron.CommonContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The distinct errors an Aeron media driver (and the clients on it) recorded in its CnC file, as text for a report.
 */
final class AeronErrors
{
    private AeronErrors()
    {
    }

    /**
     * Map the driver's CnC file for the call and print its error log; not for a hot loop.
     *
     * @param aeronDirectoryName the driver's directory.
     * @return the recorded errors with counts and times, "none" if there are none, or why they could not be read.
     */
    static String describe(final String aeronDirectoryName)
    {
        try
        {
            final CommonContext cnc = new CommonContext().aeronDirectoryName(aeronDirectoryName);
            cnc.conclude();
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final int distinct;
            try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8))
            {
                distinct = cnc.saveErrorLog(out);
            }
            return 0 == distinct ? "none" : text.toString(StandardCharsets.UTF_8);
        }
        catch (final RuntimeException ex)
        {
            return "(cannot read the client media driver's errors: " + ex + ")";
        }
    }
}
