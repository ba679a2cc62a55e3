package io.hablocks.api.resource;

/**
 * The OCF resource agent exit codes, with Pacemaker's numbers and names.
 */
public enum OcfExitCode {
  /** 0: success (running, for a monitor). */
  OK(0, "ok"),
  /** 1: generic error. */
  ERR_GENERIC(1, "error"),
  /** 2: invalid parameters. */
  ERR_ARGS(2, "invalid parameter"),
  /** 3: action not implemented. */
  ERR_UNIMPLEMENTED(3, "unimplemented feature"),
  /** 4: insufficient privileges. */
  ERR_PERM(4, "insufficient privileges"),
  /** 5: something the agent needs is not installed. */
  ERR_INSTALLED(5, "not installed"),
  /** 6: the configuration is wrong. */
  ERR_CONFIGURED(6, "not configured"),
  /** 7: not running (cleanly stopped). */
  NOT_RUNNING(7, "not running"),
  /** 8: running in the promoted role. */
  RUNNING_PROMOTED(8, "promoted"),
  /** 9: failed in the promoted role. */
  FAILED_PROMOTED(9, "promoted (failed)"),
  /** 190: running but degraded. */
  DEGRADED(190, "OCF_DEGRADED"),
  /** 191: promoted but degraded. */
  DEGRADED_PROMOTED(191, "OCF_DEGRADED_PROMOTED");

  private final int code;
  private final String description;

  OcfExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** @return the numeric exit code */
  public int code() {
    return code;
  }

  /** @return Pacemaker's description of the code */
  public String description() {
    return description;
  }

  /**
   * The code for a number.
   *
   * @param code an exit status
   * @return the OCF code, or {@link #ERR_GENERIC} for a number OCF does not define
   */
  public static OcfExitCode of(int code) {
    for (OcfExitCode c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return ERR_GENERIC;
  }
}
