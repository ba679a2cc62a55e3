package io.hablocks.ipvs.check;

import java.time.Duration;
import java.util.Objects;

/**
 * keepalived's checker timers: a check every delay_loop; after a failure up to {@code retry}
 * more attempts delay_before_retry apart before the real server is taken out; the first check
 * after a random delay up to warmup; connect_timeout bounds each attempt's I/O.
 *
 * @param delayLoop delay_loop (default 60 s)
 * @param retry retry (default 1)
 * @param delayBeforeRetry delay_before_retry (default 1 s)
 * @param warmup warmup (default 0: first check at once)
 * @param connectTimeout connect_timeout (default 5 s)
 */
public record CheckTimers(Duration delayLoop, int retry, Duration delayBeforeRetry,
    Duration warmup, Duration connectTimeout) {

  /** keepalived's defaults. */
  public static final CheckTimers DEFAULTS = new CheckTimers(Duration.ofSeconds(60), 1,
      Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(5));

  /** Validates. */
  public CheckTimers {
    Objects.requireNonNull(delayLoop, "delayLoop");
    Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (delayLoop.isNegative() || delayLoop.isZero() || retry < 0 || delayBeforeRetry.isNegative()
        || warmup.isNegative() || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("bad checker timers " + delayLoop + " retry " + retry
          + " " + delayBeforeRetry + " " + warmup + " " + connectTimeout);
    }
  }

  /** @param d delay_loop @return a copy */
  public CheckTimers withDelayLoop(Duration d) {
    return new CheckTimers(d, retry, delayBeforeRetry, warmup, connectTimeout);
  }

  /** @param n retry @return a copy */
  public CheckTimers withRetry(int n) {
    return new CheckTimers(delayLoop, n, delayBeforeRetry, warmup, connectTimeout);
  }

  /** @param d delay_before_retry @return a copy */
  public CheckTimers withDelayBeforeRetry(Duration d) {
    return new CheckTimers(delayLoop, retry, d, warmup, connectTimeout);
  }

  /** @param d warmup @return a copy */
  public CheckTimers withWarmup(Duration d) {
    return new CheckTimers(delayLoop, retry, delayBeforeRetry, d, connectTimeout);
  }

  /** @param d connect_timeout @return a copy */
  public CheckTimers withConnectTimeout(Duration d) {
    return new CheckTimers(delayLoop, retry, delayBeforeRetry, warmup, d);
  }
}
