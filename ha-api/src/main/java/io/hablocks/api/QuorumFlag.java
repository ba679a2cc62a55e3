package io.hablocks.api;

/**
 * The flags {@code corosync-quorumtool -s} prints on its "Flags:" line, with the same words, in
 * the order it prints them ("2Node Quorate WaitForAll ...").
 */
public enum QuorumFlag {
  /** two_node is in effect. */
  TWO_NODE("2Node"),
  /** The partition has quorum. */
  QUORATE("Quorate"),
  /** wait_for_all is armed. */
  WAIT_FOR_ALL("WaitForAll"),
  /** last_man_standing is enabled. */
  LAST_MAN_STANDING("LastManStanding"),
  /** auto_tie_breaker is enabled. */
  AUTO_TIE_BREAKER("AutoTieBreaker"),
  /** allow_downscale is enabled. */
  ALLOW_DOWNSCALE("AllowDownscale"),
  /** A quorum device is configured. */
  QDEVICE("Qdevice");

  private final String word;

  QuorumFlag(String word) {
    this.word = word;
  }

  /** @return the word corosync-quorumtool prints for this flag */
  public String word() {
    return word;
  }
}
