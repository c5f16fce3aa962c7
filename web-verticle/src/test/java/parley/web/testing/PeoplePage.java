package parley.web.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** What a person does on the page with people (one person's contacts on several networks, merged). */
public final class PeoplePage {
  private final ParleyPage page;

  public PeoplePage(ParleyPage page) {
    this.page = page;
  }

  /** Adds a contact on the account whose entry in the form mentions {@code accountLogin} (the form's first is the default). */
  public void addContactOn(String accountLogin, String jid, String name) {
    page.browser.visible("#add-contact-button").click();
    Select account = new Select(page.browser.visible("#contact-account"));
    for (int i = 0; i < account.getOptions().size(); i++) {
      if (account.getOptions().get(i).getText().contains(accountLogin)) {
        account.selectByIndex(i);
      }
    }
    page.browser.visible("#contact-jid").sendKeys(jid);
    page.browser.visible("#contact-name").sendKeys(name);
    page.browser.visible("#contact-save").click();
  }

  /** Waits for the merge suggestion whose text contains {@code text}; answers its text element. */
  public WebElement suggestion(String text) {
    return page.browser.text(".person-suggestion .suggestion-text", text);
  }

  /** Merges from the suggestion (as {@link #suggestion} answered it); answers the person's entry in the list. */
  public WebElement merge(WebElement suggestion) {
    suggestion.findElement(By.xpath("./..")).findElement(By.cssSelector(".suggestion-merge")).click();
    return page.browser.visible(".person-entry");
  }

  /** Opens the person's conversation from their entry. */
  public void open(WebElement person) {
    person.click();
    page.browser.visible(".person-chat .person-input");
  }

  /**
   * Types a message to the open person and sends it with Enter, as a person does: the page takes it at
   * once (queued behind any still on its way), so there is nothing to wait for before the next one.
   */
  public void send(String text) {
    page.browser.visible(".person-chat .person-input").sendKeys(text, Keys.ENTER);
  }
}
