package io.hablocks.cib;

import io.hablocks.cib.internal.XmlReader;
import io.hablocks.cib.internal.XmlWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes CIB XML. The reader is hardened: no DTD, no entity declarations, no external
 * entities; input size, nesting depth, attributes per element, attribute length and element
 * count are bounded by {@link Limits}. Every error is a {@link CibParseException} naming the
 * element path, the line and the reason.
 *
 * <p>What survives a round trip: every element, every attribute (value and order), the order of
 * children, and comments. Whitespace between elements is not kept (the writer indents with two
 * spaces, or writes everything on one line); the XML declaration and processing instructions are
 * dropped. Text content other than whitespace is refused (a CIB has none).
 *
 * <pre>{@code
 * Cib cib = CibXml.read(Path.of("cib.xml"));
 * String xml = CibXml.write(cib);
 * }</pre>
 */
public final class CibXml {

  private CibXml() {}

  /**
   * Bounds on what the reader accepts.
   *
   * @param maxBytes the largest input in bytes
   * @param maxDepth the deepest nesting of elements
   * @param maxAttributes the most attributes on one element
   * @param maxAttributeLength the longest attribute value in characters
   * @param maxElements the most elements in one document
   */
  public record Limits(long maxBytes, int maxDepth, int maxAttributes, int maxAttributeLength,
      long maxElements) {

    /** Defaults: 256 MiB, depth 64, 512 attributes, 1 MiB per value, 5 million elements. */
    public static final Limits DEFAULT = new Limits(256L << 20, 64, 512, 1 << 20, 5_000_000L);

    /** Checks that every bound is positive. */
    public Limits {
      if (maxBytes <= 0 || maxDepth <= 0 || maxAttributes <= 0 || maxAttributeLength <= 0
          || maxElements <= 0) {
        throw new IllegalArgumentException("every limit must be positive");
      }
    }
  }

  /**
   * Reads a CIB from a file.
   *
   * @param file the file
   * @return the CIB
   * @throws CibParseException if the file cannot be read or is not a CIB (the message names the
   *     file)
   */
  public static Cib read(Path file) {
    return Cib.of(readElement(file, Limits.DEFAULT));
  }

  /**
   * Reads a CIB from text.
   *
   * @param xml the XML
   * @return the CIB
   * @throws CibParseException if it is not a CIB
   */
  public static Cib read(String xml) {
    return Cib.of(readElement(xml));
  }

  /**
   * Reads a CIB from bytes (UTF-8 unless the declaration says otherwise).
   *
   * @param in the stream (not closed)
   * @param limits the bounds
   * @return the CIB
   * @throws CibParseException if it is not a CIB
   */
  public static Cib read(InputStream in, Limits limits) {
    return Cib.of(XmlReader.read(in, limits, null));
  }

  /**
   * Reads any element tree (a CIB, a patchset, a fragment) from text.
   *
   * @param xml the XML
   * @return the root element
   * @throws CibParseException if it is not well-formed or breaks a limit
   */
  public static CibElement readElement(String xml) {
    if (xml.length() > Limits.DEFAULT.maxBytes()) {
      throw new CibParseException(null, -1, "input larger than " + Limits.DEFAULT.maxBytes() + " bytes");
    }
    return XmlReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
        Limits.DEFAULT, null);
  }

  /**
   * Reads any element tree from a file.
   *
   * @param file the file
   * @param limits the bounds
   * @return the root element
   * @throws CibParseException if unreadable, not well-formed or over a limit; names the file
   */
  public static CibElement readElement(Path file, Limits limits) {
    try (InputStream in = Files.newInputStream(file)) {
      return XmlReader.read(in, limits, file.toString());
    } catch (IOException e) {
      throw new CibParseException(null, -1, file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads any element tree from bytes.
   *
   * @param bytes the bytes
   * @return the root element
   * @throws CibParseException if not well-formed or over a limit
   */
  public static CibElement readElement(byte[] bytes) {
    return XmlReader.read(new ByteArrayInputStream(bytes), Limits.DEFAULT, null);
  }

  /**
   * Writes a CIB indented with two spaces, one element per line, ending in a newline.
   *
   * @param cib the CIB
   * @return the XML
   */
  public static String write(Cib cib) {
    return XmlWriter.write(cib.root(), true);
  }

  /**
   * Writes an element.
   *
   * @param element the element
   * @param pretty indented (true) or on one line (false)
   * @return the XML
   */
  public static String write(CibElement element, boolean pretty) {
    return XmlWriter.write(element, pretty);
  }
}
