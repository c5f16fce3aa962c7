package parley.web.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver) driven by Selenium, with the
 * binary and driver named explicitly so nothing tries to download a browser.
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  public final WebDriver driver;
  private final Path profile;

  public Browser() {
    this(null);
  }

  /** A browser that saves downloads into {@code downloads} without asking (null: Chromium's default). */
  public Browser(Path downloads) {
    this(downloads, null);
  }

  /**
   * A browser that trusts the one certificate in this PEM file besides its own authorities (a test
   * server's self-signed one), by its key only: Chromium's {@code --ignore-certificate-errors-spki-list}
   * with that key's SHA-256, so every other certificate is checked as usual.
   */
  public static Browser trusting(Path certificatePem) {
    return new Browser(null, certificatePem);
  }

  private Browser(Path downloads, Path trustedCertificate) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("Chromium is not installed: run the tests with ./parley test, which installs it");
    }
    try {
      profile = Files.createTempDirectory("parley-chromium");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1280,900", "--user-data-dir=" + profile);
    if (trustedCertificate != null) {
      // Chromium honours this list only with a profile of its own (--user-data-dir above).
      options.addArguments("--ignore-certificate-errors-spki-list=" + spkiSha256(trustedCertificate));
    }
    if (downloads != null) {
      // Several downloads from one page are allowed without asking (else Chromium blocks all but the first few).
      options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
          "download.prompt_for_download", false, "profile.default_content_setting_values.automatic_downloads", 1));
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    if (downloads != null) {
      // Headless Chromium: allowed through DevTools as well, so no download waits for a prompt no one sees.
      ((ChromeDriver) driver).executeCdpCommand("Browser.setDownloadBehavior",
          java.util.Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }
  }

  /** The base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as Chromium names a key it trusts. */
  static String spkiSha256(Path certificatePem) {
    try (java.io.InputStream in = Files.newInputStream(certificatePem)) {
      java.security.cert.Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] spki = cert.getPublicKey().getEncoded();
      return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(spki));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("Cannot read the certificate " + certificatePem + ": " + e.getMessage(), e);
    }
  }

  public void open(String url) {
    driver.get(url);
  }

  public <T> T waitFor(String what, Function<WebDriver, T> condition) {
    try {
      // Selenium polls every 500 ms unless told: a page shows most things within milliseconds.
      return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(50)).withMessage(what).until(condition);
    } catch (RuntimeException e) {
      screenshot(what);
      throw e;
    }
  }

  public WebElement visible(String css) {
    return waitFor("visible " + css, d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    });
  }

  /** Waits until the element's text contains {@code text}, and returns the element. */
  public WebElement text(String css, String text) {
    return waitFor(css + " showing \"" + text + "\"", d -> d.findElements(By.cssSelector(css)).stream()
        .filter(e -> e.getText().contains(text)).findFirst().orElse(null));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Saves a screenshot under target/ to see what the page showed when a wait failed. */
  public void screenshot(String name) {
    try {
      byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name.replaceAll("[^A-Za-z0-9.-]+", "_") + ".png"), png);
    } catch (Exception ignored) {
      // a screenshot is a help, not a result
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (java.io.IOException ignored) {
        // temp files; the OS cleans them
      }
    }
  }
}
