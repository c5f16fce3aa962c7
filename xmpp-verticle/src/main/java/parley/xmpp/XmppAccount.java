package parley.xmpp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import parley.contract.ConnectionState;
import parley.contract.FailureCode;
import parley.contract.ParleyException;
import parley.contract.Presence;
import parley.contract.ServerFeature;
import parley.contract.node.ArchivePage;
import parley.contract.node.ArchiveSynced;
import parley.contract.node.ArchivedMessage;
import parley.contract.node.AvatarChanged;
import parley.contract.node.MessageCorrected;
import parley.contract.node.MessageFailed;
import parley.contract.node.MessageReceived;
import parley.contract.node.MessageRetracted;
import parley.contract.node.MessageStatusChanged;
import parley.contract.node.NodeEventBody;
import parley.contract.node.OwnMessage;
import parley.contract.node.RoomArchivePage;
import parley.contract.node.RoomArchivedMessage;
import parley.contract.node.SubscriptionRequest;
import parley.contract.node.Typing;
import parley.contract.node.UploadSlotGranted;
import parley.nodekit.ImFailure;
import parley.nodekit.NodeAccount;
import parley.nodekit.NodeEvents;
import parley.nodekit.OwnPresence;
import parley.nodekit.Reconnects;
import parley.xmpp.client.Ns;
import parley.xmpp.client.Stanzas;
import parley.xmpp.client.StreamManagement;
import parley.xmpp.client.XmppClient;
import parley.xmpp.client.XmppClientException;
import parley.xmpp.client.XmppClientOptions;
import parley.xmpp.stream.Element;
import parley.xmpp.stream.InvalidXmlCharacterException;
import parley.xmpp.stream.XmlStreamParser;

/**
 * One IM account held by this node, on Parley's own {@link XmppClient}: connects, fetches the
 * roster, reports state, reconnects with backoff, and carries out commands. Everything runs on
 * the verticle's event loop; nothing blocks.
 *
 * <p>With stream management (XEP-0198) a lost connection is first resumed, quietly: no state event,
 * the server keeps the session (so contacts see no presence change), and what it had not
 * acknowledged is sent again. A message counts as sent when the server acknowledged it. Only if
 * the stream cannot be resumed does the account reconnect as before, and the messages the server
 * never acknowledged fail.
 */
final class XmppAccount implements NodeAccount {
  private static final Logger log = LoggerFactory.getLogger(XmppAccount.class);

  private final Vertx vertx;
  private final NetClient net;
  private final Endpoints endpoints;
  private final LoginGate logins;
  private final XmppNodeConfig config;
  private final X509TrustManager trust;
  private final ConnectRequest request;
  private final NodeEvents events;
  private final Runnable onGone;
  private final String resource;
  private final Reconnects reconnects;

  private XmppClient client;
  /** Where the current client connects. */
  private Endpoints.Endpoint endpoint;
  private ContactBook contacts;
  /** The roster went out: from now on roster pushes are reported as changes. */
  private boolean online;
  private boolean closed;
  private boolean everConnected;
  private OwnPresence ownPresence;
  /** The stream being resumed after a lost connection, or null. */
  private StreamManagement resuming;
  /** Keys of messages reported lately (made on the first message). */
  private RecentIds recent;
  /** The account's archive on its server (made on the first login). */
  private Archive archive;
  /** The rooms' own archives this account pages back through. */
  private final RoomArchive roomArchive = new RoomArchive();
  /** XEP-0363: the server's upload service, found on the first slot asked. */
  private Uploads uploads;
  /** The last archive id reported to the session (XEP-0313/0359), or null before the first. */
  private String archiveCursor;
  /** The server keeps an archive for the account (disco after the login said so). */
  private boolean archiveAvailable;
  /** The catch-up after this login is done: live messages now move the archive cursor. */
  private boolean archiveSynced;
  /**
   * Live message events held, in arrival order, while a catch-up runs (null when none runs): they
   * are reported after the archived messages older than them, see {@link #reportMessage}.
   */
  private List<Held> holding;
  /** The connection whose catch-up {@link #holding} waits for. */
  private XmppClient holdingFor;
  /** Characters of text in {@link #holding}. */
  private int heldChars;
  /** The archive id of the last live message since the last catch-up page was asked. */
  private String lastLive;
  /** A gap to fill ({@link #fillGap}) waits for the catch-up under way or the next login; {@link #gapAfter}: from where. */
  private boolean gapWaiting;
  private String gapAfter;
  /**
   * The catch-up under way fills a gap: archived messages are reported even when reported lately
   * (those were dropped on their way); the session stores each once, by its stanza id.
   */
  private boolean refilling;
  /** The account's blocklist on its server (XEP-0191), when the server offers blocking; else null. */
  private Blocklist blocklist;
  /** What the server offers, by Parley's names ({@link ServerFeature}), since the last login. */
  private JsonArray features = new JsonArray();

  /**
   * What a login brings: the roster, the optional features the server offers, and the largest file its
   * upload service takes (null: it names none, or there is none).
   */
  private record Login(Element roster, JsonArray features, boolean bookmarksPep, Long uploadMaxBytes) {}
  /** The hash of the avatar the person set from Parley, announced in every presence (XEP-0153); null before. */
  private String ownAvatarHash;
  /** Each contact's avatar hash last announced (XEP-0153), fetched or being fetched; made on the first. */
  private java.util.Map<String, String> avatarHashes;
  /** Contacts that announced their avatar by PEP (XEP-0084): their vCard hashes are not used then; made on the first. */
  private java.util.Set<String> pepAvatars;
  /** The group chats the account is in (XEP-0045). */
  private final Rooms rooms;
  /** The account's room bookmarks (XEP-0402 or XEP-0048), made at each login. */
  private Bookmarks bookmarks;
  /** They were fetched since the last login (the session was told). */
  private boolean bookmarksKnown;

  XmppAccount(Vertx vertx, NetClient net, Endpoints endpoints, LoginGate logins, XmppNodeConfig config,
      X509TrustManager trust, ConnectRequest request, NodeEvents events, Runnable onGone) {
    this.vertx = vertx;
    this.logins = logins;
    this.net = net;
    this.endpoints = endpoints;
    this.config = config;
    this.trust = trust;
    this.request = request;
    this.events = events;
    this.onGone = onGone;
    this.ownPresence = request.presence();
    this.reconnects = new Reconnects(vertx, events, config.reconnectMinSeconds(), config.reconnectMaxSeconds());
    this.resource = "parley-" + UUID.randomUUID().toString().substring(0, 8);
    this.archiveCursor = request.archiveAfter();
    this.rooms = new Rooms(vertx, events, () -> online ? client : null, config.connectTimeoutSeconds() * 1000L,
        () -> presenceStanza(ownPresence));
  }

  @Override
  public void start() {
    events.state(ConnectionState.CONNECTING, null);
    attempt();
  }

  // ---- connecting and reconnecting ----

  /** Waits for the node's turn to log in (at most so many at a time), then connects. */
  private void attempt() {
    if (closed) {
      return;
    }
    logins.enter().onComplete(events.logContext().wrap(turn -> {
      Runnable done = turn.result();
      if (closed) {
        done.run();
        return;
      }
      endpoints.of(request).onComplete(events.logContext().wrap(ar -> {
        if (closed) {
          done.run();
        } else {
          attempt(ar.result(), 0, done);
        }
      }));
    }));
  }

  /** Tries the endpoints in order while they cannot be reached; {@code done} ends this login's turn. */
  private void attempt(List<Endpoints.Endpoint> all, int index, Runnable done) {
    Endpoints.Endpoint at = all.get(index);
    XmppClient c = newClient(at);
    online = false;
    contacts = new ContactBook();
    c.connect()
        .compose(v -> rosterAndCarbons(c))
        .onComplete(events.logContext().wrap(ar -> {
          if (ar.failed() && ar.cause() instanceof XmppClientException x && x.reason() == XmppClientException.Reason.UNREACHABLE
              && index + 1 < all.size() && !closed && c == client) {
            log.info("Account {}: {}:{} unreachable, trying the next", request.accountId(), at.host(), at.port());
            attempt(all, index + 1, done);
            return;
          }
          done.run();
          if (closed || c != client) {
            c.close();
          } else if (ar.succeeded()) {
            onLoggedIn(c, ar.result());
          } else {
            c.close();
            onAttemptFailed(ar.cause());
          }
        }));
  }

  /**
   * The roster, with carbons (XEP-0280) enabled alongside when the server offers them, so that
   * from {@code connected} on, what the person's other clients send and receive shows here too.
   * A server without carbons, or one that refuses them, still lets the account sign in. The
   * server's and the account's disco#info (XEP-0030) say which optional features it offers.
   */
  private Future<Login> rosterAndCarbons(XmppClient c) {
    Future<java.util.Set<String>> server = c.request(Stanzas.discoInfo(request.jid().domain())).map(Stanzas::features)
        .recover(e -> Future.succeededFuture(java.util.Set.of()));
    Future<Boolean> carbons = server
        .compose(f -> f.contains(Ns.CARBONS)
            ? c.request(Stanzas.enableCarbons()).map(true) : Future.succeededFuture(false))
        .recover(e -> {
          log.info("Account {}: carbons not enabled ({})", request.accountId(), e.getMessage());
          return Future.succeededFuture(false);
        });
    Future<java.util.Set<String>> account = c.request(Stanzas.discoInfo(request.jid().toString())).map(Stanzas::features)
        .recover(e -> Future.succeededFuture(java.util.Set.of()));
    Future<Boolean> archive = account.map(f -> f.contains(Ns.MAM));
    // One discovery of the server's services: the group chat service and the upload service both come from it.
    Future<ServerServices> services = ServerServices.discover(c, request.jid().domain());
    Future<Boolean> hasRooms = services.map(s -> s.first(Rooms.MUC) != null).otherwise(false);
    Future<Uploads.Service> upload = uploads().discovered(services).otherwise((Uploads.Service) null);
    return c.request(Stanzas.rosterGet()).compose(roster -> Future.all(carbons, archive, hasRooms, upload).map(all -> {
      JsonArray offered = new JsonArray();
      if (archive.result()) {
        offered.add(ServerFeature.ARCHIVE);
      }
      if (carbons.result()) {
        offered.add(ServerFeature.CARBONS);
      }
      if (server.result().contains(Ns.BLOCKING)) {
        offered.add(ServerFeature.BLOCKING);
      }
      if (hasRooms.result()) {
        offered.add(ServerFeature.ROOMS);
      }
      Uploads.Service uploadService = upload.result();
      if (uploadService != null) {
        offered.add(ServerFeature.UPLOAD);
      }
      Long uploadMaxBytes = uploadService != null && uploadService.maxBytes() > 0 ? uploadService.maxBytes() : null;
      return new Login(roster, offered, account.result().contains(Bookmarks.COMPAT), uploadMaxBytes);
    }));
  }

  private XmppClient newClient(Endpoints.Endpoint at) {
    XmppClientOptions options = new XmppClientOptions(request.jid().domain(),
        request.jid().local(), request.password(), resource, at.host(), at.port(),
        request.tlsRequired(), trust, config.connectTimeoutSeconds() * 1000, config.pingIntervalSeconds() * 1000L,
        XmlStreamParser.DEFAULT_MAX_STANZA_BYTES, config.maxQueuedBytes());
    Events listener = new Events();
    XmppClient c = new XmppClient(vertx, net, options, SaltedPasswords.SHARED, listener);
    listener.owner = c;
    client = c;
    endpoint = at;
    return c;
  }

  /**
   * Resumes the lost stream on the same endpoint, trying again each second until {@code deadline}
   * (nanoTime) while the server cannot be reached. The account stays {@code connected} meanwhile:
   * commands that send wait in the stream's queue.
   */
  private void resume(StreamManagement sm, long deadline) {
    if (closed) {
      return;
    }
    XmppClient c = newClient(endpoint);
    c.resume(sm).onComplete(events.logContext().wrap(ar -> {
      if (closed || c != client) {
        c.close();
      } else if (ar.succeeded() && c.resumed()) {
        resuming = null;
        log.info("Account {} resumed its stream", request.accountId());
      } else if (ar.succeeded()) {
        // The server had ended the session: a new one, as after a login.
        resuming = null;
        log.info("Account {}: the stream could not be resumed; new session as {}", request.accountId(), c.boundJid());
        online = false;
        rosterAndCarbons(c).onComplete(events.logContext().wrap(roster -> {
          if (closed || c != client) {
            return;
          }
          if (roster.succeeded()) {
            contacts = new ContactBook();
            onLoggedIn(c, roster.result());
          } else {
            c.close();
            onAttemptFailed(roster.cause());
          }
        }));
      } else if (System.nanoTime() < deadline && ar.cause() instanceof XmppClientException x
          && (x.reason() == XmppClientException.Reason.UNREACHABLE || x.reason() == XmppClientException.Reason.NO_ANSWER
              || x.reason() == XmppClientException.Reason.CONNECTION_LOST)) {
        // The failed client stays this account's meanwhile: what is sent waits in the stream's queue.
        vertx.setTimer(1000, t -> events.logContext().run(() -> {
          if (!closed && c == client) {
            resume(sm, deadline);
          }
        }));
      } else {
        c.close();
        resuming = null;
        sm.failAll(XmppClient.unacknowledged());
        XmppClientException why = ar.cause() instanceof XmppClientException x ? x
            : new XmppClientException(XmppClientException.Reason.CONNECTION_LOST, null, String.valueOf(ar.cause()));
        lost(why);
      }
    }));
  }

  /**
   * What one client reports (from its socket's handlers, so with this account's ids put in the
   * log context here); ignored once that client is no longer this account's.
   */
  private final class Events implements XmppClient.Listener {
    XmppClient owner;

    @Override
    public void stanza(Element stanza) {
      if (!closed && owner == client) {
        events.logContext().run(() -> onStanza(stanza));
      }
    }

    @Override
    public void closed(XmppClientException why) {
      events.logContext().run(() -> onClosed(owner, why));
    }
  }

  private void onLoggedIn(XmppClient c, Login login) {
    log.info("Account {} connected as {}", request.accountId(), c.boundJid());
    everConnected = true;
    reconnects.connected();
    contacts.load(login.roster());
    features = login.features();
    blocklist = null;
    events.state(ConnectionState.CONNECTED, null, features, login.uploadMaxBytes());
    events.send(contacts.roster());
    online = true;
    c.send(presenceStanza(ownPresence));
    learnOwnAvatar(c);
    fetchBlocklist(c);
    catchUp(c);
    rooms.rejoin();
    roomArchive.newConnection();
    bookmarks = new Bookmarks(login.bookmarksPep());
    fetchBookmarks(c);
  }

  // ---- room bookmarks (XEP-0402, XEP-0048) ----

  /** After each login: the account's room bookmarks, to the session (which joins the autojoin ones). */
  private void fetchBookmarks(XmppClient c) {
    Bookmarks b = bookmarks;
    b.fetch(c).onComplete(events.logContext().wrap(ar -> {
      if (closed || c != client || b != bookmarks) {
        return;
      }
      if (ar.failed()) {
        log.info("Account {}: the room bookmarks could not be fetched ({})", request.accountId(), ar.cause().getMessage());
        bookmarksKnown = false;
        return;
      }
      bookmarksKnown = true;
      events.send(b.event(new JsonArray()));
    }));
  }

  /** Adds or changes a room's bookmark; the whole list goes to the session again. */
  Future<Void> setBookmark(RoomJid room, String nick, String name, boolean autojoin, String password) {
    XmppClient c = client;
    Bookmarks b = bookmarks;
    if (!online || c == null || b == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return b.set(c, new Bookmarks.Bookmark(room.toString(), name, nick, autojoin, password)).onSuccess(v -> bookmarksChanged(b))
        .recover(e -> Future.failedFuture(commandFailure(e)));
  }

  Future<Void> removeBookmark(RoomJid room) {
    XmppClient c = client;
    Bookmarks b = bookmarks;
    if (!online || c == null || b == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return b.remove(c, room.toString()).onSuccess(v -> bookmarksChanged(b)).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  /**
   * Another client of the account changed its bookmarks (a PEP notification, asked for by the caps'
   * +notify): the whole list to the session now, with the rooms whose bookmarks are gone.
   */
  private void onBookmarksChanged(Bookmarks b, Element change) {
    JsonArray removed = b.apply(change);
    if (bookmarksKnown) {
      events.send(b.event(removed));
    }
  }

  private void bookmarksChanged(Bookmarks b) {
    if (b == bookmarks && bookmarksKnown) {
      events.send(b.event(new JsonArray()));
    }
  }

  /**
   * XEP-0153 4.2: after a new login the account's own vCard says which avatar it has (set from
   * Parley before, or from another client); from then on every presence announces its hash.
   */
  private void learnOwnAvatar(XmppClient c) {
    c.request(Avatars.vcardGet(null)).onComplete(events.logContext().wrap(ar -> {
      if (closed || c != client || ar.failed()) {
        return;
      }
      String hash;
      try {
        hash = Avatars.photo(ar.result(), null, config.maxAvatarBytes()).hash();
      } catch (Avatars.Refused e) {
        // No photo, or none Parley would show: announce none.
        hash = null;
      }
      if (hash != null && !hash.equals(ownAvatarHash)) {
        ownAvatarHash = hash;
        c.send(presenceStanza(ownPresence));
      }
    }));
  }

  // ---- blocking (XEP-0191) ----

  /** After each login where the server offers blocking: its blocklist, to the session. */
  private void fetchBlocklist(XmppClient c) {
    if (!features.contains(ServerFeature.BLOCKING)) {
      return;
    }
    c.request(Stanzas.blocklistGet()).onComplete(events.logContext().wrap(ar -> {
      if (closed || c != client) {
        return;
      }
      if (ar.failed()) {
        log.info("Account {}: the blocklist could not be fetched ({})", request.accountId(), ar.cause().getMessage());
        return;
      }
      blocklist = new Blocklist();
      blocklist.load(ar.result());
      events.send(blocklist.event());
    }));
  }

  /** A change of the blocklist the server pushed (from this client or another of the account's). */
  private void onBlockPush(Element iq) {
    if (blocklist != null && blocklist.apply(iq)) {
      events.send(blocklist.event());
    }
  }

  /** Blocks or unblocks {@code jid}; the server's push then reports the new list. */
  Future<Void> setBlocked(BareJid jid, boolean block) {
    if (online && !features.contains(ServerFeature.BLOCKING)) {
      return Future.failedFuture(FailureCode.IM_ERROR.exception(
          "The server of " + request.jid() + " does not support blocking."));
    }
    return request(Stanzas.blocking(block, jid.toString()));
  }

  // ---- the server's archive (XEP-0313) ----

  private Archive archive() {
    if (archive == null) {
      archive = new Archive(request.jid().toString());
    }
    return archive;
  }

  /**
   * After each new session: what arrived while the account was away, from the server's archive.
   * The first time (no cursor) the recent page; then everything after the cursor, page by page,
   * bounded in count and time. Ends with {@code archive-synced}.
   */
  private void catchUp(XmppClient c) {
    // Left from a catch-up an earlier connection did not finish: those arrived before this login.
    releaseHeld();
    archiveSynced = false;
    refilling = false;
    if (gapWaiting) {
      gapWaiting = false;
      refilling = true;
      archiveCursor = gapAfter;
    }
    // The account's disco#info at the login said whether the server keeps an archive.
    archiveAvailable = features.contains(ServerFeature.ARCHIVE);
    if (!archiveAvailable) {
      log.info("Account {}: the server keeps no archive", request.accountId());
      events.send(ArchiveSynced.noArchive());
      return;
    }
    long deadline = System.nanoTime() + config.archiveCatchUpSeconds() * 1_000_000_000L;
    holding = new ArrayList<>();
    holdingFor = c;
    catchUpPage(c, archiveCursor, 0, deadline, false);
  }

  private void catchUpPage(XmppClient c, String after, int fetched, long deadline, boolean gap) {
    boolean first = after == null;
    int max = first ? config.archiveFirstPage() : Math.min(PAGE, config.archiveMaxCatchUp() - fetched);
    if (max <= 0) {
      // No first page wanted (xmpp.archiveFirstPage 0), or the count is used up.
      archiveSynced(fetched, first && !gap);
      return;
    }
    lastLive = null;
    archive().query(c, null, null, after, first ? "" : null, max).onComplete(events.logContext().wrap(ar -> {
      if (closed || c != client) {
        // That connection is gone: what it received is not held back for a catch-up that will not end.
        if (holdingFor == c) {
          releaseHeld();
        }
        return;
      }
      if (ar.failed()) {
        if (!first && ar.cause() instanceof XmppClientException x && "item-not-found".equals(x.condition())) {
          // The server no longer has that id (expired): the recent page, and the page says what may be missing.
          log.info("Account {}: archive id {} is gone from the archive; fetching the recent page", request.accountId(), after);
          catchUpPage(c, null, fetched, deadline, true);
          return;
        }
        log.info("Account {}: the archive query failed ({})", request.accountId(), ar.cause().getMessage());
        archiveSynced(fetched, false);
        return;
      }
      Archive.Page page = ar.result();
      int total = fetched + reportArchived(page.items());
      boolean done = first || page.complete() || page.items().size() < max || page.last() == null;
      if (done) {
        archiveSynced(total, !gap);
      } else if (total >= config.archiveMaxCatchUp() || System.nanoTime() > deadline) {
        log.info("Account {}: archive catch-up stopped after {} messages", request.accountId(), total);
        archiveSynced(total, false);
      } else {
        catchUpPage(c, page.last(), total, deadline, gap);
      }
    }));
  }

  /** A live message event held during a catch-up; {@code stanzaId}: our server's id of it, or null. */
  private record Held(NodeEventBody event, int chars, String stanzaId) {}

  /**
   * Live messages held during one catch-up, at most: as many as one archive page may bring
   * ({@link Archive#MAX_RESULTS}), and no more than 1 Mi characters of text (a stanza may be
   * 256 KiB), so a contact who floods the account meanwhile costs little memory.
   */
  static final int MAX_HELD = Archive.MAX_RESULTS;
  static final int MAX_HELD_CHARS = 1 << 20;

  /**
   * Reports a message event (received, own from another client, corrected, retracted). While a
   * catch-up runs it is held, in order, so that the user never sees it before an older message
   * that the archive still has to bring; it goes out at its place among the archived messages
   * (its archive copy is not reported), or when the catch-up ends.
   *
   * <p>Held messages are matched with their archive copies by stanza id here, not through
   * {@link RecentIds}, so a flood of offline messages larger than that list cannot reorder or
   * double anything: each held message goes out once, with everything held before it. What the
   * list decides is only about messages not held: one reported before the catch-up began (an
   * earlier session's) and evicted since is reported again from the archive, and a live copy that
   * arrives after its archive copy went out is dropped, unless the list overflowed in between;
   * then it is reported a second time, after the catch-up. Both carry the same stanza id, which is
   * unique per account in the session's history, so the session stores each once, at its first
   * place. Past {@link #MAX_HELD} the node stops holding (and logs it): what was held goes out at
   * once, in order, and the rest of the archive may come after newer live messages. Dropping live
   * messages instead would lose them whenever the catch-up is cut short (its count or time bound).
   */
  private void reportMessage(NodeEventBody event, String stanzaId) {
    int chars = event.toJson().getString("text", "").length();
    if (holding == null) {
      events.send(event);
    } else if (holding.size() < MAX_HELD && heldChars + chars <= MAX_HELD_CHARS) {
      holding.add(new Held(event, chars, stanzaId));
      heldChars += chars;
    } else {
      log.warn("Account {}: more than {} messages or {} characters arrived during the archive catch-up; "
          + "reporting them now, older archived messages may follow them", request.accountId(), MAX_HELD, MAX_HELD_CHARS);
      releaseHeld();
      events.send(event);
    }
  }

  /**
   * The archived message {@code archiveId} came live too and is held: reports it and what was
   * held before it, and answers true; false when it is not held.
   */
  private boolean releaseHeldUpTo(String archiveId) {
    if (holding == null) {
      return false;
    }
    for (int i = 0; i < holding.size(); i++) {
      if (archiveId.equals(holding.get(i).stanzaId())) {
        List<Held> due = new ArrayList<>(holding.subList(0, i + 1));
        holding.subList(0, i + 1).clear();
        due.forEach(h -> {
          heldChars -= h.chars();
          events.send(h.event());
        });
        return true;
      }
    }
    return false;
  }

  /** The catch-up ended (or was given up): what was held goes out, in order, and nothing more is held. */
  private void releaseHeld() {
    List<Held> held = holding;
    holding = null;
    heldChars = 0;
    if (held != null) {
      held.forEach(h -> events.send(h.event()));
    }
  }

  /** Messages per page of a catch-up. */
  static final int PAGE = 100;

  /** Reports archived messages, oldest first, each once; answers how many were reported. */
  private int reportArchived(List<Archive.Item> items) {
    int reported = 0;
    for (Archive.Item item : items) {
      if (recent == null) {
        recent = new RecentIds();
      }
      boolean ours = item.outgoing() && Bounces.messageId(item.originId()) != null;
      boolean firstTime = recent.firstTime("s " + item.id()) || refilling;
      // Parley's own sent messages are in history already; what came live is reported once.
      if (releaseHeldUpTo(item.id())) {
        // Its live copy, held till now, went out at its place: it carries what the archive's lacks
        // (markers). Remembered again, in case a long flood pushed its key out of the recent ids.
      } else if (!ours && firstTime) {
        events.send(new MessageReceived(item.peer(), item.text(), item.ts(), null, null, item.id(), item.id(),
            item.outgoing()));
        reported++;
      }
      archiveCursor = item.id();
    }
    return reported;
  }

  private void archiveSynced(int fetched, boolean complete) {
    // Live messages that arrived during the catch-up are newer than everything it brought.
    releaseHeld();
    if (lastLive != null) {
      // Arrived after the last page was asked: newer than everything in it.
      archiveCursor = lastLive;
    }
    archiveSynced = true;
    refilling = false;
    events.send(ArchiveSynced.synced(archiveCursor, complete, fetched));
    if (gapWaiting && online && client != null) {
      catchUp(client);
    }
  }

  /**
   * Messages were dropped on their way to the session: the archive is asked again from
   * {@code archiveAfter} (the account's first cursor when null), now or after the catch-up under
   * way or at the next login; false when the server keeps no archive.
   */
  @Override
  public boolean fillGap(String archiveAfter) {
    resync();
    if (online && !archiveAvailable) {
      return false;
    }
    gapWaiting = true;
    gapAfter = archiveAfter != null ? archiveAfter : request.archiveAfter();
    if (online && archiveSynced && client != null) {
      catchUp(client);
    }
    return true;
  }

  private void onAttemptFailed(Throwable error) {
    client = null;
    ImFailure failure = error instanceof XmppClientException x ? ClientFailures.of(x, endpoint.host(), endpoint.port())
        : new ImFailure(FailureCode.IM_ERROR, FailureCode.IM_ERROR.defaultText(), true);
    log.info("Account {} could not connect: {} ({})", request.accountId(), failure.code(), error.getMessage());
    reconnects.retryOrGiveUp(failure, everConnected, this::attempt, this::giveUp);
  }

  /** The client's connection ended after it was online: by the server or the network. */
  private void onClosed(XmppClient c, XmppClientException why) {
    if (closed || c != client) {
      return;
    }
    StreamManagement sm = c.streamManagement();
    if (sm != null && sm.resumable() && (why.reason() == XmppClientException.Reason.CONNECTION_LOST
        || why.reason() == XmppClientException.Reason.NO_ANSWER)) {
      log.info("Account {} lost its connection ({}); resuming the stream", request.accountId(), why.getMessage());
      resuming = sm;
      // Within the time the server keeps the session, and not longer than a login may take.
      int seconds = sm.maxSeconds() > 0 ? Math.min(sm.maxSeconds(), config.connectTimeoutSeconds())
          : config.connectTimeoutSeconds();
      resume(sm, System.nanoTime() + seconds * 1_000_000_000L);
      return;
    }
    if (sm != null) {
      sm.failAll(XmppClient.unacknowledged());
    }
    lost(why);
  }

  /** The session is gone: reconnect as after a failed login, or give up. */
  private void lost(XmppClientException why) {
    client = null;
    online = false;
    ImFailure failure = ClientFailures.of(why, endpoint.host(), endpoint.port());
    log.info("Account {} lost its connection: {} ({})", request.accountId(), failure.code(), why.getMessage());
    reconnects.retryOrGiveUp(failure, true, this::attempt, this::giveUp);
  }

  private void giveUp(ImFailure failure) {
    closed = true;
    events.state(ConnectionState.FAILED, failure);
    onGone.run();
  }

  // ---- incoming ----

  private void onStanza(Element stanza) {
    switch (stanza.name()) {
      case "message" -> onMessage(stanza);
      case "presence" -> onPresence(stanza);
      case "iq" -> {
        onRosterPush(stanza);
        onBlockPush(stanza);
      }
      default -> { }
    }
  }

  private void onMessage(Element message) {
    if (roomArchive.offer(message) || archive().offer(message) || rooms.offerMessage(message)) {
      return;
    }
    String type = message.attribute("type");
    String from = Stanzas.bare(message.attribute("from"));
    if (from != null && "error".equals(type)) {
      onBounce(message, from);
      return;
    }
    Bookmarks b = bookmarks;
    Element bookmarksChange = b == null ? null : b.notification(message);
    if (bookmarksChange != null) {
      // Only the account's own PEP service (its bare address, or the server on its behalf: no from) speaks for its bookmarks.
      String sender = message.attribute("from");
      if (sender == null || sender.equalsIgnoreCase(request.jid().toString())) {
        onBookmarksChanged(b, bookmarksChange);
      }
      return;
    }
    Element avatarItems = PepAvatars.metadataItems(message);
    if (avatarItems != null) {
      // PEP notifications come from the contact's bare JID (XEP-0163), typed headline.
      if (from != null && from.equals(message.attribute("from"))) {
        onPepAvatar(from, avatarItems);
      }
      return;
    }
    if (from == null || !(type == null || type.equals("chat") || type.equals("normal"))) {
      return;
    }
    if (Carbons.claimed(message)) {
      onCarbon(message);
      return;
    }
    Receipts.Ack ack = Receipts.of(message);
    if (ack != null) {
      onAck(ack, from);
    }
    String body = message.childText("body");
    if (body != null || Edits.retracts(message) != null) {
      if (!firstTime(message, from)) {
        return;
      }
      reportFrom(from, message, body);
      if (body != null && Receipts.asksForReceipt(message) && mayTellPresence(from)) {
        send(Stanzas.receipt(message.attribute("from"), message.attribute("id")));
      }
      return;
    }
    for (Element child : message.children()) {
      if (child.namespace().equals(Ns.CHAT_STATES)) {
        String state = switch (child.name()) {
          case "composing" -> "composing";
          case "paused" -> "paused";
          // inactive and gone: not typing.
          default -> "active";
        };
        events.send(new Typing(from, state));
        return;
      }
    }
  }

  /** The XEP-0359 stanza-id our own server stamped (only {@code by} our bare JID is trusted), or null. */
  private String ownStanzaId(Element message) {
    for (Element sid : message.children("stanza-id", Ns.SID)) {
      String id = sid.attribute("id");
      if (id != null && !id.isEmpty() && id.length() <= ConnectRequest.MAX_ARCHIVE_ID
          && request.jid().toString().equalsIgnoreCase(sid.attribute("by"))) {
        return id;
      }
    }
    return null;
  }

  /** False (and logged) when the server delivers a message again that was reported lately. */
  private boolean firstTime(Element message, String from) {
    if (recent == null) {
      recent = new RecentIds();
    }
    if (!recent.firstTime(Stanzas.messageKey(message, request.jid().toString()))) {
      log.info("Account {}: message {} from {} delivered again; reported once", request.accountId(),
          message.attribute("id"), from);
      return false;
    }
    return true;
  }

  /**
   * A copy of what another of the account's clients sent (reported as the person's own) or
   * received (reported as received). A carbon from anyone but the account itself is a forgery.
   */
  private void onCarbon(Element message) {
    String own = request.jid().toString();
    Carbons.Carbon carbon = Carbons.unwrap(message, own);
    if (carbon == null) {
      log.warn("Account {}: ignored a message carbon from {}: only the account itself sends those",
          request.accountId(), message.attribute("from"));
      return;
    }
    Element inner = carbon.message();
    String type = inner.attribute("type");
    String body = inner.childText("body");
    if ((body == null && Edits.retracts(inner) == null) || Carbons.isPrivate(inner)
        || !(type == null || type.equals("chat") || type.equals("normal"))) {
      return;
    }
    String peer = Stanzas.bare(carbon.sent() ? inner.attribute("to") : inner.attribute("from"));
    if (peer == null || peer.equalsIgnoreCase(own) || !firstTime(inner, peer)) {
      return;
    }
    if (carbon.sent() && Bounces.messageId(inner.attribute("id")) != null) {
      // Parley sent it (through another node, while a drain moves the account): in its history already.
      return;
    }
    if (carbon.sent() && Edits.retracts(inner) != null) {
      // The person took back, or corrected, a message of theirs on another client: "to" says it is theirs.
      reportMessage(new MessageRetracted(peer, true, Edits.retracts(inner)), null);
    } else if (carbon.sent() && Edits.corrects(inner) != null) {
      reportMessage(new MessageCorrected(peer, true, Edits.corrects(inner), body, sentAt(inner)), null);
    } else if (carbon.sent()) {
      // The id our server stamped on it (XEP-0359): the same message from the archive is then stored once.
      String stanzaId = ownStanzaId(inner);
      reportMessage(new OwnMessage(peer, body, sentAt(inner), Edits.remoteId(inner), stanzaId), stanzaId);
    } else {
      reportFrom(peer, inner, body);
    }
  }

  /**
   * A peer's message (to this client, or copied from another): a retraction (XEP-0424), a
   * correction (XEP-0308) of one of its messages, or a new message.
   */
  private void reportFrom(String peer, Element message, String body) {
    String retracted = Edits.retracts(message);
    String corrected = Edits.corrects(message);
    if (retracted != null) {
      reportMessage(new MessageRetracted(peer, false, retracted), null);
    } else if (corrected != null && body != null) {
      reportMessage(new MessageCorrected(peer, false, corrected, body, sentAt(message)), null);
    } else if (body != null) {
      String stanzaId = ownStanzaId(message);
      MessageReceived event = new MessageReceived(peer, body, sentAt(message), Receipts.markerId(message),
          Edits.remoteId(message), stanzaId, null, false);
      if (stanzaId != null) {
        if (archiveSynced && archiveAvailable) {
          event = event.withArchiveId(stanzaId);
          archiveCursor = stanzaId;
        } else {
          lastLive = stanzaId;
        }
      }
      reportMessage(event, stanzaId);
    }
  }

  /** A peer's client acknowledged one of the messages Parley sent. */
  private void onAck(Receipts.Ack ack, String from) {
    String messageId = Bounces.messageId(ack.stanzaId());
    if (messageId != null) {
      events.send(new MessageStatusChanged(messageId, from, ack.status()));
    }
  }

  /**
   * Receipts and markers tell whether the person is online: only to contacts allowed to see the
   * account's presence (XEP-0184 8, XEP-0333 Security).
   */
  private boolean mayTellPresence(String jid) {
    Element item = contacts == null ? null : contacts.item(jid);
    String subscription = item == null ? null : item.attribute("subscription");
    return "from".equals(subscription) || "both".equals(subscription);
  }

  /** An error answering one of our messages: that message was not delivered. */
  private void onBounce(Element bounce, String to) {
    String messageId = Bounces.messageId(bounce.attribute("id"));
    if (messageId == null) {
      return;
    }
    String condition = Stanzas.errorCondition(bounce, Ns.STANZA_ERRORS);
    log.info("Account {}: message {} to {} bounced ({})", request.accountId(), messageId, to,
        condition == null ? "no condition" : condition);
    events.send(MessageFailed.of(messageId, to, FailureCode.IM_ERROR, Bounces.text(to, condition)));
  }

  /** XEP-0203: when a stored message was sent; otherwise now. */
  private static long sentAt(Element message) {
    Element delay = message.child("delay", Ns.DELAY);
    if (delay != null && delay.attribute("stamp") != null) {
      try {
        return OffsetDateTime.parse(delay.attribute("stamp")).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        // A stamp we cannot read: the time of arrival will do.
      }
    }
    return System.currentTimeMillis();
  }

  private void onPresence(Element presence) {
    String type = presence.attribute("type");
    String from = presence.attribute("from");
    if (from == null) {
      return;
    }
    if (rooms.offerPresence(presence)) {
      return;
    }
    String bare = Stanzas.bare(from);
    if ("subscribe".equals(type)) {
      events.send(new SubscriptionRequest(bare));
    } else if ((type == null || "unavailable".equals(type)) && !bare.equalsIgnoreCase(request.jid().toString())) {
      events.send(contacts.presence(presence));
      String hash = type == null ? Avatars.announcedHash(presence) : null;
      // A contact with a PEP avatar (XEP-0084) has that one; its vCard's hash may lag behind.
      if (hash != null && (pepAvatars == null || !pepAvatars.contains(bare))) {
        onAvatarHash(bare, hash);
      }
    }
  }

  /**
   * A contact's server notified its avatar metadata (XEP-0084, as asked by the {@code +notify} in
   * Parley's capabilities): from then on its avatar comes from PEP, not from its vCard.
   */
  private void onPepAvatar(String bare, Element items) {
    if (contacts.item(bare) == null || bare.equalsIgnoreCase(request.jid().toString())) {
      return;
    }
    String hash = PepAvatars.announcedHash(items, config.maxAvatarBytes());
    if (hash == null) {
      log.info("Account {}: the avatar {} announces is none Parley takes (type, size or hash)", request.accountId(), bare);
      return;
    }
    if (pepAvatars == null) {
      pepAvatars = new java.util.HashSet<>();
    }
    pepAvatars.add(bare);
    onAvatarHash(bare, hash);
  }

  /**
   * A contact announced its avatar's hash (XEP-0153, or XEP-0084 for one in {@link #pepAvatars}): a
   * new one is fetched once, from its vCard or its PEP data node, and reported when it is a small
   * image with that hash. Only for contacts of the roster, so that a stranger cannot make the node
   * fetch and the session keep images.
   */
  private void onAvatarHash(String bare, String hash) {
    if (contacts.item(bare) == null) {
      return;
    }
    if (avatarHashes == null) {
      avatarHashes = new java.util.HashMap<>();
    }
    if (hash.equals(avatarHashes.put(bare, hash))) {
      return;
    }
    if (hash.isEmpty()) {
      events.send(AvatarChanged.none(bare));
      return;
    }
    XmppClient c = client;
    if (c == null) {
      return;
    }
    boolean pep = pepAvatars != null && pepAvatars.contains(bare);
    c.request(pep ? PepAvatars.dataGet(bare, hash) : Avatars.vcardGet(bare)).onComplete(events.logContext().wrap(ar -> {
      if (c != client || !hash.equals(avatarHashes.get(bare))) {
        return;
      }
      if (ar.failed()) {
        log.info("Account {}: the {} of {} could not be fetched for its avatar ({})", request.accountId(),
            pep ? "avatar data" : "vCard", bare, ar.cause().getMessage());
        return;
      }
      try {
        Avatars.Image image = pep ? PepAvatars.image(ar.result(), hash, config.maxAvatarBytes())
            : Avatars.photo(ar.result(), hash, config.maxAvatarBytes());
        events.send(new AvatarChanged(bare, image.hash(), image.type(),
            java.util.Base64.getEncoder().encodeToString(image.data())));
      } catch (Avatars.Refused e) {
        log.info("Account {}: avatar of {} refused: {}", request.accountId(), bare, e.getMessage());
      }
    }));
  }

  private void onRosterPush(Element iq) {
    Element query = iq.child("query", Ns.ROSTER);
    if (query == null || !online) {
      return;
    }
    for (Element item : query.children("item", Ns.ROSTER)) {
      NodeEventBody change = contacts.push(item);
      if (change != null) {
        events.send(change);
      }
    }
  }

  // ---- commands, called on the event loop ----

  /**
   * {@code messageId} (may be null) becomes the stanza id, so that a bounce can be matched to it.
   * Completes when the server acknowledged the message (XEP-0198, when it offers that), within
   * the connect timeout.
   */
  Future<Void> sendMessage(BareJid to, String text, String messageId) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    // XEP-0085: a message also says the user is no longer typing.
    Element message = Stanzas.message(messageId == null ? null : Bounces.stanzaId(messageId), to.toString(), text, "active");
    // A file sent through this account's upload slot goes as a file too (XEP-0066), as other clients send them.
    return sendAcked(c, uploads != null && uploads.isUploadedLink(text) ? Stanzas.withOob(message, text.trim()) : message);
  }

  /** XEP-0308: {@code text} replaces the message Parley sent as {@code messageId}; acknowledged as a message. */
  Future<Void> sendCorrection(BareJid to, String text, String messageId) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return sendAcked(c, Stanzas.correction(Bounces.editId(), to.toString(), text, Bounces.stanzaId(messageId)));
  }

  /** XEP-0424: takes back the message Parley sent as {@code messageId}. */
  Future<Void> sendRetraction(BareJid to, String messageId) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return sendAcked(c, Stanzas.retraction(Bounces.editId(), to.toString(), Bounces.stanzaId(messageId)));
  }

  /** Sends and completes once the server acknowledged it (XEP-0198, when offered), within the connect timeout. */
  private Future<Void> sendAcked(XmppClient c, Element message) {
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(config.connectTimeoutSeconds() * 1000L, t -> done.tryFail(
        FailureCode.IM_ERROR.exception(UNCONFIRMED_IN_TIME)));
    c.sendAcked(message).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        done.tryComplete();
      } else {
        done.tryFail(commandFailure(ar.cause()));
      }
    });
    return done.future();
  }

  // ---- group chats (XEP-0045) ----

  Future<JsonObject> joinRoom(RoomJid room, String nick, String password) {
    if (!online) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return rooms.join(room, nick, password).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  /**
   * One page of a group chat from the room's own archive, before the room's stanza id {@code before}
   * (or the newest): a {@link RoomArchivePage}. The room's disco#info (asked once
   * per room and connection) says first whether it keeps an archive; when not, NO_ARCHIVE in words.
   */
  Future<JsonObject> roomArchivePage(RoomJid room, String before, int max) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return roomArchive.keepsArchive(room, r -> c.request(Stanzas.discoInfo(r.toString())))
        .recover(e -> Future.failedFuture(FailureCode.IM_ERROR.exception("The room " + room
            + " could not be asked about its archive" + (e instanceof XmppClientException x && x.condition() != null
            ? " (" + x.condition() + ")." : "; try again."))))
        .compose(keeps -> {
          if (!keeps) {
            return Future.failedFuture(FailureCode.NO_ARCHIVE.exception(
                "The room " + room + " keeps no message archive, so there are no older messages to fetch."));
          }
          return roomArchive.query(c, room, before == null ? "" : before, max);
        }).map(page -> new RoomArchivePage(page.items().stream()
            .map(item -> new RoomArchivedMessage(item.id(), item.nick(), item.text(), item.ts())).toList(),
            page.complete() || page.items().isEmpty()).toJson()
        ).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  Future<Void> leaveRoom(RoomJid room) {
    return rooms.leave(room).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  /** Completes when the server took it; the room's reflection then reports it sent ({@code room-message} with its messageId). */
  Future<Void> sendRoomMessage(RoomJid room, String text, String messageId) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return sendAcked(c, rooms.message(room, text, Bounces.stanzaId(messageId)));
  }

  Future<Void> setRoomSubject(RoomJid room, String subject) {
    if (!online) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return rooms.setSubject(room, subject).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  Future<Void> inviteToRoom(RoomJid room, BareJid who, String reason) {
    if (!online) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return rooms.invite(room, who, reason).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  Future<Void> declineInvitation(RoomJid room, BareJid inviter, String reason) {
    return send(Rooms.decline(room, inviter, reason));
  }

  /**
   * One page of a 1:1 chat from the archive, before the archive id {@code before} (or the newest)
   * and sent up to {@code endMs} (or any time): an {@link ArchivePage}.
   */
  Future<JsonObject> archivePage(BareJid with, String before, Long endMs, int max) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    if (!archiveAvailable) {
      return Future.failedFuture(FailureCode.NO_ARCHIVE.exception(
          "The server of " + request.jid() + " keeps no message archive, so there are no older messages to fetch."));
    }
    String end = endMs == null ? null : Instant.ofEpochMilli(endMs).toString();
    return archive().query(c, with.toString(), end, null, before == null ? "" : before, max).map(page -> new ArchivePage(
        page.items().stream().filter(item -> item.peer().equalsIgnoreCase(with.toString()))
            .map(item -> new ArchivedMessage(item.id(), item.outgoing(), item.text(), item.ts())).toList(),
        page.complete() || page.items().isEmpty()).toJson()
    ).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  /** The account's uploads (XEP-0363), made on first use and kept across logins (the links it sent). */
  private Uploads uploads() {
    if (uploads == null) {
      uploads = new Uploads(request.jid().domain());
    }
    return uploads;
  }

  /**
   * A XEP-0363 upload slot ({@link UploadSlotGranted});
   * the server's refusal (too large, not acceptable, quota) in words.
   */
  Future<JsonObject> uploadSlot(String filename, long size, String contentType) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    Uploads u = uploads();
    return u.slot(c, filename, size, contentType).onSuccess(slot -> u.remember(slot.getUrl()))
        .compose(slot -> u.service(c).map(service ->
            new UploadSlotGranted(slot.putUrl(), slot.headers(), slot.getUrl(), service.maxBytes()).toJson()))
        .recover(e -> Future.failedFuture(commandFailure(e)));
  }

  static final String UNCONFIRMED = "The IM server did not confirm the message before the connection was lost; "
      + "it may not have been delivered.";
  static final String UNCONFIRMED_IN_TIME = "The IM server did not confirm the message in time; "
      + "it may not have been delivered.";

  Future<Void> sendTyping(BareJid to, TypingState state) {
    return send(Stanzas.message(null, to.toString(), null, state.value()));
  }

  /** XEP-0333: the person has seen {@code to}'s messages up to {@code id}; nothing to a stranger. */
  Future<Void> sendDisplayed(BareJid to, String id) {
    if (online && !mayTellPresence(to.toString())) {
      return Future.succeededFuture();
    }
    return send(Stanzas.displayed(to.toString(), id));
  }

  /** Remembered for reconnects; sent now if connected. */
  Future<Void> setPresence(OwnPresence presence) {
    ownPresence = presence;
    if (!online) {
      return Future.succeededFuture();
    }
    return send(presenceStanza(presence)).onSuccess(v -> rooms.presenceChanged());
  }

  Future<Void> addContact(BareJid jid, String name, String group) {
    return request(Stanzas.rosterSet(jid.toString(), name, group))
        .compose(ok -> send(Stanzas.subscription("subscribe", jid.toString())));
  }

  Future<Void> removeContact(BareJid jid) {
    if (online && contacts.item(jid.toString()) == null) {
      return Future.succeededFuture();
    }
    return request(Stanzas.rosterRemove(jid.toString()));
  }

  /** Approve: allow them to see us and ask to see them. Deny: refuse. */
  Future<Void> answerSubscription(BareJid jid, boolean approve) {
    Future<Void> answered = send(Stanzas.subscription(approve ? "subscribed" : "unsubscribed", jid.toString()));
    if (!approve) {
      return answered;
    }
    Element item = contacts.item(jid.toString());
    if (item == null || !ContactBook.seesOrAsked(item)) {
      return answered.compose(ok -> send(Stanzas.subscription("subscribe", jid.toString())));
    }
    return answered;
  }

  @Override
  public void resync() {
    events.resendState();
    if (online) {
      events.send(contacts.roster());
      contacts.presences().forEach(events::send);
      if (blocklist != null) {
        events.send(blocklist.event());
      }
      rooms.resync();
      if (bookmarks != null && bookmarksKnown) {
        events.send(bookmarks.event(new JsonArray()));
      }
      // The node keeps only the hashes: the images are fetched again for the session that asks.
      if (avatarHashes != null) {
        java.util.Map<String, String> known = new java.util.HashMap<>(avatarHashes);
        avatarHashes.clear();
        known.forEach(this::onAvatarHash);
      }
    }
  }

  @Override
  public Future<Void> close(boolean report) {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    online = false;
    reconnects.cancel();
    releaseHeld();
    if (resuming != null) {
      resuming.failAll(XmppClient.unacknowledged());
      resuming = null;
    }
    XmppClient c = client;
    client = null;
    if (report) {
      events.state(ConnectionState.DISCONNECTED, null);
    }
    return c == null ? Future.succeededFuture() : c.close();
  }

  private Element presenceStanza(OwnPresence presence) {
    String show = Presence.AVAILABLE.equals(presence.show()) ? null : presence.show();
    // XEP-0115: the capabilities ask contacts' servers for their avatar metadata (XEP-0163 +notify).
    Element p = parley.xmpp.client.Caps.added(Stanzas.presence(show, presence.status()));
    return ownAvatarHash == null ? p : Avatars.withPhotoHash(p, ownAvatarHash);
  }

  /**
   * The person's own avatar: published to the account's PEP nodes, data then metadata (XEP-0084),
   * where the server offers PEP; and, for contacts whose clients know only vCard avatars and where
   * the server has no PEP, the account's vCard gets it as its PHOTO (its other fields kept), then a
   * presence announces the new hash (XEP-0153).
   */
  Future<Void> setAvatar(Avatars.Image image) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return publishPepAvatar(c, image).compose(pep -> setVcardAvatar(c, image));
  }

  /** XEP-0084: data, then metadata; a server without PEP (an error answer) leaves the vCard alone to carry it. */
  private Future<Void> publishPepAvatar(XmppClient c, Avatars.Image image) {
    return c.request(PepAvatars.publishData(image))
        .compose(ok -> c.request(PepAvatars.publishMetadata(image)))
        .<Void>mapEmpty()
        .recover(e -> {
          if (e instanceof XmppClientException x && x.reason() == XmppClientException.Reason.STANZA_ERROR) {
            log.info("Account {}: the avatar was not published by PEP ({}); the vCard carries it", request.accountId(),
                x.condition());
            return Future.succeededFuture();
          }
          return Future.failedFuture(commandFailure(e));
        });
  }

  private Future<Void> setVcardAvatar(XmppClient c, Avatars.Image image) {
    // Our own vCard: asked without 'to' (XEP-0054 3.1).
    return c.request(Avatars.vcardGet(null))
        .map(result -> result.child("vCard", Avatars.VCARD))
        // No vCard yet (item-not-found): a new one.
        .recover(e -> e instanceof XmppClientException x && x.reason() == XmppClientException.Reason.STANZA_ERROR
            ? Future.succeededFuture(null) : Future.failedFuture(e))
        .compose(current -> c.request(Avatars.vcardSet(current, image)))
        .compose(ok -> {
          ownAvatarHash = image.hash();
          return c == client ? c.send(presenceStanza(ownPresence)) : Future.<Void>succeededFuture();
        })
        .recover(e -> Future.failedFuture(commandFailure(e)));
  }

  private Future<Void> send(Element stanza) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return c.send(stanza).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  private Future<Void> request(Element iq) {
    XmppClient c = client;
    if (!online || c == null) {
      return Future.failedFuture(FailureCode.NOT_CONNECTED.exception(null));
    }
    return c.request(iq).<Void>map(result -> null).recover(e -> Future.failedFuture(commandFailure(e)));
  }

  private ParleyException commandFailure(Throwable e) {
    if (e instanceof ParleyException p) {
      return p;
    }
    if (e instanceof InvalidXmlCharacterException) {
      return FailureCode.INVALID_FIELD.exception(e.getMessage());
    }
    if (e instanceof XmppClientException x) {
      return switch (x.reason()) {
        case STANZA_ERROR -> FailureCode.IM_ERROR.exception("The IM server refused that (" + x.condition() + ").");
        case NO_ANSWER -> FailureCode.IM_ERROR.exception(ClientFailures.NO_ANSWER);
        case QUEUE_FULL -> FailureCode.RATE_LIMITED.exception(ClientFailures.QUEUE_FULL);
        case NOT_CONNECTED -> "unacknowledged".equals(x.condition()) ? FailureCode.IM_ERROR.exception(UNCONFIRMED)
            : FailureCode.NOT_CONNECTED.exception(null);
        default -> FailureCode.NOT_CONNECTED.exception(null);
      };
    }
    log.warn("Command for account {} failed", request.accountId(), e);
    return FailureCode.INTERNAL.exception(null);
  }
}
