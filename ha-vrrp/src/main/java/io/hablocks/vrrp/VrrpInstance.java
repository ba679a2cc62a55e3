package io.hablocks.vrrp;

import io.hablocks.api.Subscription;

/**
 * A running VRRP instance (one virtual router on one interface), made by
 * {@link VrrpRouter#addInstance}. Thread-safe.
 */
public interface VrrpInstance {
  /** @return the configured name */
  String name();

  /** @return the configuration */
  VrrpInstanceConfig config();

  /** @return the current state */
  VrrpState state();

  /** @return the effective priority (base priority plus tracking weights) */
  int effectivePriority();

  /** @return packet counters */
  VrrpCounters counters();

  /**
   * @param listener told of every state change
   * @return closing it removes the listener
   */
  Subscription addListener(VrrpListener listener);

  /**
   * A health signal of the application, tracked like a keepalived vrrp_script.
   *
   * @param name a name for logs
   * @param weight priority change while down (0: FAULT while down)
   * @return the tracker, initially up
   */
  HealthTracker track(String name, int weight);
}
