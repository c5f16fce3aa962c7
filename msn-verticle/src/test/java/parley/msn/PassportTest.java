package parley.msn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassportTest {

  @Test
  void theTicketIsReadFromAuthenticationInfo() {
    String header = "Passport1.4 da-status=success,tname=MSPAuth,tname=MSPProf,tname=MSPSec,"
        + "from-PP='t=53*1hAu8ADuD3TEwdXoOMi08sD*2!cMrntTwVMTjoB3p6stWTqzbkKZPVQzA5NOt19SLI60PY!b8K4YhC!Ooo5ug$$&p=5eKBBC!yBH6ex5mftp',"
        + "ru=http://messenger.msn.com";
    assertEquals("t=53*1hAu8ADuD3TEwdXoOMi08sD*2!cMrntTwVMTjoB3p6stWTqzbkKZPVQzA5NOt19SLI60PY!b8K4YhC!Ooo5ug$$&p=5eKBBC!yBH6ex5mftp",
        Passport.fromPp(header));
    assertNull(Passport.fromPp("Passport1.4 da-status=success"));
    assertNull(Passport.fromPp("Passport1.4 from-PP='t=a b'"), "a ticket with a space would break the USR line");
  }

  @Test
  void theAuthorizationCarriesAddressPasswordAndChallenge() {
    String auth = Passport.authorization("alice@hotmail.com", "p,w d", "lc=1033,id=507");
    assertTrue(auth.startsWith("Passport1.4 OrgVerb=GET,OrgURL=http%3A%2F%2Fmessenger%2Emsn%2Ecom,sign-in=alice%40hotmail.com,"));
    assertTrue(auth.contains(",pwd=p%2Cw%20d,lc=1033,id=507"), auth);
  }

  @Test
  void longTextsGoInPiecesAtCharacterBoundaries() {
    String text = "ä".repeat(Switchboard.MAX_TEXT_BYTES);
    List<String> pieces = Switchboard.pieces(text);
    assertEquals(2, pieces.size());
    assertEquals(text, String.join("", pieces));
    assertEquals(List.of(""), Switchboard.pieces(""));
  }
}
