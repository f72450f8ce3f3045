package io.ballast.ops.run;

import static io.ballast.ops.run.RunningBallast.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's, driven through its chromedriver; never a
 * downloaded browser): it loads, shows every chain and asset of the simulated desk, updates as
 * events arrive, and leaves a screenshot in {@code target/dashboard.png} for people to look at.
 */
class DashboardBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @Test
    void theDashboardShowsEveryChainAndAssetAndUpdatesLive(@TempDir Path dir) throws Exception {
        assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "Debian's chromium and chromium-driver are needed (apt-get install chromium chromium-driver; .ci/run does it)");
        try (RunningBallast ballast = new RunningBallast(dir, 20, "")) {
            await("every chain live", Duration.ofSeconds(60), () -> ballast.get("/ready").statusCode() == 200);
            ChromeDriver browser = chromium(dir.resolve("chromium-profile"));
            try {
                browser.get(ballast.url("/"));
                // the page redraws its sections on every picture, so elements are found afresh each time
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.ignoring(StaleElementReferenceException.class);
                wait.until(page -> page.findElement(By.id("connection")).getText().equals("live"));
                for (String chain : List.of("ethereum", "arbitrum", "optimism", "base")) {
                    String row = wait.until(page -> page.findElement(By.id("chain-" + chain)).getText());
                    assertTrue(row.startsWith(chain), row);
                }
                for (String asset : List.of("ETH", "USDC", "WETH")) {
                    String row = wait.until(page -> page.findElement(By.id("asset-" + asset)).getText());
                    assertTrue(row.startsWith(asset), row);
                }
                for (String chain : List.of("arbitrum", "optimism", "base")) {
                    String bar = wait.until(page -> page.findElement(By.id("allocation-USDC-" + chain)).getText());
                    assertTrue(bar.matches(chain + "\\s+\\d+\\.\\d% / (10\\.0|6\\.0|8\\.0)%"), "allocation against target: " + bar);
                }
                assertEquals("orders: monitor-only", wait.until(page -> page.findElement(By.id("actions")).getText()));
                long first = Long.parseLong(wait.until(page -> page.findElement(By.id("input-seq")).getText()));
                wait.until(page -> Long.parseLong(page.findElement(By.id("input-seq")).getText()) > first + 100);
                wait.until(page -> !page.findElements(By.cssSelector("#recent li")).isEmpty());
                Path screenshot = Path.of("target", "dashboard.png");
                Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
                assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the dashboard in " + screenshot.toAbsolutePath());
            } finally {
                browser.quit();
            }
        }
    }

    private static ChromeDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // background networking off: this machine's closed network refuses Chromium's own calls home
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1400", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
