package io.hablocks.cib.internal;

import io.hablocks.cib.CibElement;
import io.hablocks.cib.CibParseException;
import io.hablocks.cib.CibXml;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A hardened StAX reader of CIB-like XML into {@link CibElement}s: DTDs and entity declarations
 * are refused, external entities never resolved, input bytes, depth, attributes, attribute length
 * and element count bounded. Whitespace-only text between elements is dropped; other text is
 * refused (a CIB has none); comments are kept as comment nodes; processing instructions dropped.
 */
public final class XmlReader {

  private static final XMLInputFactory FACTORY = newFactory();

  private XmlReader() {}

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.FALSE);
    f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.TRUE);
    f.setXMLResolver((publicId, systemId, baseUri, ns) -> {
      throw new XMLStreamException("external entity '" + systemId + "' refused");
    });
    return f;
  }

  /**
   * Reads one document.
   *
   * @param in the bytes (not closed)
   * @param limits the bounds
   * @param source a name for messages (a file name), or null
   * @return the root element
   * @throws CibParseException naming the place and the reason
   */
  public static CibElement read(InputStream in, CibXml.Limits limits, String source) {
    BoundedInputStream bounded = new BoundedInputStream(in, limits.maxBytes());
    Deque stack = new Deque();
    XMLStreamReader r = null;
    long elements = 0;
    CibElement root = null;
    try {
      r = FACTORY.createXMLStreamReader(bounded);
      while (r.hasNext()) {
        int ev = r.next();
        switch (ev) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (root != null) {
              throw fail(stack, r, source, "content after the root element");
            }
            if (++elements > limits.maxElements()) {
              throw fail(stack, r, source, "more than " + limits.maxElements() + " elements");
            }
            if (stack.size >= limits.maxDepth()) {
              throw fail(stack, r, source, "nesting deeper than " + limits.maxDepth());
            }
            String name = r.getLocalName();
            int n = r.getAttributeCount();
            if (n > limits.maxAttributes()) {
              throw fail(stack, r, source, "<" + name + "> has " + n + " attributes, more than "
                  + limits.maxAttributes());
            }
            CibElement.Builder b = CibElement.builder(name).line(line(r));
            String id = null;
            for (int i = 0; i < n; i++) {
              String an = r.getAttributeLocalName(i);
              String prefix = r.getAttributePrefix(i);
              if (prefix != null && !prefix.isEmpty()) {
                an = prefix + ":" + an;
              }
              String av = r.getAttributeValue(i);
              if (av.length() > limits.maxAttributeLength()) {
                throw fail(stack, r, source, "attribute '" + an + "' of <" + name + "> is "
                    + av.length() + " characters, more than " + limits.maxAttributeLength());
              }
              if (an.equals("id")) {
                id = av;
              }
              b.attribute(an, av);
            }
            stack.push(new Frame(name, id, b));
          }
          case XMLStreamConstants.END_ELEMENT -> {
            Frame f = stack.pop();
            CibElement e = f.builder.build();
            if (stack.size == 0) {
              root = e;
            } else {
              stack.peek().builder.child(e);
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (!r.isWhiteSpace()) {
              String t = r.getText();
              if (!t.isBlank()) {
                throw fail(stack, r, source, "text content '" + abbreviate(t.strip())
                    + "' is not allowed in a CIB");
              }
            }
          }
          case XMLStreamConstants.COMMENT -> {
            if (stack.size > 0) {
              stack.peek().builder.child(CibElement.comment(r.getText(), line(r)));
            }
          }
          case XMLStreamConstants.DTD -> throw fail(stack, r, source, "a DOCTYPE/DTD is not allowed");
          case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
              throw fail(stack, r, source, "entity references are not allowed");
          default -> {
            // processing instructions, start/end document: nothing to keep
          }
        }
      }
    } catch (XMLStreamException e) {
      if (bounded.exceeded) {
        throw new CibParseException(stack.path(), -1, prefix(source) + "input larger than "
            + limits.maxBytes() + " bytes");
      }
      Location loc = e.getLocation();
      String msg = e.getMessage();
      int cut = msg == null ? -1 : msg.indexOf("Message: ");
      if (cut >= 0) {
        msg = msg.substring(cut + 9);
      }
      throw new CibParseException(stack.path(), loc == null ? -1 : loc.getLineNumber(),
          prefix(source) + "not well-formed XML: " + msg, e);
    } catch (UncheckedIOException e) {
      throw new CibParseException(stack.path(), -1, prefix(source) + e.getMessage(), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing held beyond the stream, which the caller owns
        }
      }
    }
    if (root == null) {
      throw new CibParseException(null, -1, prefix(source) + "no root element");
    }
    return root;
  }

  private static String prefix(String source) {
    return source == null ? "" : source + ": ";
  }

  private static int line(XMLStreamReader r) {
    Location l = r.getLocation();
    return l == null ? -1 : l.getLineNumber();
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static CibParseException fail(Deque stack, XMLStreamReader r, String source, String reason) {
    return new CibParseException(stack.path(), line(r), prefix(source) + reason);
  }

  private record Frame(String name, String id, CibElement.Builder builder) {}

  /** A tiny stack that can print the element path. */
  private static final class Deque {
    private final List<Frame> frames = new ArrayList<>();
    private int size;

    void push(Frame f) {
      frames.add(f);
      size++;
    }

    Frame pop() {
      size--;
      return frames.remove(size);
    }

    Frame peek() {
      return frames.get(size - 1);
    }

    String path() {
      StringBuilder b = new StringBuilder();
      for (Frame f : frames) {
        b.append('/').append(f.name);
        if (f.id != null) {
          b.append("[@id='").append(f.id).append("']");
        }
      }
      return b.toString();
    }
  }

  /** Thrown through StAX when the underlying stream fails. */
  private static final class UncheckedIOException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedIOException(IOException e) {
      super("cannot read input: " + e.getMessage(), e);
    }
  }

  /** Counts bytes and stops at the limit. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private final long max;
    private long count;
    boolean exceeded;

    BoundedInputStream(InputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int c = in.read();
      if (c >= 0 && ++count > max) {
        exceeded = true;
        throw new IOException("input larger than " + max + " bytes");
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
        if (count > max) {
          exceeded = true;
          throw new IOException("input larger than " + max + " bytes");
        }
      }
      return n;
    }
  }
}
