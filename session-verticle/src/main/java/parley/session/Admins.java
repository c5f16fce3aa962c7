package parley.session;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import parley.boot.ParleyConfig;
import parley.contract.ParleyException;

/**
 * The operator's command for the admin role, the only way to get it: signing up with any name
 * never makes an admin. Run it with the configuration of the session process (so the same
 * database); the user signs in again to use the role.
 *
 * <pre>
 * java -cp parley-session.jar parley.session.Admins grant alice [conf/parley.json]
 * java -cp parley-session.jar parley.session.Admins revoke alice [conf/parley.json]
 * java -cp parley-session.jar parley.session.Admins list [conf/parley.json]
 * </pre>
 */
public final class Admins {
  static final String COMMAND = "java -cp parley-session.jar parley.session.Admins grant <username> (or ./parley admin grant <username>)";
  private static final String USAGE = "usage: Admins grant <username> [config.json] | revoke <username> [config.json] | list [config.json]";

  private Admins() {}

  public static void main(String[] args) {
    List<String> list = List.of(args);
    boolean list0 = !list.isEmpty() && "list".equals(list.get(0));
    int configAt = list0 ? 1 : 2;
    Path file = list.size() > configAt ? Path.of(list.get(configAt)) : ParleyConfig.DEFAULT_FILE;
    System.exit(run(ParleyConfig.load(file, System.getenv()), list, System.out));
  }

  /** Runs one command against the database of {@code config}; 0 when it did what was asked. */
  public static int run(JsonObject config, List<String> args, PrintStream out) {
    String command = args.isEmpty() ? "" : args.get(0);
    boolean change = "grant".equals(command) || "revoke".equals(command);
    if (!(change && args.size() >= 2) && !"list".equals(command)) {
      out.println(USAGE);
      return 2;
    }
    String username;
    try {
      username = change ? Usernames.valid(args.get(1)) : null;
    } catch (ParleyException e) {
      out.println("Not a Parley username: " + args.get(1) + ". " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Database db;
      try {
        db = Database.open(vertx, ParleyConfig.section(config, "db")).await();
      } catch (RuntimeException e) {
        out.println("Cannot open Parley's database: " + e.getMessage()
            + " (with the embedded database, stop Parley first; or set PARLEY_DB_URL as for the session process)");
        return 1;
      }
      try {
        UserStore users = new UserStore(db.pool(), () -> { });
        if (!change) {
          List<String> admins = users.admins().await();
          out.println(admins.isEmpty() ? "No user has the admin role." : "Admins: " + String.join(", ", admins));
          return 0;
        }
        boolean grant = "grant".equals(command);
        if (!users.setAdmin(username, grant).await()) {
          out.println("No user named " + username + " has signed up. Sign up first, then run this again.");
          return 1;
        }
        out.println(grant
            ? username + " is now an admin; the role applies from their next sign-in."
            : username + " is no longer an admin; sessions signed in before keep the role until they sign in again.");
        return 0;
      } finally {
        db.close(vertx).await();
      }
    } finally {
      vertx.close().await();
    }
  }
}
