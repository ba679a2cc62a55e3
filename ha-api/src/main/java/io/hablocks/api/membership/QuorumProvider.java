package io.hablocks.api.membership;

import io.hablocks.api.QuorumState;
import io.hablocks.api.Subscription;

/**
 * Where a module that must not act without quorum (the fencer, the controller) reads it:
 * ha-quorum's votequorum implements this over a membership engine; the corosync engine reads it
 * from corosync. Thread-safe.
 */
public interface QuorumProvider {

  /** @return the latest decision */
  QuorumState state();

  /**
   * Adds a listener; it first receives the current state.
   *
   * @param listener the listener
   * @return its subscription
   */
  Subscription addListener(QuorumListener listener);
}
