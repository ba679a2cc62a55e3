package io.hablocks.quorum.internal;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.Subscription;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.MembershipException;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of the in-JVM cluster: a {@link MembershipEngine} whose network is a {@link Fabric}.
 * All of its state is guarded by the fabric's monitor; listeners are called holding it, on the
 * thread that runs the fabric's clock.
 */
public final class SimEngine implements MembershipEngine {

  private static final Logger LOG = LoggerFactory.getLogger(SimEngine.class);

  enum Life { NEW, RUNNING, CLOSED }

  /** A broadcast not yet delivered locally. */
  static final class Pending {
    final byte[] payload;
    final CompletableFuture<Void> future = new CompletableFuture<>();

    Pending(byte[] payload) {
      this.payload = payload;
    }
  }

  final Fabric fabric;
  final Node node;
  private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  Life life = Life.NEW;
  MembershipView view;
  final Deque<Pending> pending = new ArrayDeque<>();
  /** Ordered messages of the current view received but not yet delivered, by sequence. */
  final TreeMap<Long, Fabric.Ordered> holdback = new TreeMap<>();
  long nextDeliver;

  SimEngine(Fabric fabric, Node node) {
    this.fabric = fabric;
    this.node = node;
    TreeSet<Node> self = new TreeSet<>();
    self.add(node);
    this.view = new MembershipView(0, self, new TreeSet<>(), new TreeSet<>());
  }

  @Override
  public Node localNode() {
    return node;
  }

  @Override
  public MembershipView view() {
    synchronized (fabric) {
      return view;
    }
  }

  @Override
  public Subscription addListener(MembershipListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (fabric) {
      listeners.add(listener);
      if (life == Life.RUNNING && view.id() > 0) {
        listener.viewChanged(view);
      }
    }
    return () -> listeners.remove(listener);
  }

  @Override
  public void start() {
    synchronized (fabric) {
      if (life == Life.CLOSED) {
        throw new MembershipException("in-JVM engine of " + node + ": closed, cannot start again");
      }
      if (life == Life.RUNNING) {
        return;
      }
      life = Life.RUNNING;
      fabric.changed();
    }
  }

  @Override
  public CompletionStage<Void> broadcast(byte[] payload) {
    Pending p = new Pending(Objects.requireNonNull(payload, "payload").clone());
    synchronized (fabric) {
      if (life == Life.CLOSED) {
        p.future.completeExceptionally(new MembershipException(
            "in-JVM engine of " + node + ": closed"));
        return p.future;
      }
      pending.add(p);
      if (life == Life.RUNNING && view.id() > 0) {
        fabric.submit(this, p);
      }
    }
    return p.future;
  }

  @Override
  public void close() {
    synchronized (fabric) {
      if (life == Life.CLOSED) {
        return;
      }
      boolean wasRunning = life == Life.RUNNING;
      life = Life.CLOSED;
      failPending();
      for (MembershipListener l : listeners) {
        call(() -> l.stopped(view));
      }
      listeners.clear();
      if (wasRunning) {
        fabric.left(this, true);
      }
    }
  }

  /** Ends the node without a clean leave (a crash): no stopped callback, nothing announced. */
  public void kill() {
    synchronized (fabric) {
      if (life == Life.CLOSED) {
        return;
      }
      boolean wasRunning = life == Life.RUNNING;
      life = Life.CLOSED;
      failPending();
      listeners.clear();
      if (wasRunning) {
        fabric.left(this, false);
      }
    }
  }

  /** @return whether the engine was closed or killed */
  public boolean closed() {
    synchronized (fabric) {
      return life == Life.CLOSED;
    }
  }

  boolean running() {
    return life == Life.RUNNING;
  }

  private void failPending() {
    for (Pending p : pending) {
      p.future.completeExceptionally(new MembershipException(
          "in-JVM engine of " + node + ": stopped before delivery"));
    }
    pending.clear();
  }

  // ---- called by the fabric, holding its monitor -------------------------------------------

  void receive(Fabric.Ordered m) {
    if (life != Life.RUNNING || m.viewId() != view.id() || m.seq() < nextDeliver) {
      return;
    }
    holdback.put(m.seq(), m);
    while (life == Life.RUNNING && !holdback.isEmpty() && holdback.firstKey() == nextDeliver) {
      deliver(holdback.pollFirstEntry().getValue());
    }
  }

  void deliver(Fabric.Ordered m) {
    nextDeliver = m.seq() + 1;
    Message msg = new Message(m.sender().id(), m.viewId(), m.seq(), m.pending().payload);
    if (m.sender().equals(node)) {
      pending.remove(m.pending());
    }
    for (MembershipListener l : listeners) {
      call(() -> l.delivered(msg));
    }
    if (m.sender().equals(node)) {
      m.pending().future.complete(null);
    }
  }

  void install(MembershipView next) {
    view = next;
    holdback.clear();
    nextDeliver = 0;
    // what the old view did not deliver goes out again in the new one, before anything the
    // listeners send: a broadcast made inside viewChanged is submitted by broadcast() already
    // and must not be submitted (and delivered) twice
    for (Pending p : new ArrayList<>(pending)) {
      fabric.submit(this, p);
    }
    for (MembershipListener l : listeners) {
      call(() -> l.viewChanged(next));
    }
  }

  Map<Long, Fabric.Ordered> holdback() {
    return holdback;
  }

  private void call(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("membership listener on {} failed", node, e);
    }
  }

  @Override
  public String toString() {
    return "in-JVM engine " + node;
  }
}
