package io.hablocks.quorum;

/**
 * A votequorum configuration was refused: the message names the setting (as corosync.conf spells
 * it, for example {@code quorum.two_node}) and gives corosync's reason. The one exception type
 * ha-quorum throws for bad input.
 */
public class QuorumConfigException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String setting;

  /**
   * Creates the exception.
   *
   * @param setting the corosync.conf key at fault, such as {@code quorum.expected_votes}
   * @param reason why it is refused
   */
  public QuorumConfigException(String setting, String reason) {
    super(setting + ": " + reason);
    this.setting = setting;
  }

  /** @return the corosync.conf key at fault */
  public String setting() {
    return setting;
  }
}
