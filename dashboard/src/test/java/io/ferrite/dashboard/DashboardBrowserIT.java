package io.ferrite.dashboard;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard as a person sees it: a real headless Chromium (Debian's {@code chromium} driven through its
 * {@code chromedriver}) opens the page against a real running trading engine, and the test checks that the counters
 * on the page go up, that the charts are drawn, that a hostile directory name shows as text, and saves a screenshot
 * ({@code target/dashboard-trading.png}).
 * <p>
 * Without Chromium the test fails when {@code CI=true} (CI installs it; see {@code .ci/run}) and is skipped,
 * loudly, elsewhere.
 */
@Tag("slow")
@Timeout(180)
class DashboardBrowserIT
{
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";

    @TempDir
    Path root;

    @Test
    void shouldShowLiveCountersAndChartsOfARunningEngine() throws Exception
    {
        requireChromium();
        final Path trading = root.resolve("trading");
        final Path hostile = Files.createDirectories(root.resolve(HOSTILE_NAME));
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1400,1500",
            "--user-data-dir=" + Files.createDirectories(root.resolve("chromium-profile")));
        try (RunningEngine engine = new RunningEngine(trading, 20_000);
            DashboardServer server = DashboardServer.start(List.of(trading, hostile),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            assertTrue(engine.engine().isRunning());
            final ChromeDriver driver = new ChromeDriver(service, options);
            try
            {
                driver.manage().window().setSize(new Dimension(1400, 1500));
                driver.get(server.uri().toString());
                final JavascriptExecutor js = driver;
                final String published = "section[data-engine='trading'] [data-counter='published']";

                final long first = await("the published counter to show a value",
                    () -> longValue(driver.findElements(By.cssSelector(published))), v -> v > 0);
                final long later = await("the published counter to increase",
                    () -> longValue(driver.findElements(By.cssSelector(published))), v -> v > first);
                assertTrue(later > first);

                final long ratePoints = await("the rate chart to draw", () -> points(js, "rates"), v -> v >= 2);
                assertTrue(ratePoints >= 2);
                await("the latency chart to draw", () -> points(js, "latency"), v -> v >= 4);
                assertTrue(paintedPixels(js, "rates") > 100, "the rate chart has lines on it");
                assertTrue(paintedPixels(js, "latency") > 100, "the latency chart has lines on it");
                await("the trades counter in the domain panel", () -> (long)driver.findElements(
                    By.xpath("//section[@data-engine='trading']//td[contains(., 'matching · trades')]")).size(),
                    v -> v == 1);

                assertEquals(0L, ((Number)js.executeScript("return document.querySelectorAll('img').length;"))
                    .longValue(), "a directory name must show as text, never become markup");
                final String hostileText = (String)js.executeScript(
                    "const s = [...document.querySelectorAll('section.engine')].find(e => e.dataset.engine === " +
                    "arguments[0]); return s ? s.querySelector('h2 span').textContent : null;", HOSTILE_NAME);
                assertEquals(HOSTILE_NAME, hostileText);

                final byte[] png = driver.getScreenshotAs(OutputType.BYTES);
                final Path screenshot = Path.of("target", "dashboard-trading.png");
                Files.createDirectories(screenshot.getParent());
                Files.write(screenshot, png);
                assertTrue(png.length > 10_000, "screenshot of " + png.length + " bytes");
            }
            finally
            {
                driver.quit();
            }
        }
    }

    private static void requireChromium()
    {
        final boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (present)
        {
            return;
        }
        final String message = "the dashboard's browser test needs Debian's chromium and chromium-driver (" +
            CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver";
        if ("true".equalsIgnoreCase(System.getenv("CI")))
        {
            fail("CI=true but " + message);
        }
        System.err.println("*************************************************************************************");
        System.err.println("SKIPPED: " + message);
        System.err.println("*************************************************************************************");
        Assumptions.abort("SKIPPED: " + message);
    }

    private static long longValue(final List<WebElement> elements)
    {
        if (elements.isEmpty())
        {
            return -1;
        }
        final String value = elements.get(0).getAttribute("data-value");
        return null == value || value.isEmpty() ? -1 : (long)Double.parseDouble(value);
    }

    private static long points(final JavascriptExecutor js, final String chart)
    {
        final Object value = js.executeScript(
            "const c = document.querySelector(\"section[data-engine='trading'] canvas[data-chart='\" + arguments[0] + " +
            "\"']\"); return c ? Number(c.dataset.points) : -1;", chart);
        return ((Number)value).longValue();
    }

    /** Pixels the chart's lines coloured: the grid and labels are grey, the series are not. */
    private static long paintedPixels(final JavascriptExecutor js, final String chart)
    {
        final Object value = js.executeScript(
            "const c = document.querySelector(\"section[data-engine='trading'] canvas[data-chart='\" + arguments[0] + " +
            "\"']\"); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;" +
            "for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (Math.abs(d[i] - d[i + 1]) > 30 || " +
            "Math.abs(d[i + 1] - d[i + 2]) > 30)) { n++; } } return n;", chart);
        return ((Number)value).longValue();
    }

    private static long await(final String what, final Supplier<Long> probe, final java.util.function.LongPredicate done)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline)
        {
            last = probe.get();
            if (done.test(last))
            {
                return last;
            }
            Thread.sleep(250);
        }
        return fail("timed out waiting for " + what + " (last value " + last + ")");
    }
}
