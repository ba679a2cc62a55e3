package io.hablocks.cib;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.Subscription;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small deterministic in-JVM membership engine for ha-cib's tests (the real in-JVM engine is
 * ha-quorum's; these tests should move to its EmbeddedCluster once merged). Nodes sit in
 * partitions; a broadcast is queued for every member of the sender's partition at the time of
 * sending, and {@link #deliverAll()} delivers the queue in one FIFO order on the calling thread,
 * so every member sees the same messages in the same order. A view change first flushes what is
 * queued (virtual synchrony), except that {@link #crash} can drop the crashed node's undelivered
 * messages for everyone.
 */
final class InOrderNetwork {

  private record Delivery(Engine to, Message message, CompletableFuture<Void> done, Engine from) {}

  private record ViewEvent(Engine to, MembershipView view) {}

  private final Deque<Object> queue = new ArrayDeque<>();
  private final Map<Engine, Integer> partitionOf = new HashMap<>();
  private final Map<Integer, Long> seq = new HashMap<>();
  private long nextViewId = 1;

  Engine engine(long id) {
    return new Engine(Node.of(id, "node" + id));
  }

  /** Delivers everything queued, including what deliveries cause. */
  void deliverAll() {
    Object e;
    int guard = 0;
    while ((e = queue.poll()) != null) {
      if (++guard > 1_000_000) {
        throw new IllegalStateException("message storm");
      }
      if (e instanceof ViewEvent v) {
        v.to.installView(v.view);
      } else if (e instanceof Delivery d) {
        if (partitionOf.containsKey(d.to)) {
          d.to.deliver(d.message);
        }
        if (d.to == d.from) {
          d.done.complete(null);
        }
      }
    }
  }

  private List<Engine> members(int partition) {
    List<Engine> out = new ArrayList<>();
    for (Map.Entry<Engine, Integer> e : partitionOf.entrySet()) {
      if (e.getValue() == partition) {
        out.add(e.getKey());
      }
    }
    out.sort((a, b) -> a.local.compareTo(b.local));
    return out;
  }

  private void installViews(Set<Integer> partitions) {
    for (int p : partitions) {
      List<Engine> ms = members(p);
      if (ms.isEmpty()) {
        continue;
      }
      long id = nextViewId++;
      seq.put(p, 0L);
      Set<Node> nodes = new TreeSet<>();
      for (Engine m : ms) {
        nodes.add(m.local);
      }
      for (Engine m : ms) {
        queue.add(new ViewEvent(m, m.view.members().isEmpty() || m.view.id() == 0
            ? MembershipView.initial(id, nodes) : m.view.next(id, nodes)));
      }
    }
  }

  /** Puts nodes into partitions (by node id) after flushing; each partition gets a new view. */
  void partition(List<Set<Long>> groups) {
    deliverAll();
    Set<Integer> changed = new HashSet<>();
    for (Engine e : new ArrayList<>(partitionOf.keySet())) {
      for (int g = 0; g < groups.size(); g++) {
        if (groups.get(g).contains(e.local.id().value())) {
          if (partitionOf.get(e) != g) {
            changed.add(partitionOf.get(e));
            changed.add(g);
          }
          partitionOf.put(e, g);
        }
      }
    }
    installViews(changed);
    deliverAll();
  }

  /** Heals: everybody in partition 0. */
  void heal() {
    List<Set<Long>> all = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (Engine e : partitionOf.keySet()) {
      ids.add(e.local.id().value());
    }
    all.add(ids);
    partition(all);
  }

  /**
   * Crashes a node: optionally drops its undelivered broadcasts for everyone, then removes it
   * and installs the next view of its partition.
   */
  void crash(Engine e, boolean dropUndelivered) {
    if (dropUndelivered) {
      queue.removeIf(o -> o instanceof Delivery d && d.from == e);
    }
    Integer p = partitionOf.get(e);
    queue.removeIf(o -> (o instanceof Delivery d && d.to == e) || (o instanceof ViewEvent v && v.to == e));
    partitionOf.remove(e);
    e.stopped = true;
    deliverAll();
    if (p != null) {
      installViews(Set.of(p));
    }
    deliverAll();
  }

  final class Engine implements MembershipEngine {
    final Node local;
    MembershipView view;
    final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    boolean stopped;

    Engine(Node local) {
      this.local = local;
      this.view = new MembershipView(0, new TreeSet<>(Set.of(local)), new TreeSet<>(), new TreeSet<>());
    }

    void installView(MembershipView v) {
      view = v;
      for (MembershipListener l : listeners) {
        l.viewChanged(v);
      }
    }

    void deliver(Message m) {
      for (MembershipListener l : listeners) {
        l.delivered(m);
      }
    }

    @Override
    public Node localNode() {
      return local;
    }

    @Override
    public MembershipView view() {
      return view;
    }

    @Override
    public Subscription addListener(MembershipListener listener) {
      listeners.add(listener);
      if (view.id() > 0) {
        listener.viewChanged(view);
      }
      return () -> listeners.remove(listener);
    }

    /** Joins partition 0 (or the given one) and queues the new views. */
    @Override
    public void start() {
      start(0);
    }

    void start(int partition) {
      partitionOf.put(this, partition);
      installViews(Set.of(partition));
    }

    @Override
    public CompletionStage<Void> broadcast(byte[] payload) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      Integer p = partitionOf.get(this);
      if (p == null || stopped) {
        done.completeExceptionally(new IllegalStateException("not a member"));
        return done;
      }
      long s = seq.merge(p, 1L, Long::sum) - 1;
      for (Engine m : members(p)) {
        queue.add(new Delivery(m, new Message(local.id(), view.id(), s, payload), done, this));
      }
      return done;
    }

    @Override
    public void close() {
      crash(this, false);
    }

    NodeId id() {
      return local.id();
    }

    @Override
    public String toString() {
      return local.toString();
    }
  }
}
