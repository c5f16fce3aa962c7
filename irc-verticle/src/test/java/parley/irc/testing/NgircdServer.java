package parley.irc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's ngIRCd 26: plain IRC with CAP (multi-prefix only), nicknames of at most 9 characters, no services. */
public final class NgircdServer extends IrcServerProcess {
  public NgircdServer() {
    super("ngircd");
  }

  @Override
  protected boolean hasTls() {
    return false;
  }

  @Override
  protected void prepare(Path dir) throws IOException {
    String conf = """
        [Global]
        Name = irc.ng.test
        Info = Parley test
        AdminInfo1 = Parley tests
        AdminEMail = admin@ng.test
        Listen = 127.0.0.1
        Ports = %d
        MotdPhrase = Parley test
        [Limits]
        MaxConnectionsIP = 0
        [Options]
        PAM = no
        Ident = no
        DNS = no
        RequireAuthPing = no
        """.formatted(port);
    Path file = dir.resolve("ngircd.conf");
    Files.writeString(file, conf);
    file.toFile().setReadable(true, false);
  }

  @Override
  protected List<String> command(Path dir) {
    return List.of("/usr/sbin/ngircd", "--nodaemon", "--config", dir.resolve("ngircd.conf").toString());
  }
}
