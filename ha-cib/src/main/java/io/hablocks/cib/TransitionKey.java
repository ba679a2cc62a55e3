package io.hablocks.cib;

import java.util.Optional;

/**
 * A {@code transition-key} as the controller writes it: "action:transition:target-rc:uuid" (the
 * action number in the transition graph, the transition number, the rc the controller expected
 * and the uuid of the controller that scheduled it).
 *
 * @param action the action id in the graph
 * @param transition the transition number
 * @param targetRc the expected rc
 * @param uuid the scheduling controller's uuid
 */
public record TransitionKey(int action, int transition, int targetRc, String uuid) {

  /**
   * Reads a transition key.
   *
   * @param text the text
   * @return the key, empty if the text is not one
   */
  public static Optional<TransitionKey> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] p = text.split(":", 4);
    if (p.length != 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(new TransitionKey(Integer.parseInt(p[0]), Integer.parseInt(p[1]),
          Integer.parseInt(p[2]), p[3]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads a {@code transition-magic}: "op-status:rc;transition-key".
   *
   * @param magic the text
   * @return {op-status, rc} and the key, empty if the text is not one
   */
  public static Optional<Magic> parseMagic(String magic) {
    if (magic == null) {
      return Optional.empty();
    }
    int semi = magic.indexOf(';');
    if (semi < 0) {
      return Optional.empty();
    }
    String[] st = magic.substring(0, semi).split(":", 2);
    if (st.length != 2) {
      return Optional.empty();
    }
    try {
      int status = Integer.parseInt(st[0]);
      int rc = Integer.parseInt(st[1]);
      return parse(magic.substring(semi + 1)).map(k -> new Magic(status, rc, k));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * A parsed {@code transition-magic}.
   *
   * @param opStatus the execution status
   * @param rc the OCF rc
   * @param key the transition key
   */
  public record Magic(int opStatus, int rc, TransitionKey key) {}

  @Override
  public String toString() {
    return action + ":" + transition + ":" + targetRc + ":" + uuid;
  }
}
