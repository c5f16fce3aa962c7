// The page controller's part for people (people.js, peopleViews.js): opening a person's
// conversation, loading it, sending to the person, merging and splitting, and asking the server
// for its merge suggestions when the contacts change.
import { Command, Event, Limits } from './contract.js';
import { describeError, errorText } from './errors.js';
import { checkMessageText } from './limits.js';
import * as P from './people.js';
import { sendOnce, newClientId } from './resend.js';
import { Outbox } from './outbox.js';
import { drawQueued } from './peopleViews.js';
import { setText } from './dom.js';
import { messageSent } from './state.js';

/** Events after which the suggestions may have changed. */
const CHANGES = new Set([Event.ROSTER, Event.CONTACT_UPDATED, Event.CONTACT_REMOVED, Event.PERSON_UPDATED,
  Event.PERSON_REMOVED, Event.ACCOUNT_REMOVED]);
const SUGGEST_AFTER_MS = 1000;

export class PeopleController {
  constructor(app) {
    this.app = app;
    this.suggestTimer = null;
  }

  handlers() {
    return {
      onOpenPerson: (id) => this.open(id),
      onClosePerson: () => this.app.update(P.closePerson(this.app.state)),
      onPersonOlder: (id) => this.load(id, true),
      // Scrolling up pages through the person's history, as in a chat.
      onPersonScrolledToTop: (id) => {
        const view = P.personView(this.app.state, id);
        if (view.loaded && view.hasMore) this.load(id, true);
      },
      onPersonSend: (id) => this.send(id),
      onPickVia: (id, key) => this.app.update(P.pickVia(this.app.state, id, key)),
      onSplit: (id, accountId, jid) => this.split(id, accountId, jid),
      onMergeSuggestion: (s) => this.merge(s.contacts.map((c) => ({ accountId: c.accountId, jid: c.jid }))),
      onDismissSuggestion: (s) => this.dismiss(s),
      onStartPicking: () => this.app.update(P.startPicking(this.app.state)),
      onTogglePick: (key) => this.app.update(P.togglePick(this.app.state, key)),
      onCancelPicking: () => this.app.update(P.stopPicking(this.app.state)),
      onMergePicked: () => this.merge(P.mergeBody(this.app.state.mergePick || []).contacts),
    };
  }

  /** Told of every pushed event and of each attach. */
  changed(event) {
    if (!event || CHANGES.has(event.type)) this.suggestSoon();
  }

  /** After each state change: the open person's first page, and its chats read. */
  afterUpdate() {
    const s = this.app.state;
    const id = s && s.personOpen;
    if (id && s.attached) {
      const view = P.personView(s, id);
      if (!view.loaded && !view.loading) this.load(id, false);
    }
  }

  stop() {
    clearTimeout(this.suggestTimer);
    this.suggestTimer = null;
  }

  suggestSoon() {
    clearTimeout(this.suggestTimer);
    this.suggestTimer = setTimeout(() => this.suggest(), SUGGEST_AFTER_MS);
  }

  async suggest() {
    if (!this.app.bridge || !this.app.state) return;
    try {
      const reply = await this.app.command(Command.PERSON_SUGGESTIONS, {}, { quiet: true });
      if (this.app.state) this.app.update(P.suggestionsLoaded(this.app.state, reply));
    } catch {
      // Suggestions are a help, not a need: the next change asks again.
    }
  }

  /** Opens the person's conversation, from any list: on a phone it takes the place of the list, as a chat does. */
  open(id) {
    this.app.showList = false;
    this.app.update(P.openPerson(this.app.state, id));
    const pane = this.app.ui && this.app.ui.personPane;
    if (pane) pane._parts.input.focus();
  }

  async load(id, older) {
    const s = this.app.state;
    const view = P.personView(s, id);
    if (view.loading) return;
    this.app.update(P.personLoading(s, id));
    const body = { personId: id, limit: Limits.HISTORY_PAGE };
    if (older && view.oldest != null) body.before = view.oldest;
    try {
      const reply = await this.app.command(Command.PERSON_HISTORY, body, { quiet: true });
      if (this.app.state) this.app.update(P.personLoaded(this.app.state, id, reply, Limits.HISTORY_PAGE));
    } catch (e) {
      if (!this.app.state) return;
      this.app.update(P.personLoaded(this.app.state, id, { messages: [] }, Limits.HISTORY_PAGE));
      this.showError(errorText(e));
    }
  }

  /**
   * Sends to the person through the network shown (the user's pick, else the server's choice). As in a
   * chat, the text leaves the box at once and is queued (outbox.js), sent after any still on its way.
   */
  send(id) {
    const pane = this.app.ui && this.app.ui.personPane;
    if (!pane) return undefined;
    const input = pane._parts.input;
    const text = input.value;
    if (text === '' && pane._outbox && pane._outbox.busy) return undefined;
    const problem = checkMessageText(text);
    if (problem) {
      this.showError(problem);
      return undefined;
    }
    this.showError('');
    const body = { personId: id, text };
    const pick = P.personView(this.app.state, id).pick;
    if (pick) {
      const via = P.replyVia(this.app.state, id);
      body.accountId = via.accountId;
      body.jid = via.jid;
    }
    input.value = '';
    return this.outbox(pane).push({ text, personId: id, body, clientId: newClientId() });
  }

  /** The person pane's queue of messages on their way out; it shows the open person's. */
  outbox(pane) {
    if (!pane._outbox) {
      pane._outbox = new Outbox((item) => this.sendQueued(pane, item), () => drawQueued(pane));
    }
    return pane._outbox;
  }

  /** Sends one queued message to its person; null when it went out, else the words shown on it. */
  async sendQueued(pane, { text, personId, body, clientId }) {
    const ports = {
      // sendOnce's retries with the same client id, through person.send.
      request: (type, message) => (this.app.bridge ? this.app.bridge.request(Command.PERSON_SEND, message)
        : Promise.reject(Object.assign(new Error('down'), { code: 'BRIDGE_DOWN' }))),
      whenAttached: () => this.app.whenAttached(),
    };
    try {
      const reply = await sendOnce(ports, body, { clientId });
      let s = this.app.state;
      if (s && reply && reply.message) s = messageSent(s, reply.message);
      if (s) this.app.update(P.sentVia(s, personId, reply && reply.via));
      return null;
    } catch (e) {
      if (this.app.handleAuthFailure(e)) return null;
      const words = 'Not sent: ' + describeError(e).text;
      if (pane._id === personId) {
        this.showError(words);
        // Back in the box when nothing else was typed since, to send again with Enter (as before the queue).
        if (pane._parts.input.value === '') pane._parts.input.value = text;
      }
      return words;
    }
  }

  async merge(contacts) {
    try {
      await this.app.command(Command.PERSON_MERGE, { contacts }, { quiet: true });
      if (this.app.state) this.app.update(P.stopPicking(this.app.state));
      this.showPanelError('');
    } catch (e) {
      this.showPanelError(errorText(e));
    }
  }

  /** "Not the same": hidden here at once; the server keeps it so no other device suggests it again. */
  async dismiss(s) {
    this.app.update(P.dismissSuggestion(this.app.state, P.suggestionKey(s)));
    try {
      await this.app.command(Command.PERSON_DISMISS, { contacts: s.contacts.map((c) => ({ accountId: c.accountId, jid: c.jid })) },
        { quiet: true });
      this.showPanelError('');
    } catch (e) {
      this.showPanelError(errorText(e));
    }
  }

  async split(id, accountId, jid) {
    try {
      await this.app.command(Command.PERSON_SPLIT, { personId: id, accountId, jid }, { quiet: true });
    } catch (e) {
      this.showError(errorText(e));
    }
  }

  showError(text) {
    const pane = this.app.ui && this.app.ui.personPane;
    if (pane) setText(pane.querySelector('.person-error'), text);
  }

  showPanelError(text) {
    const panel = this.app.ui && this.app.ui.people;
    if (panel) setText(panel.error, text);
  }
}
