package parley.msn;

import parley.msn.wire.MsnLine;
import parley.msn.wire.Names;

/**
 * The contact lists as the answer to {@code SYN 0} brings them into a {@link ContactList}, in
 * either format: MSNP8's and MSNP9's ({@code SYN trid version contacts groups}, then {@code LSG id name 0} and
 * {@code LST email friendly lists groups}, complete when both counts are seen) or MSNP7's (one
 * {@code LST trid list version index count email friendly [group]} per entry of each list, with an
 * empty list as {@code index count} 0 0, complete after the reverse list's last; MSNP2 to 6 the same without
 * groups).
 */
final class ListSync {
  private final int version;
  private final ContactList list;
  private int expectedContacts = -1;
  private int expectedGroups = -1;
  private int contactsSeen;
  private int groupsSeen;
  private boolean reverseListDone;

  ListSync(int version, ContactList list) {
    this.version = version;
    this.list = list;
  }

  /** The {@code SYN} answer; lines may have come before it. */
  void answered(MsnLine syn) {
    if (version >= 8) {
      expectedContacts = number(syn.param(2));
      expectedGroups = number(syn.param(3));
    } else {
      expectedContacts = 0;
    }
  }

  boolean done() {
    if (expectedContacts < 0) {
      return false;
    }
    return version >= 8 ? contactsSeen >= expectedContacts && groupsSeen >= Math.max(0, expectedGroups) : reverseListDone;
  }

  /** One {@code LSG} or {@code LST}; an entry that is not an e-mail address is counted and left out. */
  void line(MsnLine line) {
    if (version >= 8) {
      if ("LSG".equals(line.command())) {
        if (line.param(1) != null) {
          list.group(line.param(0), Names.decode(line.param(1)));
        }
        groupsSeen++;
      } else {
        if (line.param(2) != null && Names.email(line.param(0))) {
          list.put(line.param(0), Names.decode(line.param(1)), number(line.param(2)), line.param(3));
        }
        contactsSeen++;
      }
    } else if ("LSG".equals(line.command())) {
      if (line.param(5) != null) {
        list.group(line.param(4), Names.decode(line.param(5)));
      }
    } else {
      String which = line.param(1);
      int index = number(line.param(3));
      int count = number(line.param(4));
      if (line.param(5) != null && Names.email(line.param(5))) {
        list.put(line.param(5), line.param(6) == null ? null : Names.decode(line.param(6)), ContactList.bit(which),
            line.param(7));
      }
      if ("RL".equals(which) && index >= count) {
        reverseListDone = true;
      }
    }
  }

  private static int number(String text) {
    try {
      return text == null ? 0 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
