package io.hablocks.resources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code op-digest} of an operation, byte for byte as Pacemaker 2.1 computes it: the
 * operation's parameters without {@code CRM_meta_*} and {@code crm_feature_set} (but with
 * {@code CRM_meta_timeout} kept for a recurring operation), written as
 * {@code " <parameters k=\"v\" .../>\n"} with the names in byte order and the values escaped as
 * Pacemaker's XML writer escapes them, then md5 in lowercase hex. An empty set gives
 * {@code f2317cad3d54cec5d7d7aa7d0bf35cf8}.
 */
public final class OperationDigest {

  private static final String META = "CRM_meta_";
  private static final String TIMEOUT = "CRM_meta_timeout";
  private static final String INTERVAL = "CRM_meta_interval";

  private OperationDigest() {}

  /**
   * The digest of an operation's parameters.
   *
   * @param parameters instance attributes and {@code CRM_meta_*} values, as passed to the agent
   *     (an interval is read from {@code CRM_meta_interval}, in milliseconds)
   * @return the md5, 32 lowercase hex digits
   */
  public static String of(Map<String, String> parameters) {
    return md5(text(filter(parameters)));
  }

  /**
   * The parameters that enter the digest.
   *
   * @param parameters all of the operation's parameters
   * @return those kept, sorted by name in byte order
   */
  public static Map<String, String> filter(Map<String, String> parameters) {
    Objects.requireNonNull(parameters, "parameters");
    TreeMap<String, String> out = new TreeMap<>();
    String interval = parameters.get(INTERVAL);
    boolean recurring = interval != null && !interval.isEmpty() && !interval.equals("0");
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(META) || k.equals("crm_feature_set") || k.startsWith("#")) {
        continue;
      }
      out.put(k, e.getValue() == null ? "" : e.getValue());
    }
    if (recurring && parameters.get(TIMEOUT) != null) {
      out.put(TIMEOUT, parameters.get(TIMEOUT));
    }
    return out;
  }

  /**
   * The exact text that is hashed.
   *
   * @param sorted the filtered parameters, sorted
   * @return {@code " <parameters .../>\n"}
   */
  static String text(Map<String, String> sorted) {
    StringBuilder b = new StringBuilder(" <parameters");
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      b.append(' ').append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
    }
    return b.append("/>\n").toString();
  }

  /**
   * Escapes an attribute value as Pacemaker 2.1's XML writer does: {@code < > " ' &} as
   * entities, a tab as four spaces, newline and carriage return as the two characters
   * {@code \n} / {@code \r}, other control characters as {@code ?}; and, as Pacemaker does, the
   * rest of the value is copied unescaped from the first multi-byte UTF-8 character on.
   *
   * @param value the value
   * @return the escaped value
   */
  static String escape(String value) {
    StringBuilder b = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        b.append(value, i, value.length());
        break;
      }
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        case '&' -> b.append("&amp;");
        case '\t' -> b.append("    ");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c < 32 || c > 126 ? '?' : c);
      }
    }
    return b.toString();
  }

  private static String md5(String text) {
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(32);
      for (byte x : d) {
        hex.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }
}
