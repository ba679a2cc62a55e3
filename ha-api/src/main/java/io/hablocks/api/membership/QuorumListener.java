package io.hablocks.api.membership;

import io.hablocks.api.QuorumState;

/**
 * Receives quorum decisions. Called on the quorum provider's thread, one at a time, in order;
 * must not block.
 */
@FunctionalInterface
public interface QuorumListener {

  /**
   * The quorum state changed (quorate flag, votes, expected votes, flags or view).
   *
   * @param state the new state
   */
  void quorumChanged(QuorumState state);
}
