package parley.xmpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginGateTest {

  @Test
  void atMostThePermitsAreInProgressAndTheOthersGoInOrder() {
    LoginGate gate = new LoginGate(2);
    List<Future<Runnable>> turns = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      turns.add(gate.enter());
    }
    assertEquals(2, gate.inProgress());
    assertEquals(3, gate.waiting());
    assertTrue(turns.get(0).succeeded() && turns.get(1).succeeded());
    assertFalse(turns.get(2).isComplete());

    turns.get(1).result().run();
    turns.get(1).result().run(); // a second end of the same turn frees nothing more
    assertTrue(turns.get(2).succeeded());
    assertFalse(turns.get(3).isComplete());
    assertEquals(2, gate.inProgress());

    turns.get(0).result().run();
    turns.get(2).result().run();
    turns.get(3).result().run();
    turns.get(4).result().run();
    assertEquals(0, gate.inProgress());
    assertEquals(0, gate.waiting());
  }
}
