package io.hablocks.stonith;

import io.hablocks.api.Subscription;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The guarantee that nothing a failed node ran is recovered elsewhere before that node is known
 * to be down: a node that left the membership without being fenced (or that someone marked
 * unclean) is {@link NodeState#UNCLEAN} until a fencing of it succeeds or it is confirmed down;
 * while it is unclean, {@link #mayRecover} says no and why (fencing pending, fencing failed with
 * the device's reason, no quorum to fence). The scheduler (ha-crm) asks before it places a
 * resource that ran on that node. A node that rejoins the membership is clean again (nothing
 * it ran was recovered meanwhile). Thread-safe; read from any thread.
 *
 * <pre>{@code
 * FencingGate.Decision d = fencer.gate().mayRecover("db", "node3");
 * if (!d.recoverable()) log.warn("db stays blocked: {}", d.reason());
 * }</pre>
 */
public interface FencingGate {

  /** What the fencer knows about a node. */
  enum NodeState {
    /** Not known to be unclean: a member, or never seen to fail. */
    CLEAN,
    /** Failed and not yet fenced: whatever it ran may still run. */
    UNCLEAN,
    /** Fenced (or confirmed down) since it failed: what it ran may be recovered. */
    FENCED
  }

  /**
   * The answer for one node (and resource).
   *
   * @param node the node
   * @param state its state
   * @param recoverable whether what it ran may be recovered elsewhere now
   * @param reason why not (or how it was fenced); never empty
   */
  record Decision(String node, NodeState state, boolean recoverable, String reason) {
    /** Checks the fields. */
    public Decision {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The state of a node.
   *
   * @param node the node name
   * @return its state ({@link NodeState#CLEAN} if nothing is known)
   */
  NodeState state(String node);

  /**
   * Whether resources that ran on a node may be recovered elsewhere now.
   *
   * @param node the node they ran on
   * @return the decision with its reason
   */
  Decision mayRecover(String node);

  /**
   * Whether one resource that ran on a node may be recovered elsewhere now.
   *
   * @param resource the resource id (named in the reason)
   * @param node the node it ran on
   * @return the decision
   */
  default Decision mayRecover(String resource, String node) {
    Decision d = mayRecover(node);
    return new Decision(d.node(), d.state(), d.recoverable(),
        (d.recoverable() ? resource + " may be recovered: " : resource + " is blocked: ")
            + d.reason());
  }

  /**
   * Marks a node unclean (for example after a failed stop); it stays so until fenced.
   *
   * @param node the node
   * @param reason why
   */
  void markUnclean(String node, String reason);

  /** @return every node that is unclean now, with its decision */
  Map<String, Decision> uncleanNodes();

  /**
   * Adds a listener called with a node's decision each time it changes.
   *
   * @param listener the listener; must not block
   * @return its subscription
   */
  Subscription addListener(Consumer<Decision> listener);
}
