package io.hablocks.vrrp;

import java.time.Duration;
import java.util.Objects;

/**
 * A keepalived {@code vrrp_script}: a command run every {@code interval}; exit 0 is success.
 * After {@code fall} failures in a row it is down, after {@code rise} successes up; a run that
 * exceeds {@code timeout} is killed and counts as a failure.
 *
 * @param name the block name
 * @param script the command line (split on blanks, double quotes group words; no shell)
 * @param interval how often it runs
 * @param timeout how long a run may take
 * @param weight priority change (see {@link HealthTracker}); 0: FAULT while down
 * @param rise successes to go up
 * @param fall failures to go down
 */
public record VrrpScript(String name, String script, Duration interval, Duration timeout,
    int weight, int rise, int fall) {

  /** Checks ranges. */
  public VrrpScript {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(script, "script");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive in vrrp_script " + name);
    }
    if (weight < -253 || weight > 253) {
      throw new IllegalArgumentException("weight must be -253..253 in vrrp_script " + name);
    }
    if (rise < 1 || fall < 1) {
      throw new IllegalArgumentException("rise and fall must be at least 1 in vrrp_script " + name);
    }
  }

  /**
   * keepalived's defaults: interval 1 s, timeout = interval, weight 0, rise 1, fall 1.
   *
   * @param name the block name
   * @param script the command
   * @return the script
   */
  public static VrrpScript of(String name, String script) {
    return new VrrpScript(name, script, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 1, 1);
  }
}
