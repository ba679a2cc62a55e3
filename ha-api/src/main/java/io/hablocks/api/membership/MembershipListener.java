package io.hablocks.api.membership;

import io.hablocks.api.MembershipView;

/**
 * Receives one engine's events in one order: every view change and every delivered message, on
 * one thread at a time, in the order the engine delivers them. A message delivered after a view
 * was installed is delivered in that view by every member of it (virtual synchrony), so state
 * replicated through {@link #delivered} stays equal on every member.
 *
 * <p>Callbacks must not block; they may call {@link MembershipEngine#broadcast}.
 */
public interface MembershipListener {

  /**
   * A new view was installed. Called before any message of that view.
   *
   * @param view the view
   */
  default void viewChanged(MembershipView view) {}

  /**
   * A broadcast was delivered (including this node's own broadcasts).
   *
   * @param message the message
   */
  default void delivered(Message message) {}

  /**
   * This node left the cluster for good (engine closed or evicted); no more events follow.
   *
   * @param lastView the last view this node was in
   */
  default void stopped(MembershipView lastView) {}
}
