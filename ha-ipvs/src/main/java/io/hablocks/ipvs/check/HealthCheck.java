package io.hablocks.ipvs.check;

/**
 * One probe of a real server (keepalived's TCP_CHECK, HTTP_GET, SSL_GET, MISC_CHECK). {@link
 * #run()} blocks for at most the check's own I/O deadline (connect_timeout, misc_timeout) and
 * never throws for a failing server: it answers a failed {@link CheckResult}.
 */
@FunctionalInterface
public interface HealthCheck {

  /** @return the outcome */
  CheckResult run();
}
