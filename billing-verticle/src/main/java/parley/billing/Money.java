package parley.billing;

/** Integer minor units shown as text: 1234 in EUR is "12.34 EUR". Never floating point. */
record Money(String currency) {
  String format(long minor) {
    long abs = Math.abs(minor);
    return (minor < 0 ? "-" : "") + abs / 100 + "." + String.format("%02d", abs % 100) + " " + currency;
  }
}
