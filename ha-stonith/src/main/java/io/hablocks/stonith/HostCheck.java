package io.hablocks.stonith;

/** How a device finds out which nodes it can fence ({@code pcmk_host_check}). */
public enum HostCheck {
  /** The nodes in pcmk_host_list or pcmk_host_map. */
  STATIC_LIST("static-list"),
  /** The plugs the device's {@code list} action prints. */
  DYNAMIC_LIST("dynamic-list"),
  /** The nodes whose plug the {@code status} action knows (exit 0 or 2). */
  STATUS("status"),
  /** Every node. */
  NONE("none");

  private final String word;

  HostCheck(String word) {
    this.word = word;
  }

  /** @return the word of pcmk_host_check */
  public String word() {
    return word;
  }

  /**
   * The value for a word.
   *
   * @param word static-list, dynamic-list, status or none
   * @return the value, or null if the word is none of those
   */
  public static HostCheck parse(String word) {
    for (HostCheck h : values()) {
      if (h.word.equals(word)) {
        return h;
      }
    }
    return null;
  }
}
