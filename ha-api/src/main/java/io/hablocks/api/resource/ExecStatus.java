package io.hablocks.api.resource;

/**
 * How an operation's execution ended, apart from the agent's exit code: Pacemaker's
 * {@code op-status} values, with its numbers.
 */
public enum ExecStatus {
  /** -1: still running. */
  PENDING(-1),
  /** 0: the agent ran and exited; look at the exit code. */
  DONE(0),
  /** 1: cancelled before or while running. */
  CANCELLED(1),
  /** 2: the timeout expired and the agent was killed. */
  TIMEOUT(2),
  /** 3: the agent class does not support the action. */
  NOT_SUPPORTED(3),
  /** 4: execution failed (could not start the agent, crash, ...). */
  ERROR(4),
  /** 5: a hard error: do not retry on this node. */
  ERROR_HARD(5),
  /** 6: a fatal error: do not retry anywhere. */
  ERROR_FATAL(6),
  /** 7: the agent is not installed. */
  NOT_INSTALLED(7),
  /** 8: the executor of the node is not connected. */
  NOT_CONNECTED(8),
  /** 9: the operation's definition is invalid. */
  INVALID(9),
  /** 10: no fence device can fence the target. */
  NO_FENCE_DEVICE(10),
  /** 11: secrets could not be loaded. */
  NO_SECRETS(11);

  private final int code;

  ExecStatus(int code) {
    this.code = code;
  }

  /** @return Pacemaker's number for the status */
  public int code() {
    return code;
  }

  /**
   * The status with this number.
   *
   * @param code Pacemaker's op-status number
   * @return the status
   * @throws IllegalArgumentException if no status has that number
   */
  public static ExecStatus of(int code) {
    for (ExecStatus s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown op-status " + code);
  }
}
