package io.hablocks.haproxy.internal;

import io.hablocks.haproxy.ServerConfig;
import java.time.Duration;

/**
 * HAProxy 2.6's health counting, free of I/O so it unit-tests on a manual clock: a server starts
 * UP with health = rise; a failure takes one point, and below rise drops to 0 (DOWN); a success
 * adds one, and reaching rise jumps to rise + fall - 1 (UP). The next check comes after
 * {@code inter}, {@code fastinter} while in transition, or {@code downinter} while down.
 */
public final class CheckLogic {

  /** What a check result changed. */
  public enum Transition { NONE, WENT_DOWN, WENT_UP }

  private CheckLogic() {}

  /**
   * Applies one check result.
   *
   * @param s the server
   * @param passed whether the check passed
   * @return the transition, if any
   */
  public static Transition apply(ServerRuntime s, boolean passed) {
    int rise = s.config.rise();
    int fall = s.config.fall();
    if (!passed) {
      s.counters.chkfail.increment();
      if (s.health > 0) {
        s.health--;
        if (s.health < rise) {
          s.health = 0;
        }
      }
      if (s.health == 0 && s.checkUp) {
        s.checkUp = false;
        return Transition.WENT_DOWN;
      }
      return Transition.NONE;
    }
    if (s.health < rise + fall - 1) {
      s.health++;
      if (s.health >= rise) {
        s.health = rise + fall - 1;
      }
    }
    if (s.health >= rise && !s.checkUp) {
      s.checkUp = true;
      return Transition.WENT_UP;
    }
    return Transition.NONE;
  }

  /**
   * @param s the server
   * @return the delay before its next check
   */
  public static Duration nextInterval(ServerRuntime s) {
    ServerConfig c = s.config;
    if (s.health == 0) {
      return c.downInter();
    }
    if (s.health < c.rise() + c.fall() - 1) {
      return c.fastInter();
    }
    return c.inter();
  }
}
