package io.ferrite.dashboard;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A read-only web dashboard for engines running on data directories, served by the JDK's built-in HTTP server. It
 * reads each engine's files from the outside (counters file, latency interval log, last start report, journal and
 * snapshot sizes) once a second on one sampler thread: the engines never know it is there.
 * <ul>
 *   <li>{@code GET /}: the page (HTML, JS and CSS bundled in the jar; nothing from the network);</li>
 *   <li>{@code GET /events}: Server-Sent Events, one JSON message per sample (every second);</li>
 *   <li>{@code GET /api/engines}: the latest sample as JSON;</li>
 *   <li>{@code GET /metrics}: the same counters and latency quantiles in the Prometheus text format.</li>
 * </ul>
 * Anything else is a 404: no part of a request path ever reaches the file system. Use from a command line
 * ({@code ferrite dashboard}) or embed it: {@link #start(List, InetSocketAddress)} ... {@link #close()}.
 */
public final class DashboardServer implements AutoCloseable
{
    /** Sampling (and push) period. */
    public static final long SAMPLE_PERIOD_MILLIS = 1000;
    /** Most pages that may follow the event stream at once; more get a 503. */
    public static final int MAX_STREAMS = 16;

    private static final Map<String, String[]> ASSETS = Map.of(
        "/", new String[]{"index.html", "text/html; charset=utf-8"},
        "/index.html", new String[]{"index.html", "text/html; charset=utf-8"},
        "/app.js", new String[]{"app.js", "text/javascript; charset=utf-8"},
        "/app.css", new String[]{"app.css", "text/css; charset=utf-8"});
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    /** Absent values are written as null, so that every field of the API is always there. */
    private static final JSON JSON_WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private final List<EngineWatcher> watchers;
    private final Map<String, byte[]> assets = new LinkedHashMap<>();
    private final HttpServer server;
    private final ThreadPoolExecutor handlers;
    private final ScheduledExecutorService sampler;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final Object sampleLock = new Object();
    private List<EngineView> latest = List.of();
    private byte[] latestJson;
    private long version;
    private volatile boolean closed;
    /** Bound to loopback only: then requests must name a loopback host (no DNS rebinding from a web page). */
    private final boolean loopbackOnly;

    private DashboardServer(final List<Path> dataDirectories, final InetSocketAddress address) throws IOException
    {
        this.watchers = watchers(dataDirectories);
        this.loopbackOnly = null != address.getAddress() && address.getAddress().isLoopbackAddress();
        for (final String[] asset : ASSETS.values())
        {
            assets.put(asset[0], load(asset[0]));
        }
        latestJson = json(List.of(), System.currentTimeMillis());
        sampleNow();
        final AtomicInteger threadCount = new AtomicInteger();
        handlers = new ThreadPoolExecutor(2, MAX_STREAMS + 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
            r ->
            {
                final Thread t = new Thread(r, "ferrite-dashboard-http-" + threadCount.incrementAndGet());
                t.setDaemon(true);
                return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
        server = HttpServer.create(address, 64);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        sampler = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "ferrite-dashboard-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sampleSafely, SAMPLE_PERIOD_MILLIS, SAMPLE_PERIOD_MILLIS,
            TimeUnit.MILLISECONDS);
        server.start();
    }

    /**
     * Start serving.
     *
     * @param dataDirectories the engines' data directories (they need not exist yet, nor hold a running engine).
     * @param address         where to listen; port 0 picks a free one (see {@link #port()}).
     * @return the running dashboard.
     * @throws IOException if the address cannot be bound.
     * @throws IllegalArgumentException if no data directory is given.
     */
    public static DashboardServer start(final List<Path> dataDirectories, final InetSocketAddress address)
        throws IOException
    {
        Objects.requireNonNull(address, "address");
        if (dataDirectories.isEmpty())
        {
            throw new IllegalArgumentException("at least one data directory is needed");
        }
        return new DashboardServer(dataDirectories, address);
    }

    /**
     * @return the port it listens on.
     */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /**
     * @return the page's address.
     */
    public URI uri()
    {
        final InetSocketAddress address = server.getAddress();
        final String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" :
            address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
    }

    /** Stop serving and sampling; open event streams end. Idempotent. */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        sampler.shutdownNow();
        synchronized (sampleLock)
        {
            sampleLock.notifyAll();
        }
        server.stop(0);
        handlers.shutdownNow();
        try
        {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static List<EngineWatcher> watchers(final List<Path> directories)
    {
        final List<EngineWatcher> result = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (final Path directory : directories)
        {
            final Path fileName = directory.toAbsolutePath().normalize().getFileName();
            final String base = null == fileName ? "engine" : fileName.toString();
            String name = base;
            for (int i = 2; !names.add(name); i++)
            {
                name = base + "-" + i;
            }
            result.add(new EngineWatcher(name, directory));
        }
        return result;
    }

    private static byte[] load(final String asset) throws IOException
    {
        try (InputStream in = DashboardServer.class.getResourceAsStream("assets/" + asset))
        {
            if (null == in)
            {
                throw new IOException("dashboard asset " + asset + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private void sampleSafely()
    {
        try
        {
            sampleNow();
        }
        catch (final RuntimeException | Error ex)
        {
            // One bad read must not end sampling: the next tick tries again, and the page shows what it can.
            System.err.println("ferrite dashboard: sampling failed: " + ex);
        }
    }

    private void sampleNow()
    {
        final long now = System.currentTimeMillis();
        final List<EngineView> views = new ArrayList<>(watchers.size());
        for (final EngineWatcher watcher : watchers)
        {
            EngineView view;
            try
            {
                view = watcher.sample(now);
            }
            catch (final RuntimeException ex)
            {
                view = new EngineView(watcher.name(), "", now);
                view.status = EngineView.STATUS_UNREADABLE;
                view.problem = String.valueOf(ex);
            }
            views.add(view);
        }
        final byte[] json = json(views, now);
        synchronized (sampleLock)
        {
            latest = List.copyOf(views);
            latestJson = json;
            version++;
            sampleLock.notifyAll();
        }
    }

    private static byte[] json(final List<EngineView> views, final long now)
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("sampleEpochMillis", now);
        final List<Object> engines = new ArrayList<>(views.size());
        for (final EngineView view : views)
        {
            engines.add(view.toJson());
        }
        root.put("engines", engines);
        try
        {
            return JSON_WRITER.asBytes(root);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            securityHeaders(exchange);
            if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (loopbackOnly && !isLoopbackHost(exchange.getRequestHeaders().getFirst("Host")))
            {
                // A page elsewhere whose name was re-pointed at 127.0.0.1 (DNS rebinding) must not read the engines.
                send(exchange, 403, "text/plain; charset=utf-8",
                    "this dashboard answers only to a loopback host name\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            final String path = exchange.getRequestURI().getRawPath();
            final String[] asset = ASSETS.get(path);
            if (null != asset)
            {
                send(exchange, 200, asset[1], assets.get(asset[0]));
            }
            else if ("/api/engines".equals(path))
            {
                final byte[] body;
                synchronized (sampleLock)
                {
                    body = latestJson;
                }
                send(exchange, 200, JSON_TYPE, body);
            }
            else if ("/metrics".equals(path))
            {
                final List<EngineView> views;
                synchronized (sampleLock)
                {
                    views = latest;
                }
                final ByteArrayOutputStream text = new ByteArrayOutputStream();
                PrometheusExposition.write(views, text);
                send(exchange, 200, PrometheusExposition.CONTENT_TYPE, text.toByteArray());
            }
            else if ("/events".equals(path))
            {
                stream(exchange);
            }
            else
            {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        catch (final IOException ex)
        {
            // The client went away mid-response: nothing to tell it.
        }
    }

    static boolean isLoopbackHost(final String hostHeader)
    {
        if (null == hostHeader || hostHeader.isEmpty())
        {
            return false;
        }
        final String host;
        if (hostHeader.startsWith("["))
        {
            final int end = hostHeader.indexOf(']');
            host = end < 0 ? hostHeader : hostHeader.substring(1, end);
        }
        else
        {
            final int colon = hostHeader.lastIndexOf(':');
            host = colon < 0 ? hostHeader : hostHeader.substring(0, colon);
        }
        return "localhost".equalsIgnoreCase(host) || "::1".equals(host) ||
            host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static void securityHeaders(final HttpExchange exchange)
    {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
    }

    private static void send(final HttpExchange exchange, final int status, final String type, final byte[] body)
        throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", type);
        if ("HEAD".equals(exchange.getRequestMethod()))
        {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(body);
        }
    }

    /** Push every new sample to one page until it goes away or the dashboard closes. */
    private void stream(final HttpExchange exchange) throws IOException
    {
        if (!streams.tryAcquire())
        {
            send(exchange, 503, "text/plain; charset=utf-8",
                ("more than " + MAX_STREAMS + " pages follow this dashboard\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        try
        {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            final OutputStream out = exchange.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            long seen = -1;
            while (!closed)
            {
                final byte[] json;
                synchronized (sampleLock)
                {
                    while (version == seen && !closed)
                    {
                        sampleLock.wait(SAMPLE_PERIOD_MILLIS * 5);
                    }
                    seen = version;
                    json = latestJson;
                }
                out.write("data: ".getBytes(StandardCharsets.UTF_8));
                out.write(json);
                out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            streams.release();
        }
    }
}
