package io.hablocks.stonith.internal;

import io.hablocks.api.Subscription;
import io.hablocks.stonith.FencingGate;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fencer's gate: decisions per node, changed by the fencer, read by anyone. */
public final class GateState implements FencingGate {

  private static final Logger LOG = LoggerFactory.getLogger(GateState.class);

  private final Map<String, Decision> decisions = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Consumer<Decision>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public NodeState state(String node) {
    Decision d = decisions.get(node);
    return d == null ? NodeState.CLEAN : d.state();
  }

  @Override
  public Decision mayRecover(String node) {
    Decision d = decisions.get(node);
    return d != null ? d : new Decision(node, NodeState.CLEAN, true,
        node + " is not known to have failed");
  }

  @Override
  public void markUnclean(String node, String reason) {
    set(new Decision(node, NodeState.UNCLEAN, false, node + " is unclean: " + reason));
  }

  /** A node left the membership: unclean until fenced. */
  void left(String node, long viewId) {
    if (state(node) == NodeState.FENCED) {
      return; // fenced and not back since: leaving is what fencing did
    }
    set(new Decision(node, NodeState.UNCLEAN, false, node + " left the membership (view "
        + viewId + ") and is unclean until its fencing is confirmed"));
  }

  /**
   * A node is back in the membership. Whether it was fenced (and rebooted) or only cut off, it
   * now takes part again, and nothing it ran was recovered elsewhere while it was away (the gate
   * blocked that): it is clean again, and the scheduler learns its resources' state anew.
   */
  void joined(String node, long viewId) {
    Decision d = decisions.remove(node);
    if (d != null) {
      notifyListeners(new Decision(node, NodeState.CLEAN, true, node + " rejoined the membership "
          + "(view " + viewId + ")" + (d.state() == NodeState.FENCED ? " after fencing" : "")));
    }
  }

  /** Fencing of an unclean node is under way. */
  void fencing(String node, String what) {
    if (state(node) == NodeState.UNCLEAN) {
      set(new Decision(node, NodeState.UNCLEAN, false, node + " is unclean: fencing in progress ("
          + what + ")"));
    }
  }

  /** Fencing could not happen or failed. */
  void fenceFailed(String node, String why) {
    if (state(node) == NodeState.UNCLEAN) {
      set(new Decision(node, NodeState.UNCLEAN, false, node + " is unclean: " + why
          + "; it stays blocked until a fencing succeeds or it is confirmed down"));
    }
  }

  /** The node was fenced (or confirmed down). */
  void fenced(String node, String how) {
    set(new Decision(node, NodeState.FENCED, true, node + " was fenced: " + how));
  }

  /** @return a copy of every decision */
  Map<String, Decision> all() {
    return new TreeMap<>(decisions);
  }

  @Override
  public Map<String, Decision> uncleanNodes() {
    Map<String, Decision> out = new TreeMap<>();
    decisions.forEach((n, d) -> {
      if (d.state() == NodeState.UNCLEAN) {
        out.put(n, d);
      }
    });
    return out;
  }

  @Override
  public Subscription addListener(Consumer<Decision> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void set(Decision d) {
    Decision old = decisions.put(d.node(), d);
    if (!d.equals(old)) {
      LOG.info("gate: {}", d.reason());
      notifyListeners(d);
    }
  }

  private void notifyListeners(Decision d) {
    for (Consumer<Decision> l : listeners) {
      try {
        l.accept(d);
      } catch (RuntimeException e) {
        LOG.warn("gate listener failed", e);
      }
    }
  }
}
