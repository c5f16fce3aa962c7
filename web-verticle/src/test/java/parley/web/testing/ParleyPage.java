package parley.web.testing;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** What a person does on the Parley page, by the page's stable element hooks. */
public final class ParleyPage {
  public final Browser browser;
  private final String baseUrl;

  public ParleyPage(Browser browser, int port) {
    this.browser = browser;
    this.baseUrl = "http://127.0.0.1:" + port + "/";
  }

  public ParleyPage open() {
    browser.open(baseUrl);
    return this;
  }

  public void signUp(String username, String password) {
    browser.visible("#username").sendKeys(username);
    browser.visible("#password").sendKeys(password);
    browser.visible("#signup-button").click();
    browser.text("#me", username);
  }

  public void signIn(String username, String password) {
    browser.visible("#username").sendKeys(username);
    browser.visible("#password").sendKeys(password);
    browser.visible("#signin-button").click();
    browser.text("#me", username);
  }

  public void addXmppAccount(String jid, String password, int port) {
    addXmppAccount(jid, password, port, "if-offered");
  }

  /** With the TLS choice {@code tls}: "required" or "if-offered". */
  public void addXmppAccount(String jid, String password, int port, String tls) {
    openAccountForm("xmpp", jid, password, port);
    new Select(browser.visible("#account-tls")).selectByValue(tls);
    browser.visible("#account-save").click();
  }

  /** An AIM screen name or ICQ number on an OSCAR server at 127.0.0.1. */
  public void addOscarAccount(String screenName, String password, int port) {
    openAccountForm("oscar", screenName, password, port);
    browser.visible("#account-save").click();
  }

  /** An IRC nickname on a server at 127.0.0.1, without TLS ("if-offered" means plain text on IRC). */
  public void addIrcAccount(String nick, String password, int port) {
    openAccountForm("irc", nick, password, port);
    new Select(browser.visible("#account-tls")).selectByValue("if-offered");
    browser.visible("#account-save").click();
  }

  private void openAccountForm(String network, String login, String password, int port) {
    browser.visible("#add-account-button").click();
    // The networks come with the page's attach (the running nodes describe them): offered once it is done.
    browser.waitFor("the " + network + " network offered", d -> !d.findElements(
        By.cssSelector("#account-network option[value='" + network + "']")).isEmpty());
    new Select(browser.visible("#account-network")).selectByValue(network);
    browser.visible("#account-login").sendKeys(login);
    browser.visible("#account-password").sendKeys(password);
    browser.visible("#account-host").sendKeys("127.0.0.1");
    WebElement portField = browser.visible("#account-port");
    portField.clear();
    portField.sendKeys(String.valueOf(port));
  }

  public void waitAccountState(String login, String state) {
    browser.waitFor("account " + login + " " + state, d -> d.findElements(By.cssSelector(".account")).stream()
        .filter(a -> a.findElement(By.cssSelector(".account-login")).getText().contains(login))
        .anyMatch(a -> a.findElement(By.cssSelector(".account-state")).getText().trim().equals(state)));
  }

  public void addContact(String jid, String name) {
    browser.visible("#add-contact-button").click();
    browser.visible("#contact-jid").sendKeys(jid);
    browser.visible("#contact-name").sendKeys(name);
    browser.visible("#contact-save").click();
  }

  public void approveRequestFrom(String jid) {
    browser.visible(".subscription-request[data-jid='" + jid + "'] .approve").click();
  }

  public String contactSelector(String jid) {
    return ".contact[data-jid='" + jid + "']";
  }

  /** Waits until the contact shows that presence ("available", "away", ...). */
  public void waitPresence(String jid, String show) {
    browser.waitFor(jid + " shown as " + show, d -> d.findElements(By.cssSelector(contactSelector(jid) + " .contact-presence"))
        .stream().anyMatch(e -> show.equals(e.getAttribute("data-show"))));
  }

  public void setOwnPresence(String show, String status) {
    new Select(browser.visible("#own-show")).selectByValue(show);
    WebElement input = browser.visible("#own-status");
    input.clear();
    input.sendKeys(status);
    browser.visible("#own-presence-save").click();
  }

  /** The addresses in the contact list (contacts and people who wrote), top to bottom. */
  public List<String> contactListOrder() {
    return browser.all("#contact-groups li[data-jid]").stream().map(e -> e.getAttribute("data-jid")).toList();
  }

  public String chatSelector(String jid) {
    return ".chat[data-jid='" + jid + "']";
  }

  public void openChat(String jid) {
    browser.visible(contactSelector(jid)).click();
    browser.visible(chatSelector(jid) + " .chat-input");
  }

  public void type(String jid, String text) {
    browser.visible(chatSelector(jid) + " .chat-input").sendKeys(text);
  }

  public void pressEnter(String jid) {
    browser.visible(chatSelector(jid) + " .chat-input").sendKeys(Keys.ENTER);
  }

  public void say(String jid, String text) {
    type(jid, text);
    pressEnter(jid);
  }

  /** Waits for a message with that text in the chat, in that direction ("in" or "out"). */
  public void waitMessage(String jid, String direction, String text) {
    browser.text(chatSelector(jid) + " .chat-message." + direction + " .chat-text", text);
  }

  public List<String> messageTexts(String jid) {
    return browser.all(chatSelector(jid) + " .chat-message .chat-text").stream().map(WebElement::getText).toList();
  }

  /** The messages shown as still on their way (queued behind one in flight, or being sent again), in order. */
  public List<String> queuedTexts(String jid) {
    return browser.all(chatSelector(jid) + " .chat-queued .chat-text").stream().map(WebElement::getText).toList();
  }

  /** Starts recording every text the chat's notice line shows; {@link #chatNoticesSeen} returns them. */
  public void recordChatNotices(String jid) {
    browser.script("window.__parleyNotices = [];"
        + "const el = document.querySelector(arguments[0]);"
        + "new MutationObserver(() => window.__parleyNotices.push(el.textContent))"
        + ".observe(el, {childList: true, characterData: true, subtree: true});", chatSelector(jid) + " .chat-error");
  }

  public List<String> chatNoticesSeen() {
    Object seen = browser.script("return window.__parleyNotices || [];");
    return ((List<?>) seen).stream().map(String::valueOf).toList();
  }

  public void waitTyping(String jid) {
    browser.waitFor("typing shown in chat with " + jid, d -> d.findElements(By.cssSelector(chatSelector(jid) + " .typing-indicator"))
        .stream().anyMatch(e -> e.isDisplayed() && !e.getText().isBlank()));
  }

  /**
   * Sends a file from the chat with {@code jid} as a person would: the attach button, then the file
   * chosen in the chooser it opens (see {@link #pickFile}).
   */
  public void sendFile(String jid, java.nio.file.Path file) {
    catchFileChoosers();
    browser.visible(chatSelector(jid) + " .chat-attach").click();
    pickFile(file);
  }

  /** Sets the person's own picture on the account {@code login} from the page's "Picture" button. */
  public void setOwnAvatar(String login, java.nio.file.Path file) {
    catchFileChoosers();
    browser.waitFor("account " + login, d -> d.findElements(By.cssSelector(".account")).stream()
        .filter(a -> a.findElement(By.cssSelector(".account-login")).getText().contains(login))
        .findFirst().map(a -> {
          a.findElement(By.cssSelector(".account-avatar")).click();
          return true;
        }).orElse(false));
    pickFile(file);
  }

  /**
   * A headless browser opens no file dialog: the page's file choosers are kept in the page (hidden)
   * when they are clicked, so that the test can give them a file (WebDriver's file upload) and the
   * page's own change handler takes it from there.
   */
  private void catchFileChoosers() {
    browser.script("if (!window.__parleyChoosers) { window.__parleyChoosers = true;"
        + "const click = HTMLInputElement.prototype.click;"
        + "HTMLInputElement.prototype.click = function () {"
        + "  if (this.type !== 'file') { return click.call(this); }"
        + "  this.classList.add('test-chooser');"
        + "  if (!this.isConnected) { this.hidden = true; document.body.appendChild(this); }"
        + "}; }");
  }

  private void pickFile(java.nio.file.Path file) {
    WebElement chooser = browser.waitFor("a file chooser", d -> d.findElements(By.cssSelector("input.test-chooser")).stream()
        .findFirst().orElse(null));
    browser.script("arguments[0].classList.remove('test-chooser');", chooser);
    chooser.sendKeys(file.toAbsolutePath().toString());
  }

  /** The notice bar's text, once it shows {@code text}. */
  public void waitNotice(String text) {
    browser.text("#notice", text);
  }

  /** The error line under the chat's input (for example why a message was not sent). */
  public void waitChatError(String jid, String text) {
    browser.text(chatSelector(jid) + " .chat-error", text);
  }

  public void openUsage() {
    browser.visible("#usage-button").click();
    browser.visible("#usage-page");
  }

  public void backToChats(String page) {
    browser.visible("#" + page + "-close").click();
    browser.visible(".layout");
  }

  /** Waits until the usage page's row for that network and kind shows {@code count}. */
  public void waitUsageCount(String network, String kind, long count) {
    browser.text("#usage-table tr[data-network='" + network + "'][data-kind='" + kind + "'] .count", String.valueOf(count));
  }

  public void openAdmin() {
    browser.visible("#admin-button").click();
    browser.visible("#admin-page");
  }

  /** Finds a user on the admin page and opens their usage. */
  public void adminOpenUser(String username) {
    WebElement search = browser.visible("#admin-search");
    search.clear();
    search.sendKeys(username);
    browser.visible("#admin-search-button").click();
    // The list is redrawn when a search answers: click whichever button is there when it settles.
    browser.waitFor("open " + username + " on the admin page", d -> {
      try {
        d.findElements(By.cssSelector(".admin-user-button[data-username='" + username + "']")).get(0).click();
        return true;
      } catch (org.openqa.selenium.StaleElementReferenceException | IndexOutOfBoundsException e) {
        return null;
      }
    });
    browser.text("#admin-usage-summary", username);
  }

  public void adminSetPlan(String plan) {
    new Select(browser.visible("#admin-plan")).selectByValue(plan);
    browser.visible("#admin-plan-reason").sendKeys("moved by test");
    browser.visible("#admin-plan-save").click();
    browser.text("#admin-done", "Plan changed to " + plan);
  }

  public void adminAddToLedger(String entry, String amount, String reason) {
    new Select(browser.visible("#admin-entry")).selectByValue(entry);
    browser.visible("#admin-amount").sendKeys(amount);
    browser.visible("#admin-reason").sendKeys(reason);
    browser.visible("#admin-adjust").click();
    browser.text("#admin-done", "Added to the ledger");
  }

  /** Replaces a plan's definition on the admin page. */
  public void adminEditPlan(String name, String definitionJson) {
    browser.visible(".admin-plans summary").click();
    browser.visible("#admin-plan-list button[data-plan='" + name + "']").click();
    WebElement json = browser.visible("#admin-plan-json");
    json.clear();
    json.sendKeys(definitionJson);
    browser.visible("#admin-plan-update").click();
    browser.text("#admin-done", "Plan " + name + " saved");
  }
}
