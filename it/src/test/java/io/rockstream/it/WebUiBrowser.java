package io.rockstream.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * Headless Chromium driven through ChromeDriver, both from Debian's packages ({@code chromium},
 * {@code chromium-driver}), installed when missing. Both executables are given explicitly, so
 * Selenium Manager never runs (it would try to download a browser). Every page the web UI
 * redraws each second, so waits ignore elements that went stale between two reads.
 */
final class WebUiBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Dimension WINDOW = new Dimension(1280, 800);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int TALLEST_SCREENSHOT = 2400;

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path screenshots;

    private WebUiBrowser(ChromeDriverService service, ChromeDriver driver, Path screenshots) {
        this.service = service;
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** Starts the browser with a fresh profile in {@code profile}; screenshots go to {@code screenshots}. */
    static WebUiBrowser start(Path profile, Path screenshots) {
        DebianPackages.ensureCommand("chromium", CHROMIUM.toString(), "--version");
        DebianPackages.ensureCommand("chromium-driver", CHROMEDRIVER.toString(), "--version");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight(),
                "--user-data-dir=" + profile.toAbsolutePath());
        try {
            Files.createDirectories(profile);
            Files.createDirectories(screenshots);
            service.start();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException failure) {
            service.stop();
            throw failure;
        }
        WebUiBrowser browser = new WebUiBrowser(service, driver, screenshots);
        browser.viewport(WINDOW.getHeight());
        return browser;
    }

    /**
     * Makes the page's viewport exactly 1280 pixels wide and {@code height} high: a window's
     * size includes the browser's frame, whose height varies between Chromium versions.
     */
    private void viewport(int height) {
        viewport(WINDOW.getWidth(), height);
    }

    /** Makes the viewport {@code width} x {@code height} pixels (the page gets a resize event). */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens {@code url} and waits until the app has drawn its first page. */
    void open(String url) {
        driver.get(url);
        waitFor("the app to start", webDriver -> !webDriver.findElements(By.cssSelector("#main .page")).isEmpty());
    }

    /**
     * Waits until {@code condition} returns a value other than null or false; {@code what}
     * names it in the timeout's message.
     */
    <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return new FluentWait<WebDriver>(driver)
                .withTimeout(TIMEOUT)
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .withMessage(() -> "waiting for " + what + " on " + driver.getCurrentUrl())
                .until(condition);
    }

    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /**
     * Saves the page as {@code name}.png, 1280 pixels wide: the whole page, up to a height of
     * 2,400 pixels (the viewport grows for the shot, then returns to 1280x800).
     */
    Path screenshot(String name) {
        Number height = (Number) script("return document.documentElement.scrollHeight;");
        int tall = Math.min(TALLEST_SCREENSHOT, Math.max(WINDOW.getHeight(), height.intValue()));
        try {
            viewport(tall);
            // two animation frames: the page lays out and paints at the new size before the shot
            ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " requestAnimationFrame(() => requestAnimationFrame(done));");
            Path target = screenshots.resolve(name + ".png");
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
            return target;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } finally {
            viewport(WINDOW.getHeight());
        }
    }

    /** The browser console's messages so far, for failure messages. */
    List<String> console() {
        try {
            return driver.manage().logs().get("browser").getAll().stream().map(Object::toString).toList();
        } catch (RuntimeException unsupported) {
            return List.of();
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
