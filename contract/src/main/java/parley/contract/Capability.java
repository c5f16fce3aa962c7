package parley.contract;

import java.util.Set;

/**
 * What a network can do, as its {@link NetworkDescriptor} says: the fixed vocabulary the session
 * checks commands against and the page builds its menus from. Documented in docs/bus-contract.md.
 */
public final class Capability {
  private Capability() {}

  /** A contact list kept on the IM server (contact.add / contact.remove keep it). */
  public static final String ROSTER = "roster";
  /** Contacts ask to see each other's presence, and the person answers (subscription.answer). */
  public static final String SUBSCRIPTIONS = "subscriptions";
  /** Group chats joined with room.join (room.*, rooms in the contact list). */
  public static final String GROUP_CHATS = "groupChats";
  /** Typing notifications both ways. */
  public static final String TYPING = "typing";
  /** Delivery receipts: a sent message can become "delivered". */
  public static final String RECEIPTS = "receipts";
  /** Read markers both ways: a sent message can become "read", and chat.read tells the peer. */
  public static final String MARKERS = "markers";
  /** The last message sent can be corrected (message.correct). */
  public static final String CORRECTIONS = "corrections";
  /** A message sent can be taken back (message.retract). */
  public static final String RETRACTIONS = "retractions";
  /** Files sent through the IM server's upload service (file.slot). */
  public static final String FILES = "files";
  /** Contacts' avatars are shown. */
  public static final String AVATARS = "avatars";
  /** The person's own avatar can be set (avatar.set). */
  public static final String OWN_AVATAR = "ownAvatar";
  /** Contacts and strangers can be blocked on the IM server (contact.block / contact.unblock). */
  public static final String BLOCKING = "blocking";
  /** The IM server keeps an archive: older messages of a chat (history.archive), catch-up after a reconnect. */
  public static final String ARCHIVE = "archive";
  /** A status text goes with the person's presence. */
  public static final String PRESENCE_MESSAGES = "presenceMessages";
  /** A second login ends the first (one connection per login at a time). */
  public static final String ONE_LOGIN_AT_A_TIME = "oneLoginAtATime";

  public static final Set<String> ALL = Set.of(ROSTER, SUBSCRIPTIONS, GROUP_CHATS, TYPING, RECEIPTS,
      MARKERS, CORRECTIONS, RETRACTIONS, FILES, AVATARS, OWN_AVATAR, BLOCKING, ARCHIVE, PRESENCE_MESSAGES,
      ONE_LOGIN_AT_A_TIME);

  /** How each capability is named in a sentence, with its verb. */
  private static final java.util.Map<String, String> SUBJECTS = java.util.Map.ofEntries(
      java.util.Map.entry(ROSTER, "A contact list is"), java.util.Map.entry(SUBSCRIPTIONS, "Contact requests are"),
      java.util.Map.entry(GROUP_CHATS, "Group chats are"),
      java.util.Map.entry(TYPING, "Typing notifications are"), java.util.Map.entry(RECEIPTS, "Delivery receipts are"),
      java.util.Map.entry(MARKERS, "Read markers are"), java.util.Map.entry(CORRECTIONS, "Corrections are"),
      java.util.Map.entry(RETRACTIONS, "Taking back a message is"), java.util.Map.entry(FILES, "Files are"),
      java.util.Map.entry(AVATARS, "Avatars are"), java.util.Map.entry(OWN_AVATAR, "Setting your avatar is"),
      java.util.Map.entry(BLOCKING, "Blocking is"), java.util.Map.entry(ARCHIVE, "Older messages from the server's archive are"),
      java.util.Map.entry(PRESENCE_MESSAGES, "Status messages are"),
      java.util.Map.entry(ONE_LOGIN_AT_A_TIME, "One login at a time is"));

  /** The sentence of a NOT_SUPPORTED failure: "Group chats are not supported on AIM / ICQ." */
  public static String notSupported(String capability, String networkLabel) {
    return SUBJECTS.getOrDefault(capability, capability + " is") + " not supported on " + networkLabel + ".";
  }
}
