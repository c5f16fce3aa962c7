package parley.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import parley.boot.Settings;

/**
 * The network the page's account form offers first is the one an {@code account.add} without a
 * network lands on by default (the setting session.defaultNetwork): not a contract name, so
 * ContractJsMatchesJavaTest leaves it to this test.
 */
class DefaultNetworkTest {
  @Test
  void thePagesDefaultNetworkIsTheSettingsDefault() throws Exception {
    String js = Files.readString(Path.of("..", "webroot", "src", "contract.js"));
    Object setting = Settings.byName().get("session.defaultNetwork").defaultValue();
    assertTrue(js.contains("DEFAULT_NETWORK = '" + setting + "'"), "DEFAULT_NETWORK = '" + setting + "' in contract.js");
  }
}
