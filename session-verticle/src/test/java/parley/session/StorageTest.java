package parley.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import parley.contract.FailureCode;

/** Which write failures mean "the database is away" (wait and write again) and which are final. */
class StorageTest {
  @Test
  void theDatabaseBeingAwayIsWaitedFor() {
    assertTrue(Storage.isOutage(new ConnectException("Connection refused")));
    assertTrue(Storage.isOutage(new VertxException("Connection closed", true)));
    assertTrue(Storage.isOutage(new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
    assertTrue(Storage.isOutage(new PgException("the database system is starting up", "FATAL", "57P03", null)));
    assertTrue(Storage.isOutage(new RuntimeException("wrapped", new ConnectException("Connection refused"))));
  }

  @Test
  void aProblemWithTheWriteItselfIsNot() {
    assertFalse(Storage.isOutage(new PgException("violates foreign key constraint", "ERROR", "23503", null)));
    assertFalse(Storage.isOutage(new PgException("invalid byte sequence", "ERROR", "22021", null)));
    assertFalse(Storage.isOutage(FailureCode.INVALID_FIELD.exception(null)));
    assertFalse(Storage.isOutage(new java.util.NoSuchElementException()));
  }
}
