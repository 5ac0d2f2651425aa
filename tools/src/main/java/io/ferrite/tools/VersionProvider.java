package io.ferrite.tools;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code ferrite --version}: the project version written into {@code version.properties} by the build, and the JVM it
 * runs on (the JVM matters: the jar's manifest grants different access on different JDKs).
 */
final class VersionProvider implements IVersionProvider
{
    private static final String RESOURCE = "version.properties";

    /**
     * @return the lines to print.
     * @throws IOException if the version resource cannot be read.
     */
    @Override
    public String[] getVersion() throws IOException
    {
        return new String[] {
            "ferrite " + version(),
            "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") +
                " (" + System.getProperty("java.home") + ")"
        };
    }

    /**
     * @return the project version, e.g. {@code 0.1.0-SNAPSHOT}.
     * @throws IOException if the version resource is missing or unreadable (a broken build).
     */
    static String version() throws IOException
    {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IOException("resource " + RESOURCE + " is missing next to " +
                    VersionProvider.class.getName());
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        }
    }
}
