package parley.irc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's InspIRCd 3 with the IRCv3 modules it ships (cap, server-time, echo-message, message-tags,
 * batch) and a TLS port; no services (SASL and NickServ need services, which Debian does not package
 * for it: those are tested against the scripted server).
 */
public final class InspircdServer extends IrcServerProcess {
  public InspircdServer() {
    super("inspircd");
  }

  @Override
  protected boolean hasTls() {
    return true;
  }

  @Override
  protected void prepare(Path dir) throws IOException {
    String conf = """
        <config format="xml">
        <server name="irc.insp.test" description="Parley test" network="ParleyTest">
        <admin name="Parley" nick="admin" email="admin@insp.test">
        <bind address="127.0.0.1" port="%1$d" type="clients">
        <bind address="127.0.0.1" port="%2$d" type="clients" ssl="Clients">
        <module name="ssl_gnutls">
        <sslprofile name="Clients" provider="gnutls" certfile="%3$s/server.crt" keyfile="%3$s/server.key">
        <connect allow="*" timeout="60" flood="20" threshold="200" commandrate="100000" fakelag="no" pingfreq="120"
                 sendq="262144" recvq="8192" localmax="1000" globalmax="1000" useident="no" limit="5000">
        <pid file="%3$s/inspircd.pid">
        <options>
        <security>
        <performance>
        <log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="%3$s/inspircd.log">
        <module name="cap">
        <module name="ircv3">
        <module name="ircv3_servertime">
        <module name="ircv3_echomessage">
        <module name="ircv3_ctctags">
        <module name="ircv3_batch">
        <module name="ircv3_msgid">
        """.formatted(port, tlsPort, dir);
    Files.writeString(dir.resolve("inspircd.conf"), conf);
  }

  @Override
  protected List<String> command(Path dir) {
    return List.of("/usr/sbin/inspircd", "--runasroot", "--nofork", "--config=" + dir.resolve("inspircd.conf"));
  }
}
