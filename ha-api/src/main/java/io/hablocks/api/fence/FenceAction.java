package io.hablocks.api.fence;

/** The actions of the fence-agents protocol, with their words on the wire ({@code action=}). */
public enum FenceAction {
  /** Power the target on. */
  ON("on"),
  /** Power the target off. */
  OFF("off"),
  /** Power-cycle the target. */
  REBOOT("reboot"),
  /** Report the target's power state: exit 0 on, 2 off, 1 error. */
  STATUS("status"),
  /** List the plugs the device controls. */
  LIST("list"),
  /** List the plugs with their state. */
  LIST_STATUS("list-status"),
  /** Check that the device works. */
  MONITOR("monitor"),
  /** Print the agent's meta-data. */
  METADATA("metadata"),
  /** Check the parameters. */
  VALIDATE_ALL("validate-all");

  private final String word;

  FenceAction(String word) {
    this.word = word;
  }

  /** @return the action as written on the agent's standard input */
  public String word() {
    return word;
  }

  /**
   * The action for a word.
   *
   * @param word for example {@code reboot} or {@code list-status}
   * @return the action
   * @throws IllegalArgumentException naming the word if it is no fence action
   */
  public static FenceAction parse(String word) {
    for (FenceAction a : values()) {
      if (a.word.equals(word)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown fence action '" + word + "'");
  }
}
