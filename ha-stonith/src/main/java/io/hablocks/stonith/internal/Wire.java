package io.hablocks.stonith.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fencer's messages between members: UTF-8 lines {@code key=value}, values percent-escaped
 * for '%', '\n' and '\r'; first line {@code hafence=1}. At most {@link #MAX_BYTES}.
 */
public final class Wire {

  /** Largest message accepted. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final String MAGIC = "hafence=1";

  private Wire() {}

  /**
   * Encodes fields.
   *
   * @param fields the fields
   * @return the bytes
   */
  public static byte[] encode(Map<String, String> fields) {
    StringBuilder sb = new StringBuilder(MAGIC).append('\n');
    for (Map.Entry<String, String> e : fields.entrySet()) {
      sb.append(e.getKey()).append('=').append(escape(e.getValue())).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether a payload claims to be a fencer message (starts with {@code hafence=}, any version).
   * Other payloads belong to another service sharing the engine and are none of the fencer's
   * business; a payload that claims to be one is decoded and, if bad, dropped and counted.
   *
   * @param bytes the payload
   * @return true if it starts with the fencer's header key
   */
  public static boolean isFencerMessage(byte[] bytes) {
    byte[] key = "hafence=".getBytes(StandardCharsets.US_ASCII);
    if (bytes.length < key.length) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (bytes[i] != key[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes a message.
   *
   * @param bytes the payload
   * @return the fields
   * @throws IllegalArgumentException saying why the bytes are no fencer message
   */
  public static Map<String, String> decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("message of " + bytes.length + " bytes is too long");
    }
    String s = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = s.split("\n", -1);
    if (lines.length < 2 || !lines[0].equals(MAGIC)) {
      throw new IllegalArgumentException("not a fencer message (no hafence=1 header)");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      int eq = lines[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not key=value");
      }
      out.put(lines[i].substring(0, eq), unescape(lines[i].substring(eq + 1), i + 1));
    }
    return out;
  }

  private static String escape(String v) {
    StringBuilder sb = new StringBuilder();
    for (char c : v.toCharArray()) {
      switch (c) {
        case '%' -> sb.append("%25");
        case '\n' -> sb.append("%0A");
        case '\r' -> sb.append("%0D");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String unescape(String v, int line) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      String hex = v.substring(i + 1, Math.min(v.length(), i + 3));
      switch (hex) {
        case "25" -> sb.append('%');
        case "0A" -> sb.append('\n');
        case "0D" -> sb.append('\r');
        default -> throw new IllegalArgumentException("line " + line + ": bad escape %" + hex);
      }
      i += 2;
    }
    return sb.toString();
  }
}
