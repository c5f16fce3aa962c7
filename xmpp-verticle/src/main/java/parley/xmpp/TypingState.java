package parley.xmpp;

import parley.contract.Presence;

/** The chat states (XEP-0085) a user can send, one for each of {@link Presence#TYPING_STATES}. */
enum TypingState {
  COMPOSING("composing"),
  PAUSED("paused"),
  ACTIVE("active");

  private final String value;

  TypingState(String value) {
    this.value = value;
  }

  /** The contract's name, which is also the element's name in the chat states namespace. */
  String value() {
    return value;
  }

  /** The state the contract names {@code value}, or null. */
  static TypingState of(String value) {
    for (TypingState state : values()) {
      if (state.value.equals(value)) {
        return state;
      }
    }
    return null;
  }
}
