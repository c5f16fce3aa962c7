package parley.irc.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IrcLineTest {

  @Test
  void parsesTagsSourceCommandAndTrailing() {
    IrcLine line = IrcLine.parse("@time=2026-12-05T17:58:41.780Z;msgid=a\\sb\\:c :bob!b@host PRIVMSG #chan :hi there :)");
    assertEquals(Map.of("time", "2026-12-05T17:58:41.780Z", "msgid", "a b;c"), line.tags());
    assertEquals("bob!b@host", line.source());
    assertEquals("bob", line.sourceNick());
    assertEquals("PRIVMSG", line.command());
    assertEquals(List.of("#chan", "hi there :)"), line.params());
    assertEquals(-1, line.numeric());
  }

  @Test
  void parsesNumericsAndServerSources() {
    IrcLine line = IrcLine.parse(":irc.test 433 * alice :Nickname is already in use");
    assertEquals(433, line.numeric());
    assertEquals("irc.test", line.sourceNick());
    assertEquals("alice", line.param(1));
    assertNull(line.param(5));
  }

  @Test
  void toleratesExtraSpacesAndLowerCaseCommands() {
    IrcLine line = IrcLine.parse(":a  privmsg   b   :x");
    assertEquals("PRIVMSG", line.command());
    assertEquals(List.of("b", "x"), line.params());
    assertEquals(List.of(), IrcLine.parse("PING").params());
  }

  @Test
  void refusesWhatIsNotAnIrcLine() {
    assertThrows(IrcSyntaxException.class, () -> IrcLine.parse("@tags-only"));
    assertThrows(IrcSyntaxException.class, () -> IrcLine.parse(":source-only"));
    assertThrows(IrcSyntaxException.class, () -> IrcLine.parse("\u0000\u0001garbage!"));
    assertThrows(IrcSyntaxException.class, () -> IrcLine.parse("A 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"));
  }

  @Test
  void writesTheTrailingParameterWithAColonOnlyWhenNeeded() {
    assertEquals("NICK alice", IrcLine.of("NICK", "alice").toWire());
    assertEquals("PRIVMSG bob :hello you", IrcLine.of("PRIVMSG", "bob", "hello you").toWire());
    assertEquals("PRIVMSG bob ::)", IrcLine.of("PRIVMSG", "bob", ":)").toWire());
    assertEquals("AWAY", IrcLine.of("AWAY").toWire());
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("+typing", "active");
    tags.put("x", "a;b c\\");
    assertEquals("@+typing=active;x=a\\:b\\sc\\\\ TAGMSG bob", new IrcLine(tags, null, "TAGMSG", List.of("bob")).toWire());
  }

  @Test
  void neverWritesLineBreaksOrNul() {
    assertThrows(IllegalArgumentException.class, () -> IrcLine.of("PRIVMSG", "bob", "hi\r\nQUIT").toWire());
    assertThrows(IllegalArgumentException.class, () -> IrcLine.of("PRIVMSG", "bob", "a\u0000b").toWire());
    assertThrows(IllegalArgumentException.class, () -> IrcLine.of("PRIVMSG", "two words", "x").toWire());
  }

  @Test
  void tagEscapesRoundTrip() {
    String value = "semi;space \\back\r\nline";
    assertEquals(value, IrcLine.unescapeTag(IrcLine.escapeTag(value)));
    assertEquals("ab", IrcLine.unescapeTag("a\\b\\"));
  }
}
