package io.hablocks.cib;

import java.util.Locale;

/** Pacemaker's reading of boolean attribute values ({@code crm_is_true}). */
public final class CibBooleans {

  private CibBooleans() {}

  /**
   * Whether a value is true as Pacemaker reads it: "true", "on", "yes", "y", "1"
   * (case-insensitive).
   *
   * @param value the text, may be null
   * @return whether it is true
   */
  public static boolean isTrue(String value) {
    if (value == null) {
      return false;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "y", "1":
        return true;
      default:
        return false;
    }
  }
}
