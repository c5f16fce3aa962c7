package parley.xmpp.stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One XML element of an XMPP stream (a stanza or a part of one), immutable. XMPP uses no mixed
 * content that matters, so an element has children and one text: the concatenation of its own
 * text pieces. Attribute keys are the names as written ({@code type}, {@code xml:lang}).
 */
public final class Element {
  private final String name;
  private final String namespace;
  private final Map<String, String> attributes;
  private final List<Element> children;
  private final String text;

  private Element(Builder b) {
    this.name = b.name;
    this.namespace = b.namespace;
    this.attributes = b.attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(b.attributes);
    this.children = b.children.isEmpty() ? List.of() : Collections.unmodifiableList(b.children);
    this.text = b.text == null ? "" : b.text.toString();
  }

  public static Builder builder(String name, String namespace) {
    return new Builder(name, namespace);
  }

  /** The local name, e.g. {@code message}. */
  public String name() {
    return name;
  }

  /** The namespace URI, e.g. {@code jabber:client}; empty when none. */
  public String namespace() {
    return namespace;
  }

  public boolean is(String name, String namespace) {
    return this.name.equals(name) && this.namespace.equals(namespace);
  }

  /** The attribute's value, or null. */
  public String attribute(String key) {
    return attributes.get(key);
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  public List<Element> children() {
    return children;
  }

  /** The first child with this name and namespace, or null. */
  public Element child(String name, String namespace) {
    for (Element c : children) {
      if (c.is(name, namespace)) {
        return c;
      }
    }
    return null;
  }

  /** The first child with this name in this element's own namespace, or null. */
  public Element child(String name) {
    return child(name, namespace);
  }

  /** The children with this name and namespace. */
  public List<Element> children(String name, String namespace) {
    List<Element> found = new ArrayList<>();
    for (Element c : children) {
      if (c.is(name, namespace)) {
        found.add(c);
      }
    }
    return found;
  }

  /** The text of the first such child (in this element's namespace), or null if there is no such child. */
  public String childText(String name) {
    Element c = child(name);
    return c == null ? null : c.text;
  }

  /** The element's own text (not its children's); empty when none. */
  public String text() {
    return text;
  }

  /** A copy with one attribute set (or removed, with a null value). */
  public Element withAttribute(String key, String value) {
    Builder b = new Builder(name, namespace);
    b.attributes.putAll(attributes);
    b.attributes.remove(key);
    b.attribute(key, value);
    b.children.addAll(children);
    b.text(text);
    return b.build();
  }

  /** The element as XML, for logs and tests. */
  @Override
  public String toString() {
    try {
      return XmlWriter.toXml(this, "");
    } catch (InvalidXmlCharacterException e) {
      return "<" + name + " xmlns='" + namespace + "'>(" + e.getMessage() + ")";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Element e && name.equals(e.name) && namespace.equals(e.namespace)
        && attributes.equals(e.attributes) && children.equals(e.children) && text.equals(e.text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, namespace, attributes, children, text);
  }

  /** Builds an element; not thread-safe, used once. */
  public static final class Builder {
    private final String name;
    private final String namespace;
    private final Map<String, String> attributes = new LinkedHashMap<>(4);
    private final List<Element> children = new ArrayList<>(2);
    private StringBuilder text;

    private Builder(String name, String namespace) {
      this.name = Objects.requireNonNull(name, "name");
      this.namespace = namespace == null ? "" : namespace;
    }

    /** Sets an attribute; a null value leaves it out. */
    public Builder attribute(String key, String value) {
      if (value != null) {
        attributes.put(key, value);
      }
      return this;
    }

    public Builder child(Element child) {
      children.add(child);
      return this;
    }

    /** Adds a child in this element's namespace with just a text. */
    public Builder textChild(String name, String text) {
      return child(builder(name, namespace).text(text).build());
    }

    /** Appends text; null adds nothing. */
    public Builder text(String more) {
      if (more != null && !more.isEmpty()) {
        if (text == null) {
          text = new StringBuilder(more.length());
        }
        text.append(more);
      }
      return this;
    }

    public Element build() {
      return new Element(this);
    }
  }
}
