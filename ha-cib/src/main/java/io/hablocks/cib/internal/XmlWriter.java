package io.hablocks.cib.internal;

import io.hablocks.cib.CibElement;

/**
 * Writes elements as XML text: attributes in their order, double quotes, {@code &amp; &lt; &gt;
 * &quot;} and control characters escaped (so newlines and tabs in values survive a round trip),
 * empty elements as {@code <x/>}, optional two-space indentation as Pacemaker writes CIBs.
 */
public final class XmlWriter {

  private XmlWriter() {}

  /**
   * @param element the element
   * @param pretty whether to indent (one element per line)
   * @return the XML text, ending in a newline when pretty
   */
  public static String write(CibElement element, boolean pretty) {
    StringBuilder b = new StringBuilder(4096);
    write(b, element, pretty, 0);
    return b.toString();
  }

  /**
   * Appends an element.
   *
   * @param b where
   * @param e the element
   * @param pretty whether to indent
   * @param depth the indentation depth
   */
  public static void write(StringBuilder b, CibElement e, boolean pretty, int depth) {
    if (pretty) {
      for (int i = 0; i < depth; i++) {
        b.append("  ");
      }
    }
    if (e.isComment()) {
      b.append("<!--").append(e.commentText().orElse("")).append("-->");
      if (pretty) {
        b.append('\n');
      }
      return;
    }
    b.append('<').append(e.name());
    int n = e.attributeCount();
    for (int i = 0; i < n; i++) {
      b.append(' ').append(e.attributeName(i)).append("=\"");
      escape(b, e.attributeValue(i));
      b.append('"');
    }
    if (e.children().isEmpty()) {
      b.append("/>");
      if (pretty) {
        b.append('\n');
      }
      return;
    }
    b.append('>');
    if (pretty) {
      b.append('\n');
    }
    for (CibElement c : e.children()) {
      write(b, c, pretty, depth + 1);
    }
    if (pretty) {
      for (int i = 0; i < depth; i++) {
        b.append("  ");
      }
    }
    b.append("</").append(e.name()).append('>');
    if (pretty) {
      b.append('\n');
    }
  }

  /**
   * Appends an attribute value escaped.
   *
   * @param b where
   * @param s the value
   */
  public static void escape(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\n' -> b.append("&#10;");
        case '\r' -> b.append("&#13;");
        case '\t' -> b.append("&#9;");
        default -> b.append(c);
      }
    }
  }
}
