package io.hablocks.api.fence;

import java.util.Objects;

/**
 * The outcome of one fence action: the exit code as fence-agents' fencing.py defines it, and the
 * captured output. Immutable.
 *
 * @param exitCode the exit code ({@link #EC_OK}, {@link #EC_GENERIC_ERROR}, ...)
 * @param output standard output (bounded), or ""
 * @param error standard error (bounded), or ""
 */
public record FenceResult(int exitCode, String output, String error) {

  /** Success; for {@code status}, the target is on. */
  public static final int EC_OK = 0;
  /** Generic error; for {@code status}, the state is unknown. */
  public static final int EC_GENERIC_ERROR = 1;
  /** Bad arguments; for {@code status}, the target is off. */
  public static final int EC_BAD_ARGS = 2;
  /** Login to the device was denied. */
  public static final int EC_LOGIN_DENIED = 3;
  /** Connection to the device was lost. */
  public static final int EC_CONNECTION_LOST = 4;
  /** The action timed out. */
  public static final int EC_TIMED_OUT = 5;
  /** The target did not come on in time. */
  public static final int EC_WAITING_ON = 6;
  /** The target did not go off in time. */
  public static final int EC_WAITING_OFF = 7;
  /** The status could not be read. */
  public static final int EC_STATUS = 8;
  /** The status could not be read from an HMC. */
  public static final int EC_STATUS_HMC = 9;
  /** A password was needed and none was given. */
  public static final int EC_PASSWORD_MISSING = 10;
  /** Insufficient privileges. */
  public static final int EC_INVALID_PRIVILEGES = 11;

  /** Exit code of {@code status} for a target that is off. */
  public static final int STATUS_OFF = 2;

  /** Replaces null texts by "". */
  public FenceResult {
    output = Objects.requireNonNullElse(output, "");
    error = Objects.requireNonNullElse(error, "");
  }

  /**
   * A result without output.
   *
   * @param exitCode the exit code
   * @return the result
   */
  public static FenceResult of(int exitCode) {
    return new FenceResult(exitCode, "", "");
  }

  /** @return true if the action succeeded (exit 0) */
  public boolean succeeded() {
    return exitCode == EC_OK;
  }
}
