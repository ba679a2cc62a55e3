package io.hablocks.vrrp;

/**
 * A tracked object an application reports on, as keepalived tracks a script: a positive weight
 * is added to the instance's priority while it is up, a negative weight while it is down; with
 * weight 0 the instance goes to FAULT while it is down. Thread-safe.
 */
public interface HealthTracker {
  /** @return the name given when it was made */
  String name();

  /** @return the weight */
  int weight();

  /** @return whether it is currently up */
  boolean isUp();

  /**
   * Reports the state; a change updates the instance's priority or FAULT state at once.
   *
   * @param up whether the tracked thing is healthy
   */
  void set(boolean up);
}
