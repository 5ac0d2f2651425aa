package io.ferrite.tools;

import io.ferrite.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ferrite dashboard --data DIR [--data DIR2 ...]}: a live web page (and Prometheus {@code /metrics}) for the
 * engines running on those data directories, read from their files by this separate process: read-only, and costing
 * the engines nothing. Runs until Ctrl-C.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
        "Serve a live dashboard of the engines on one or more data directories: rates, lags, ring fill, latency " +
            "percentiles, snapshots, errors, the last start's recovery, journal size and the workload's own " +
            "counters, pushed every second. Also /metrics (Prometheus text format) and /api/engines (JSON).",
        "Read-only, from its own process; binds to 127.0.0.1 unless --bind says otherwise. Runs until Ctrl-C."})
final class DashboardCommand extends AbstractCommand
{
    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "A data directory to watch (repeatable). It need not exist yet or hold a running engine.")
    List<Path> data;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
        description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Anything else " +
            "shows the engines to the network: the page has no authentication.")
    String bind;

    /**
     * @return {@link FerriteMain#EXIT_OK} after Ctrl-C, or a failure if the address cannot be bound.
     */
    @Override
    public Integer call()
    {
        if (port < 0 || port > 65535)
        {
            throw usageError("--port must be in [0, 65535], was " + port);
        }
        final Set<Path> distinct = new HashSet<>();
        for (final Path directory : data)
        {
            if (Files.isRegularFile(directory))
            {
                throw usageError("--data " + directory + " is a file: give an engine's data directory");
            }
            if (!distinct.add(directory.toAbsolutePath().normalize()))
            {
                throw usageError("--data " + directory + " is given twice");
            }
        }
        final InetAddress address;
        try
        {
            address = InetAddress.getByName(bind);
        }
        catch (final UnknownHostException ex)
        {
            throw usageError("--bind: cannot resolve '" + bind + "'");
        }
        try (InterruptHook interrupt = new InterruptHook(TimeUnit.SECONDS.toMillis(5));
            DashboardServer server = start(new InetSocketAddress(address, port)))
        {
            if (json())
            {
                jsonWriter().beginObject()
                    .field("ok", true)
                    .field("url", server.uri().toString())
                    .field("port", server.port())
                    .field("engines", data.size())
                    .endObject().finish();
            }
            else
            {
                out().printf("ferrite dashboard: %d engine(s) at %s (metrics at %smetrics); Ctrl-C to stop%n",
                    data.size(), server.uri(), server.uri());
                out().flush();
            }
            while (!interrupt.requested())
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
        return FerriteMain.EXIT_OK;
    }

    private DashboardServer start(final InetSocketAddress address)
    {
        try
        {
            return DashboardServer.start(data, address);
        }
        catch (final IOException ex)
        {
            throw new ToolException("cannot listen on " + address + ": " + ex.getMessage(), ex);
        }
    }
}
