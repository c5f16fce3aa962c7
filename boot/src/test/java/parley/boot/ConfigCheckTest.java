package parley.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each bad setting is refused with its own sentence before anything starts. */
class ConfigCheckTest {
  private static final Path SHIPPED = Path.of("..", "conf", "parley.json");

  @Test
  void theShippedConfigurationPassesForEveryProcess() {
    for (ParleyProcess process : ParleyProcess.BUILT_IN) {
      Map<String, String> env = process == ParleyProcess.BILLING
          ? Map.of("PARLEY_DB_URL", "postgresql://parley:secret@db:5432/parley") : Map.of();
      ConfigCheck.Checked checked = ConfigCheck.load(SHIPPED, env, process);
      assertEquals(8080, checked.config().getJsonObject("web").getInteger("port"));
      // Only the sections of protocol nodes this class path lacks (each node module declares its own).
      assertEquals(java.util.List.of(), checked.warnings().stream()
          .filter(w -> !w.contains("is a section no module of this process declares")).toList());
    }
  }

  @Test
  void aSectionOfAModuleThisProcessLacksIsIgnoredWithAWarning() throws Exception {
    Path file = write("{\"msn\": {\"pingSeconds\": 60}, \"web\": {\"port\": 8081}}");
    ConfigCheck.Checked checked = ConfigCheck.load(file, Map.of(), ParleyProcess.WEB);
    assertEquals(8081, checked.config().getJsonObject("web").getInteger("port"));
    assertEquals(1, checked.warnings().size(), checked.warnings().toString());
    assertTrue(checked.warnings().get(0).startsWith("'msn' is a section no module of this process declares"),
        checked.warnings().get(0));
  }

  @Test
  void aTypoNamesTheSettingThatWasMeant() throws Exception {
    assertRefused("{\"session\": {\"idleTimoutSeconds\": 60}}",
        "session.idleTimoutSeconds is not a Parley setting; did you mean session.idleTimeoutSeconds?");
    assertRefused("{\"sesion\": {\"idleTimeoutSeconds\": 60}}",
        "'sesion' is not a section of Parley's configuration; did you mean session?");
    assertRefused("{\"web\": {\"colour\": \"blue\"}}",
        "web.colour is not a Parley setting; the web settings are web.host, web.port, web.secureCookies, "
            + "web.sessionTimeoutHours, web.commandsPerSecond, web.commandBurst, web.userCommandsPerSecond, "
            + "web.userCommandBurst, web.maxSocketsPerUser, web.socketQueueBytes, web.slowSocketSeconds, "
            + "web.publicOrigins, web.trustProxy, web.uploadToPrivateAddresses, web.uploadTrustedCertificate");
  }

  @Test
  void wrongTypesSayWhatIsExpected() throws Exception {
    assertRefused("{\"web\": {\"port\": \"8080\"}}", "web.port must be a whole number from 0 to 65535, not a text");
    assertRefused("{\"web\": {\"trustProxy\": \"yes\"}}", "web.trustProxy must be true or false, not a text");
    assertRefused("{\"session\": {\"eventWindow\": 10.5}}", "session.eventWindow must be a whole number of at least 1, not 10.5");
    assertRefused("{\"web\": {\"publicOrigins\": \"https://a.example\"}}",
        "web.publicOrigins must be a list of texts, like [\"a\", \"b\"], not a text");
    assertRefused("{\"web\": 8080}", "web must be an object of settings, like {\"web\": {…}}");
    assertRefused("{\"web\": {\"port\": 8080,}", null);
  }

  @Test
  void impossibleValuesAreRefused() throws Exception {
    assertRefused("{\"session\": {\"idleTimeoutSeconds\": -5}}",
        "session.idleTimeoutSeconds must be a whole number of at least 1, not -5");
    assertRefused("{\"web\": {\"port\": 70000}}", "web.port must be a whole number from 0 to 65535, not 70000");
    assertRefused("{\"web\": {\"commandsPerSecond\": 0}}", "web.commandsPerSecond must be a number greater than 0, not 0");
    assertRefused("{\"xmpp\": {\"reconnectMinSeconds\": 90, \"reconnectMaxSeconds\": 60}}",
        "xmpp.reconnectMinSeconds (90) must not be above xmpp.reconnectMaxSeconds (60)");
    assertRefused("{\"oscar\": {\"reconnectMinSeconds\": 90}}",
        "oscar.reconnectMinSeconds (90) must not be above oscar.reconnectMaxSeconds (60)");
    assertRefused("{\"oscar\": {\"aimLogin\": \"plain\"}}",
        "oscar.aimLogin must be one of md5-strong, md5, roasted, not 'plain'");
    assertRefused("{\"session\": {\"credentialKey\": \"c2hvcnQ=\"}}",
        "session.credentialKey (PARLEY_SESSION_CREDENTIAL_KEY) must be base64 of 32 random bytes, as `openssl rand -base64 32` prints");
    assertRefused("{\"db\": {\"url\": \"mysql://db/parley\"}}",
        "db.url (PARLEY_DB_URL) must be a PostgreSQL address like postgresql://user:password@host:5432/db");
    assertRefused("{\"xmpp\": {\"trustedCertificate\": \"no/such/ca.pem\"}}",
        "xmpp.trustedCertificate must be a readable PEM file; no/such/ca.pem cannot be read");
    assertRefused("{\"web\": {\"uploadTrustedCertificate\": \"no/such/upload-ca.pem\"}}",
        "web.uploadTrustedCertificate must be a readable PEM file; no/such/upload-ca.pem cannot be read");
  }

  @Test
  void aStandaloneBillingProcessNeedsAnExternalDatabase() throws Exception {
    Path file = write("{\"billing\": {\"currency\": \"EUR\"}}");
    BadSetting e = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), ParleyProcess.BILLING));
    assertEquals("db.url (PARLEY_DB_URL) must be set for the Billing process", e.getMessage());
    ConfigCheck.load(file, Map.of(), ParleyProcess.ALL_IN_ONE);
  }

  @Test
  void aCredentialKeyFileThatCannotBeWrittenIsRefused() throws Exception {
    Path notAFolder = Files.createTempFile("parley", ".txt");
    Path keyFile = notAFolder.resolve("credential.key");
    Path file = write("{\"session\": {\"credentialKeyFile\": \"" + keyFile + "\"}}");
    BadSetting e = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), ParleyProcess.SESSION));
    assertEquals("session.credentialKeyFile is the credential key file, needed because session.credentialKey is not set; "
        + keyFile + " cannot be created because " + notAFolder + " is not a folder", e.getMessage());
    // A key given in the configuration needs no file; a web process needs neither.
    ConfigCheck.load(file, Map.of("PARLEY_SESSION_CREDENTIAL_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
        ParleyProcess.SESSION);
    ConfigCheck.load(file, Map.of(), ParleyProcess.WEB);
  }

  @Test
  void theEnvironmentIsCheckedToo() throws Exception {
    Path file = write("{}");
    assertEquals("PARLEY_SESSION_IDLE_TIMOUT_SECONDS names no Parley setting; did you mean PARLEY_SESSION_IDLE_TIMEOUT_SECONDS?",
        refusedByEnvironment(file, "PARLEY_SESSION_IDLE_TIMOUT_SECONDS", "60"));
    assertEquals("PARLEY_WEB_PORT (web.port) must be a whole number from 0 to 65535",
        refusedByEnvironment(file, "PARLEY_WEB_PORT", "eighty"));
    assertEquals("PARLEY_WEB_PORT (web.port) must be a whole number from 0 to 65535, not -1",
        refusedByEnvironment(file, "PARLEY_WEB_PORT", "-1"));
    assertEquals("PARLEY_LOG_FORMAT (log.format) must be one of plain, json, not 'xml'",
        refusedByEnvironment(file, "PARLEY_LOG_FORMAT", "xml"));

    Map<String, String> env = new HashMap<>();
    env.put("PARLEY_TEST_DB_URL", "postgresql://elsewhere");
    env.put("PARLEY_WEB_HOST", "127");
    env.put("PARLEY_WEB_PUBLIC_ORIGINS", "[\"https://parley.example.org\"]");
    env.put("PARLEY_LOG_FORMAT", "json");
    env.put("HOME", "/root");
    ConfigCheck.Checked checked = ConfigCheck.load(file, env, ParleyProcess.WEB);
    assertEquals(java.util.List.of("PARLEY_TEST_DB_URL is set but names no Parley setting; ignored"), checked.warnings());
    assertEquals("127", checked.config().getJsonObject("web").getString("host"), "a text setting keeps the text");
    assertEquals("https://parley.example.org", checked.config().getJsonObject("web").getJsonArray("publicOrigins").getString(0));
  }

  @Test
  void loggingIsChosenByTheEnvironmentOnly() throws Exception {
    assertRefused("{\"log\": {\"format\": \"json\"}}",
        "log.format is read before the configuration file: set it in the environment as PARLEY_LOG_FORMAT");
  }

  @Test
  void aMissingFileNamedOnTheCommandLineIsRefused() {
    BadSetting e = assertThrows(BadSetting.class,
        () -> ConfigCheck.load(Path.of("no", "such.json"), Map.of(), ParleyProcess.WEB));
    assertEquals("the configuration file " + Path.of("no", "such.json") + " does not exist", e.getMessage());
  }

  @Test
  void everySettingInTheReadmeIsKnown() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("`((?:web|session|db|xmpp|oscar|billing|cluster|log|management)\\.[a-zA-Z]+)`").matcher(readme);
    TreeSet<String> unknown = new TreeSet<>();
    while (m.find()) {
      if (!Settings.byName().containsKey(m.group(1)) && !m.group(1).endsWith(".xml") && !m.group(1).endsWith(".json")) {
        unknown.add(m.group(1));
      }
    }
    assertTrue(unknown.isEmpty(), "the README names settings the check does not know: " + unknown);
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertEquals("PARLEY_SESSION_IDLE_TIMEOUT_SECONDS", Settings.byName().get("session.idleTimeoutSeconds").environmentName());
    assertEquals("PARLEY_DB_URL", Settings.byName().get("db.url").environmentName());
  }

  private static void assertRefused(String json, String sentence) throws Exception {
    Path file = write(json);
    BadSetting e = assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(), ParleyProcess.ALL_IN_ONE));
    if (sentence == null) {
      assertTrue(e.getMessage().startsWith(file + " is not valid JSON: "), e.getMessage());
    } else {
      assertEquals(sentence, e.getMessage());
    }
  }

  private static String refusedByEnvironment(Path file, String name, String value) {
    return assertThrows(BadSetting.class, () -> ConfigCheck.load(file, Map.of(name, value), ParleyProcess.WEB)).getMessage();
  }

  private static Path write(String json) throws Exception {
    Path file = Files.createTempFile("parley", ".json");
    Files.writeString(file, json);
    return file;
  }
}
