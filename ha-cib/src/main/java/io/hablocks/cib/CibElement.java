package io.hablocks.cib;

import io.hablocks.cib.internal.XmlWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable XML element of a CIB (or a comment between elements): its name, its attributes in
 * document order and its children in order. The typed model ({@link Cib}, {@link Primitive}, ...)
 * reads these elements and keeps them, so attributes and children it does not know survive a
 * round trip and a patch unchanged.
 *
 * <p>Equality is XML equality: same name, same attributes (name and value, in any order), same
 * children in the same order (comments included, with their text). The source line is not part
 * of equality.
 *
 * <p>Change an element with the {@code with...} methods or {@link #toBuilder()}; each returns a
 * new element sharing the unchanged children.
 */
public final class CibElement {

  /** The pseudo-name of a comment node. */
  public static final String COMMENT = "#comment";

  private static final String[] NO_ATTRS = new String[0];

  private final String name;
  private final String[] attrs;
  private final List<CibElement> children;
  private final String text;
  private final int line;
  private int hash;

  private CibElement(String name, String[] attrs, List<CibElement> children, String text, int line) {
    this.name = name;
    this.attrs = attrs;
    this.children = children;
    this.text = text;
    this.line = line;
  }

  /**
   * An element with no attributes and no children.
   *
   * @param name the element name
   * @return the element
   */
  public static CibElement of(String name) {
    return builder(name).build();
  }

  /**
   * A comment node.
   *
   * @param text the comment text (must not contain "--")
   * @return the comment
   */
  public static CibElement comment(String text) {
    Objects.requireNonNull(text, "text");
    if (text.contains("--") || text.endsWith("-")) {
      throw new IllegalArgumentException("a comment may not contain '--' or end with '-'");
    }
    return new CibElement(COMMENT, NO_ATTRS, List.of(), text, -1);
  }

  /**
   * A comment node read from a source line.
   *
   * @param text the comment text
   * @param line its line
   * @return the comment
   */
  public static CibElement comment(String text, int line) {
    return new CibElement(COMMENT, NO_ATTRS, List.of(), Objects.requireNonNull(text, "text"), line);
  }

  /**
   * A builder for an element.
   *
   * @param name the element name
   * @return the builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** @return the element name, or {@link #COMMENT} for a comment */
  public String name() {
    return name;
  }

  /** @return whether this is a comment node */
  public boolean isComment() {
    return text != null;
  }

  /** @return the comment text, empty for an element */
  public Optional<String> commentText() {
    return Optional.ofNullable(text);
  }

  /** @return the line this element started on in its source, or -1 if it was built in code */
  public int line() {
    return line;
  }

  /** @return the number of attributes */
  public int attributeCount() {
    return attrs.length / 2;
  }

  /**
   * @param index from 0 to {@link #attributeCount()} - 1
   * @return the name of the attribute at that position (document order)
   */
  public String attributeName(int index) {
    return attrs[2 * index];
  }

  /**
   * @param index from 0 to {@link #attributeCount()} - 1
   * @return the value of the attribute at that position
   */
  public String attributeValue(int index) {
    return attrs[2 * index + 1];
  }

  /**
   * The value of an attribute.
   *
   * @param attribute its name
   * @return its value, if present
   */
  public Optional<String> attribute(String attribute) {
    return Optional.ofNullable(attributeOrNull(attribute));
  }

  /**
   * The value of an attribute or a default.
   *
   * @param attribute its name
   * @param fallback returned when absent
   * @return the value or the fallback
   */
  public String attribute(String attribute, String fallback) {
    String v = attributeOrNull(attribute);
    return v == null ? fallback : v;
  }

  /**
   * The value of an attribute, or null.
   *
   * @param attribute its name
   * @return the value or null
   */
  public String attributeOrNull(String attribute) {
    for (int i = 0; i < attrs.length; i += 2) {
      if (attrs[i].equals(attribute)) {
        return attrs[i + 1];
      }
    }
    return null;
  }

  /**
   * @param attribute a name
   * @return whether the attribute is present
   */
  public boolean hasAttribute(String attribute) {
    return attributeOrNull(attribute) != null;
  }

  /** @return the attributes in document order (an unmodifiable copy) */
  public Map<String, String> attributes() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < attrs.length; i += 2) {
      m.put(attrs[i], attrs[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** @return the {@code id} attribute, if present */
  public Optional<String> id() {
    return attribute("id");
  }

  /** @return every child, comments included, in order */
  public List<CibElement> children() {
    return children;
  }

  /** @return the child elements (comments left out), in order */
  public List<CibElement> elements() {
    List<CibElement> out = new ArrayList<>(children.size());
    for (CibElement c : children) {
      if (!c.isComment()) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * @param childName an element name
   * @return the child elements with that name, in order
   */
  public List<CibElement> elements(String childName) {
    List<CibElement> out = new ArrayList<>();
    for (CibElement c : children) {
      if (c.name.equals(childName) && !c.isComment()) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * @param childName an element name
   * @return the first child element with that name
   */
  public Optional<CibElement> firstElement(String childName) {
    for (CibElement c : children) {
      if (c.name.equals(childName) && !c.isComment()) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /**
   * Depth-first search (this element included) for the first element with an id.
   *
   * @param wanted the id
   * @return the element
   */
  public Optional<CibElement> findById(String wanted) {
    if (wanted.equals(attributeOrNull("id"))) {
      return Optional.of(this);
    }
    for (CibElement c : children) {
      if (!c.isComment()) {
        Optional<CibElement> f = c.findById(wanted);
        if (f.isPresent()) {
          return f;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * This element with an attribute set (replaced in place if present, else appended).
   *
   * @param attribute the name
   * @param value the value
   * @return the new element
   */
  public CibElement withAttribute(String attribute, String value) {
    return toBuilder().attribute(attribute, value).build();
  }

  /**
   * This element without an attribute.
   *
   * @param attribute the name
   * @return the new element (this one if the attribute was absent)
   */
  public CibElement withoutAttribute(String attribute) {
    if (!hasAttribute(attribute)) {
      return this;
    }
    return toBuilder().removeAttribute(attribute).build();
  }

  /**
   * This element with other children.
   *
   * @param newChildren the children, in order
   * @return the new element
   */
  public CibElement withChildren(List<CibElement> newChildren) {
    return new CibElement(name, attrs, List.copyOf(newChildren), text, line);
  }

  /**
   * This element with one more child at the end.
   *
   * @param child the child
   * @return the new element
   */
  public CibElement withChild(CibElement child) {
    return withChildAt(children.size(), child);
  }

  /**
   * This element with one more child at a position.
   *
   * @param index where (0 to the number of children)
   * @param child the child
   * @return the new element
   */
  public CibElement withChildAt(int index, CibElement child) {
    List<CibElement> l = new ArrayList<>(children);
    l.add(index, Objects.requireNonNull(child, "child"));
    return new CibElement(name, attrs, Collections.unmodifiableList(l), text, line);
  }

  /**
   * This element with the child at a position replaced.
   *
   * @param index the position
   * @param child the new child
   * @return the new element
   */
  public CibElement withChildReplaced(int index, CibElement child) {
    List<CibElement> l = new ArrayList<>(children);
    l.set(index, Objects.requireNonNull(child, "child"));
    return new CibElement(name, attrs, Collections.unmodifiableList(l), text, line);
  }

  /**
   * This element without the child at a position.
   *
   * @param index the position
   * @return the new element
   */
  public CibElement withoutChild(int index) {
    List<CibElement> l = new ArrayList<>(children);
    l.remove(index);
    return new CibElement(name, attrs, Collections.unmodifiableList(l), text, line);
  }

  /** @return a builder holding this element's name, attributes, children and line */
  public Builder toBuilder() {
    if (isComment()) {
      throw new IllegalStateException("a comment has no builder");
    }
    Builder b = new Builder(name);
    b.attrs.addAll(Arrays.asList(attrs));
    b.children.addAll(children);
    b.line = line;
    return b;
  }

  /**
   * Whether two elements are equal with attributes compared in order too (a stricter test than
   * {@link #equals}, used to check that writing preserves attribute order).
   *
   * @param other the other element
   * @return whether they are equal including attribute order
   */
  public boolean equalsInOrder(CibElement other) {
    if (!name.equals(other.name) || !Objects.equals(text, other.text)
        || !Arrays.equals(attrs, other.attrs) || children.size() != other.children.size()) {
      return false;
    }
    for (int i = 0; i < children.size(); i++) {
      if (!children.get(i).equalsInOrder(other.children.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CibElement e)) {
      return false;
    }
    if (hash != 0 && e.hash != 0 && hash != e.hash) {
      return false;
    }
    if (!name.equals(e.name) || !Objects.equals(text, e.text) || attrs.length != e.attrs.length
        || children.size() != e.children.size()) {
      return false;
    }
    for (int i = 0; i < attrs.length; i += 2) {
      if (!attrs[i + 1].equals(e.attributeOrNull(attrs[i]))) {
        return false;
      }
    }
    return children.equals(e.children);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = name.hashCode() * 31 + Objects.hashCode(text);
      int a = 0;
      for (int i = 0; i < attrs.length; i += 2) {
        a += attrs[i].hashCode() ^ attrs[i + 1].hashCode();
      }
      h = h * 31 + a;
      h = h * 31 + children.hashCode();
      if (h == 0) {
        h = 1;
      }
      hash = h;
    }
    return h;
  }

  /** @return the element as XML, indented */
  @Override
  public String toString() {
    return XmlWriter.write(this, true);
  }

  /** Builds an element; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final List<String> attrs = new ArrayList<>();
    private final List<CibElement> children = new ArrayList<>();
    private int line = -1;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.equals(COMMENT)) {
        throw new IllegalArgumentException("bad element name '" + name + "'");
      }
    }

    /**
     * Sets an attribute: replaced in place if present, else appended.
     *
     * @param attribute the name
     * @param value the value
     * @return this builder
     */
    public Builder attribute(String attribute, String value) {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(value, "value");
      for (int i = 0; i < attrs.size(); i += 2) {
        if (attrs.get(i).equals(attribute)) {
          attrs.set(i + 1, value);
          return this;
        }
      }
      attrs.add(attribute);
      attrs.add(value);
      return this;
    }

    /**
     * Removes an attribute if present.
     *
     * @param attribute the name
     * @return this builder
     */
    public Builder removeAttribute(String attribute) {
      for (int i = 0; i < attrs.size(); i += 2) {
        if (attrs.get(i).equals(attribute)) {
          attrs.remove(i);
          attrs.remove(i);
          return this;
        }
      }
      return this;
    }

    /**
     * Removes every attribute.
     *
     * @return this builder
     */
    public Builder clearAttributes() {
      attrs.clear();
      return this;
    }

    /**
     * Appends a child.
     *
     * @param child the child
     * @return this builder
     */
    public Builder child(CibElement child) {
      children.add(Objects.requireNonNull(child, "child"));
      return this;
    }

    /**
     * Appends children.
     *
     * @param more the children
     * @return this builder
     */
    public Builder children(List<CibElement> more) {
      for (CibElement c : more) {
        child(c);
      }
      return this;
    }

    /**
     * Removes every child.
     *
     * @return this builder
     */
    public Builder clearChildren() {
      children.clear();
      return this;
    }

    /**
     * Sets the source line (kept for error messages, not part of equality).
     *
     * @param sourceLine the line, -1 for none
     * @return this builder
     */
    public Builder line(int sourceLine) {
      this.line = sourceLine;
      return this;
    }

    /** @return the element */
    public CibElement build() {
      String[] a = attrs.isEmpty() ? NO_ATTRS : attrs.toArray(new String[0]);
      List<CibElement> c = children.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(children));
      return new CibElement(name, a, c, null, line);
    }
  }
}
