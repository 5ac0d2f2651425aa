package io.ferrite.dashboard;

import com.fasterxml.jackson.jr.ob.JSON;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every endpoint of the dashboard over real HTTP, against a real trading engine running in this JVM on a real data
 * directory, and next to it directories that are missing, corrupt or hold a stopped engine.
 */
@Timeout(120)
class DashboardServerTest
{
    @TempDir
    static Path root;

    private static RunningEngine engine;
    private static DashboardServer server;
    private static HttpClient client;
    private static Path trading;
    private static Path corrupt;
    private static Path missing;
    private static Path vanishing;
    private static Path stopped;

    @BeforeAll
    static void start() throws IOException, InterruptedException
    {
        trading = root.resolve("trading");
        corrupt = root.resolve("corrupt");
        missing = root.resolve("missing");
        vanishing = root.resolve("vanishing");
        Files.createDirectories(corrupt);
        Files.write(corrupt.resolve("counters.dat"), new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.writeString(corrupt.resolve("latency.hlog"), "garbage,that,is,not\nan hlog\n");
        Files.createDirectories(vanishing);
        stopped = root.resolve("stopped");
        try (RunningEngine ran = new RunningEngine(stopped, 10_000))
        {
            while (ran.engine().lastPublishedSequence() < 100)
            {
                Thread.sleep(10);
            }
        }
        engine = new RunningEngine(trading, 20_000);
        server = DashboardServer.start(List.of(trading, corrupt, missing, vanishing, stopped),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop()
    {
        if (null != server)
        {
            server.close();
        }
        if (null != engine)
        {
            engine.close();
        }
    }

    @Test
    void shouldServeThePageAndItsBundledAssetsWithStrictHeaders() throws Exception
    {
        final HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"/app.js\">"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        final HttpResponse<String> js = get("/app.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.body().contains("EventSource"));
        assertFalse(js.body().contains("innerHTML"), "server strings must reach the page as text, never as HTML");
        assertEquals(200, get("/app.css").statusCode());
    }

    @Test
    void shouldAnswer404ToAnyOtherPathIncludingTraversals() throws Exception
    {
        for (final String path : List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/app.js/../../pom.xml",
            "/assets/app.js", "/io/ferrite/dashboard/assets/app.js", "/DashboardServer.class", "//etc/passwd"))
        {
            final String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 404"), path + " -> " + response);
            assertFalse(response.contains("root:"), path);
        }
    }

    @Test
    void shouldRefuseRequestsNamingAnotherHostAgainstDnsRebinding() throws Exception
    {
        final String refused = raw("GET /api/engines HTTP/1.1\r\nHost: attacker.example:" + server.port() +
            "\r\nConnection: close\r\n\r\n");
        assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
        assertFalse(refused.contains("trading"), refused);
        final String allowed = raw("GET /api/engines HTTP/1.1\r\nHost: localhost:" + server.port() +
            "\r\nConnection: close\r\n\r\n");
        assertTrue(allowed.startsWith("HTTP/1.1 200"), allowed);
    }

    @Test
    void shouldRefuseMethodsOtherThanGet() throws Exception
    {
        final HttpResponse<String> post = client.send(HttpRequest.newBuilder(server.uri().resolve("/api/engines"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void shouldReportTheRunningEngineAsJsonWithGrowingCountersLatencyAndDomainCounters() throws Exception
    {
        final Map<String, Object> first = awaitEngine("trading",
            e -> number(e, "published") > 0 && !list(map(e, "latency"), "intervals").isEmpty() &&
                !list(map(e, "rates"), "times").isEmpty());
        assertEquals("running", first.get("status"));
        assertTrue(map(first, "processed").containsKey("matching"));
        assertTrue(map(first, "consumed").containsKey("sink:count"));
        assertTrue(map(first, "lag").containsKey("journal"));
        assertEquals(4096L, number(first, "ringCapacity"));
        assertNotNull(first.get("recovery"), "the last start's report");
        final Map<String, Object> interval = map(list(map(first, "latency"), "intervals").get(0));
        assertTrue(number(interval, "maxNanos") >= number(interval, "p50Nanos"));
        assertTrue(number(interval, "count") > 0);

        final long published = number(first, "published");
        final Map<String, Object> later = awaitEngine("trading", e -> number(e, "published") > published &&
            domain(e, "matching", "trades") > 0);
        assertTrue(number(map(later, "journal"), "bytes") > 0);
        assertTrue(number(map(later, "journal"), "segments") > 0);
        assertTrue(map(map(later, "rates"), "series").containsKey("processed: matching"));
    }

    @Test
    void shouldShowMissingCorruptAndVanishedDirectoriesWithoutFailing() throws Exception
    {
        assertEquals("missing", awaitEngine("missing", e -> true).get("status"));
        final Map<String, Object> corruptView = awaitEngine("corrupt", e -> true);
        assertEquals("unreadable", corruptView.get("status"));
        assertTrue(String.valueOf(corruptView.get("problem")).contains("counters"), corruptView.toString());

        final Map<String, Object> stoppedView = awaitEngine("stopped", e -> true);
        assertEquals("stopped", stoppedView.get("status"));
        assertTrue(number(stoppedView, "published") >= 100, stoppedView.toString());
        assertEquals(number(stoppedView, "published"), number(map(stoppedView, "processed"), "matching"),
            "a stopped engine keeps its final counters, drained");

        assertEquals("no engine", awaitEngine("vanishing", e -> true).get("status"));
        Files.delete(vanishing);
        assertEquals("missing", awaitEngine("vanishing", e -> "missing".equals(e.get("status"))).get("status"));
        assertEquals(200, get("/metrics").statusCode());
        assertEquals(200, get("/").statusCode());
    }

    @Test
    void shouldExposePrometheusMetricsWithConventionalNames() throws Exception
    {
        awaitEngine("trading", e -> !list(map(e, "latency"), "intervals").isEmpty() &&
            domain(e, "matching", "trades") > 0);
        final HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        final String text = metrics.body();
        assertTrue(sample(text, "ferrite_events_processed_total{engine=\"trading\",processor=\"matching\"}") > 0,
            text);
        assertTrue(sample(text, "ferrite_events_published_total{engine=\"trading\"}") > 0, text);
        assertTrue(sample(text, "ferrite_domain_events_total{counter=\"trades\",engine=\"trading\"," +
            "processor=\"matching\"}") > 0, text);
        assertTrue(sample(text, "ferrite_latency_seconds{engine=\"trading\",quantile=\"0.99\"}") > 0, text);
        assertTrue(sample(text, "ferrite_latency_seconds_count{engine=\"trading\"}") > 0, text);
        assertEquals(1.0, sample(text, "ferrite_engine_running{engine=\"trading\"}"));
        assertEquals(0.0, sample(text, "ferrite_engine_running{engine=\"corrupt\"}"));
        assertTrue(text.contains("# TYPE ferrite_events_processed_total counter"), text);
        assertTrue(text.contains("# TYPE ferrite_latency_seconds summary"), text);
    }

    @Test
    void shouldPushASampleEverySecondOverServerSentEvents() throws Exception
    {
        final HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("/events")).build();
        final HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)))
        {
            final long begin = System.nanoTime();
            long previousSample = 0;
            int messages = 0;
            while (messages < 3)
            {
                final String line = in.readLine();
                assertNotNull(line, "the stream ended");
                if (line.startsWith("data: "))
                {
                    final Map<String, Object> sample = JSON.std.mapFrom(line.substring(6));
                    final long at = number(sample, "sampleEpochMillis");
                    assertTrue(at > previousSample, "each message is a new sample");
                    previousSample = at;
                    assertEquals(5, ((List<?>)sample.get("engines")).size());
                    messages++;
                }
            }
            final long elapsedMillis = (System.nanoTime() - begin) / 1_000_000;
            assertTrue(elapsedMillis < 6_000, "3 pushes took " + elapsedMillis + " ms; expected one a second");
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private static HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return client.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static String raw(final String request) throws IOException
    {
        final URI uri = server.uri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort()))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Poll /api/engines (a new sample comes every second) until the named engine satisfies the condition. */
    static Map<String, Object> awaitEngine(final String name, final Predicate<Map<String, Object>> condition)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < deadline)
        {
            final HttpResponse<String> response = get("/api/engines");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            for (final Object engine : (List<?>)JSON.std.mapFrom(response.body()).get("engines"))
            {
                final Map<String, Object> view = map(engine);
                if (name.equals(view.get("name")))
                {
                    last = view;
                    if (condition.test(view))
                    {
                        return view;
                    }
                }
            }
            Thread.sleep(200);
        }
        return fail("engine " + name + " never reached the expected state; last seen: " + last);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(final Object value)
    {
        return (Map<String, Object>)value;
    }

    static Map<String, Object> map(final Map<String, Object> parent, final String key)
    {
        return map(parent.get(key));
    }

    static List<?> list(final Map<String, Object> parent, final String key)
    {
        return (List<?>)parent.get(key);
    }

    static long number(final Map<String, Object> parent, final String key)
    {
        return ((Number)parent.get(key)).longValue();
    }

    static long domain(final Map<String, Object> engine, final String processor, final String name)
    {
        for (final Object d : list(engine, "domain"))
        {
            final Map<String, Object> counter = map(d);
            if (processor.equals(counter.get("processor")) && name.equals(counter.get("name")))
            {
                return number(counter, "value");
            }
        }
        return -1;
    }

    private static double sample(final String text, final String series)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertTrue(m.find(), "no sample " + series);
        return Double.parseDouble(m.group(1));
    }
}
