package io.hablocks.vrrp;

/**
 * Told of every state change of an instance, in order, on the thread that caused it (the clock's
 * or the receiver's). Must not block.
 */
@FunctionalInterface
public interface VrrpListener {
  /**
   * @param instance the instance
   * @param from the old state
   * @param to the new state
   */
  void stateChanged(VrrpInstance instance, VrrpState from, VrrpState to);
}
