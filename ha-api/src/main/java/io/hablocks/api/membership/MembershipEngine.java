package io.hablocks.api.membership;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.Subscription;
import java.util.concurrent.CompletionStage;

/**
 * A membership engine: who is in the cluster, and totally ordered broadcast within a view.
 * Implementations: the in-JVM engine (ha-quorum's embedded default), JGroups, corosync (CPG).
 *
 * <p>Contract:
 * <ul>
 *   <li>Every member of a view receives the same messages of that view in the same order,
 *       including its own, and receives view changes at the same point of that order.</li>
 *   <li>Listeners are called on the engine's delivery thread (or, for an engine on a manual
 *       clock, on the thread that advances the clock), one event at a time, never concurrently.</li>
 *   <li>{@link #broadcast} never blocks on the network: it queues and completes the returned stage
 *       when the message has been delivered locally, or exceptionally if the engine stopped first.</li>
 *   <li>All methods are thread-safe.</li>
 * </ul>
 */
public interface MembershipEngine extends AutoCloseable {

  /** @return the node this engine runs as */
  Node localNode();

  /**
   * The view installed last on this node.
   *
   * @return the current view; before {@link #start()} has installed one, a view of this node alone
   *     with id 0
   */
  MembershipView view();

  /**
   * Adds a listener. A listener added after start first receives the current view.
   *
   * @param listener the listener
   * @return its subscription
   */
  Subscription addListener(MembershipListener listener);

  /**
   * Joins the cluster. Returns without waiting for the first view: that is delivered to listeners.
   *
   * @throws MembershipException if the engine cannot start (names the cause)
   */
  void start();

  /**
   * Broadcasts bytes to every member of the current view, itself included, in total order.
   *
   * @param payload the bytes (copied before return)
   * @return completed when the message is delivered locally
   */
  CompletionStage<Void> broadcast(byte[] payload);

  /** Leaves the cluster and releases every resource; listeners get {@code stopped}. Idempotent. */
  @Override
  void close();
}
