package dev.ballast.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver with Selenium WebDriver: the real browser the
 * console's tests use. It fails (never skips) when either program is missing, and stops both processes on close.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Long enough for a health check to fail twice (every 5 s) on a loaded machine. */
    static final Duration WAIT = Duration.ofSeconds(40);

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts chromedriver and a headless Chromium with a fresh profile. */
    static HeadlessChromium start() {
        for (Path program : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(program)) {
                throw new IllegalStateException(program + ": missing (expected: the Debian packages chromium and "
                        + "chromium-driver, which .ci/run installs)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("ballast-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-extensions", "--no-first-run",
                "--window-size=1280,1024", "--user-data-dir=" + profile);
        // the page's console messages and script errors, added to a failed wait's message
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            return new HeadlessChromium(profile, service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens {@code url}. */
    void open(String url) {
        driver.get(url);
    }

    /** Polls {@code condition} until it answers non-null/true or {@link #WAIT} passes (then fails). */
    <T> T await(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT).until(condition);
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; the page at "
                    + driver.getCurrentUrl() + " shows:\n" + driver.findElement(By.tagName("body")).getText()
                    + "\nits console:\n" + browserLog(), e);
        }
    }

    /** The visible element {@code css} selects, once it exists. */
    WebElement element(String css) {
        return await(css + " on the page", d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    /** The text of the first element {@code css} selects now, or null when there is none (the page re-renders). */
    String textNow(String css) {
        try {
            var found = driver.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return null;
        }
    }

    /** Waits until the element {@code css} selects shows exactly {@code text}. */
    void awaitText(String css, String text) {
        await(css + " showing '" + text + "'", d -> text.equals(textNow(css)));
    }

    /** What the page wrote to its console (script errors included) since the last call. */
    String browserLog() {
        StringBuilder out = new StringBuilder();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
        }
        return out.toString();
    }

    /** A PNG of the window. */
    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a profile file Chromium still wrote while exiting; the temporary directory is the OS's to clean
        }
    }
}
