package io.hablocks.stonith;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.QuorumFlag;
import io.hablocks.api.QuorumState;
import io.hablocks.api.Subscription;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.api.membership.QuorumListener;
import io.hablocks.api.membership.QuorumProvider;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small deterministic in-order membership engine for the fencer's tests: every event (view
 * change, delivery) is a zero-delay task on one ManualClock, so all nodes see one total order.
 * Partitions are set by the test. Quorum: a strict majority of the configured nodes.
 * (To be replaced by ha-quorum's EmbeddedCluster once it is merged.)
 */
final class TestCluster {

  private final ManualClock clock;
  private final Map<String, Engine> engines = new LinkedHashMap<>();
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private long viewId;

  TestCluster(ManualClock clock, String... names) {
    this.clock = clock;
    long id = 1;
    for (String n : names) {
      Node node = Node.of(id++, n);
      nodes.put(n, node);
      engines.put(n, new Engine(node));
    }
  }

  Engine engine(String name) {
    return engines.get(name);
  }

  QuorumProvider quorum(String name) {
    return engines.get(name).quorum;
  }

  /** Installs one view with every node. */
  void start() {
    partition(Set.copyOf(nodes.keySet()));
  }

  /** Splits the cluster into these partitions (every node in one). */
  @SafeVarargs
  final void partition(Set<String>... parts) {
    viewId++;
    long v = viewId;
    for (Set<String> unordered : parts) {
      // node order, not Set.of's per-JVM order: the same events in the same order every run
      TreeSet<String> part = new TreeSet<>(unordered);
      TreeSet<Node> members = new TreeSet<>();
      for (String n : part) {
        members.add(nodes.get(n));
      }
      for (String n : part) {
        Engine e = engines.get(n);
        clock.schedule(Duration.ZERO, () -> e.install(v, members));
      }
    }
  }

  final class Engine implements MembershipEngine {
    private final Node local;
    private volatile MembershipView view;
    private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
    private long seq;
    final TestQuorum quorum = new TestQuorum(this);

    Engine(Node local) {
      this.local = local;
      this.view = MembershipView.initial(0, Set.of(local));
    }

    void install(long id, TreeSet<Node> members) {
      view = view.id() == 0 ? MembershipView.initial(id, members) : view.next(id, members);
      seq = 0;
      for (MembershipListener l : listeners) {
        l.viewChanged(view);
      }
      quorum.changed();
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
      return () -> listeners.remove(listener);
    }

    @Override
    public void start() {}

    @Override
    public CompletionStage<Void> broadcast(byte[] payload) {
      byte[] copy = payload.clone();
      MembershipView sentIn = view;
      CompletableFuture<Void> done = new CompletableFuture<>();
      clock.schedule(Duration.ZERO, () -> {
        for (Node n : sentIn.members()) {
          Engine to = engines.get(n.name());
          if (to.view.id() == sentIn.id()) {
            Message m = new Message(local.id(), sentIn.id(), to.seq++, copy);
            for (MembershipListener l : to.listeners) {
              l.delivered(m);
            }
          }
        }
        done.complete(null);
      });
      return done;
    }

    @Override
    public void close() {}
  }

  final class TestQuorum implements QuorumProvider {
    private final Engine engine;
    private final List<QuorumListener> listeners = new CopyOnWriteArrayList<>();

    TestQuorum(Engine engine) {
      this.engine = engine;
    }

    @Override
    public QuorumState state() {
      MembershipView v = engine.view();
      int total = nodes.size();
      int needed = total / 2 + 1;
      boolean quorate = v.size() >= needed;
      return new QuorumState(quorate, total, total, v.size(), needed,
          quorate ? EnumSet.of(QuorumFlag.QUORATE) : EnumSet.noneOf(QuorumFlag.class), v);
    }

    @Override
    public Subscription addListener(QuorumListener listener) {
      listeners.add(listener);
      listener.quorumChanged(state());
      return () -> listeners.remove(listener);
    }

    void changed() {
      for (QuorumListener l : new ArrayList<>(listeners)) {
        l.quorumChanged(state());
      }
    }
  }
}
