package io.hablocks.quorum.embedded;

import io.hablocks.api.Clock;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumState;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.quorum.VotequorumConfig;
import io.hablocks.quorum.VotequorumService;
import io.hablocks.quorum.internal.Fabric;
import io.hablocks.quorum.internal.SimEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * N nodes in one JVM: each with an in-JVM {@link MembershipEngine} (views, total-order broadcast
 * with virtual synchrony) and a {@link VotequorumService}, over a simulated network that can be
 * partitioned, healed, slowed and made to drop packets. Every timer runs on the given
 * {@link Clock}; with ha-testkit's {@code ManualClock} a run is deterministic and takes no real
 * time.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * try (EmbeddedCluster cluster = EmbeddedCluster.builder().nodes(3).clock(clock).build()) {
 *   clock.advance(Duration.ofSeconds(5));            // the three nodes merge
 *   cluster.partition(Set.of(1L, 2L), Set.of(3L));
 *   clock.advance(cluster.failureDetection());       // token + consensus later
 *   assert cluster.quorum(1).state().quorate();
 *   assert !cluster.quorum(3).state().quorate();
 * }
 * }</pre>
 *
 * <p>Timing defaults follow corosync 3.1's defaults for the node count (token 3000 ms + 650 ms per
 * node above two, consensus 1.2 × token): a lost node is noticed token + consensus after the cut;
 * nodes that can reach each other merge after {@link Builder#mergeDelay} (2.7 s, the heal-to-merge
 * time measured in the corosync lab); a clean stop is seen after {@link Builder#leaveDelay}
 * (0.35 s, also measured). Connectivity is by groups ({@link #partition}): a node reaches exactly
 * the nodes of its group. As totem orders only while its token goes round every member, nothing
 * is ordered in a view with a member cut off or dead: broadcasts wait for the link to come back
 * or for the next view; a packet already on the wire when a cut happens still arrives, so a
 * message ordered in a view reaches every member of it that stays alive. Thread-safe.
 */
public final class EmbeddedCluster implements AutoCloseable {

  private final Clock clock;
  private final Fabric fabric;
  private final VotequorumConfig config;
  private final Map<Long, Node> nodes = new LinkedHashMap<>();
  private final Map<Long, SimEngine> engines = new LinkedHashMap<>();
  private final Map<Long, VotequorumService> quorum = new LinkedHashMap<>();

  private EmbeddedCluster(Builder b) {
    this.clock = b.clock;
    int n = b.nodes;
    Duration token = b.token != null ? b.token
        : Duration.ofMillis(3000 + (n > 2 ? 650L * (n - 2) : 0));
    Duration consensus = b.consensus != null ? b.consensus
        : Duration.ofNanos(token.toNanos() * 12 / 10);
    this.fabric = new Fabric(clock, b.seed, token.plus(consensus), b.mergeDelay, b.leaveDelay,
        b.networkDelay, b.retransmitDelay);
    this.config = b.config != null ? b.config : VotequorumConfig.ofNodes(n);
    for (int i = 1; i <= n; i++) {
      Node node = Node.of(i, b.namePrefix + i);
      nodes.put((long) i, node);
      create(node);
    }
    if (b.autoStart) {
      for (SimEngine e : engines.values()) {
        e.start();
      }
    }
  }

  private void create(Node node) {
    SimEngine e = fabric.newEngine(node);
    engines.put(node.id().value(), e);
    quorum.put(node.id().value(), VotequorumService.attach(e, config, clock));
  }

  /** @return a builder: 3 nodes, the system clock, votequorum with one vote per node */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the nodes, ids 1..N */
  public List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  /**
   * A node by id.
   *
   * @param id the node id
   * @return the node
   */
  public Node node(long id) {
    Node n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no node " + id + " in this cluster (1.." + nodes.size()
          + ")");
    }
    return n;
  }

  /**
   * A node's membership engine (the current one: a restart gives a new engine).
   *
   * @param id the node id
   * @return its engine
   */
  public synchronized MembershipEngine engine(long id) {
    node(id);
    return engines.get(id);
  }

  /**
   * A node's votequorum (the current one: a restart gives a new one).
   *
   * @param id the node id
   * @return its quorum provider
   */
  public synchronized VotequorumService quorum(long id) {
    node(id);
    return quorum.get(id);
  }

  /**
   * Shortcut for {@code quorum(id).state()}.
   *
   * @param id the node id
   * @return its quorum state
   */
  public QuorumState state(long id) {
    return quorum(id).state();
  }

  /** @return the clock everything runs on */
  public Clock clock() {
    return clock;
  }

  /** @return the votequorum configuration of every node */
  public VotequorumConfig config() {
    return config;
  }

  /** @return the time from losing a member to the new view: token + consensus */
  public Duration failureDetection() {
    return fabric.failureDetection();
  }

  /**
   * Splits the network into groups; nodes in no group are cut off alone.
   *
   * @param groups disjoint sets of node ids
   */
  @SafeVarargs
  public final void partition(Set<Long>... groups) {
    partition(List.of(groups));
  }

  /**
   * Splits the network into groups; nodes in no group are cut off alone.
   *
   * @param groups disjoint sets of node ids
   */
  public void partition(Collection<Set<Long>> groups) {
    List<Set<NodeId>> g = new ArrayList<>();
    for (Set<Long> s : groups) {
      Set<NodeId> ids = new HashSet<>();
      for (long id : s) {
        ids.add(node(id).id());
      }
      g.add(ids);
    }
    fabric.partition(g);
  }

  /**
   * Cuts one node off (its link goes down); the others stay together.
   *
   * @param id the node id
   */
  public void cut(long id) {
    node(id);
    Set<Long> rest = new HashSet<>(nodes.keySet());
    rest.remove(id);
    partition(List.of(rest));
  }

  /** Joins every node back into one network. */
  public void heal() {
    fabric.heal();
  }

  /** @param delay the one-way delay of every packet from now on */
  public void delay(Duration delay) {
    fabric.setDelay(delay);
  }

  /** @param probability the share of packets dropped (each is retransmitted later) */
  public void dropRate(double probability) {
    fabric.setDropRate(probability);
  }

  /** @return packets dropped (and retransmitted) so far */
  public long droppedPackets() {
    return fabric.droppedPackets();
  }

  /** @return packets lost to partitions and stopped nodes so far */
  public long lostPackets() {
    return fabric.lostPackets();
  }

  /**
   * Stops a node cleanly, as {@code systemctl stop corosync}: votequorum announces the leave
   * (with allow_downscale), then the engine leaves.
   *
   * @param id the node id
   */
  public void stop(long id) {
    SimEngine e;
    VotequorumService q;
    synchronized (this) {
      e = (SimEngine) engine(id);
      q = quorum(id);
    }
    Runnable down = () -> {
      q.close();
      e.close();
    };
    q.leave().whenComplete((v, ex) -> down.run());
    // a leave announcement that cannot be delivered (cut off) must not keep the node up
    clock.schedule(Duration.ofSeconds(1), down);
  }

  /**
   * Kills a node: no leave is announced; the others notice after the failure detection time.
   *
   * @param id the node id
   */
  public void kill(long id) {
    SimEngine e;
    VotequorumService q;
    synchronized (this) {
      e = (SimEngine) engine(id);
      q = quorum(id);
    }
    q.close();
    e.kill();
  }

  /**
   * Starts a node again after {@link #stop} or {@link #kill}, with a fresh engine and votequorum
   * (as a restarted corosync); or starts a node that was built without starting.
   *
   * @param id the node id
   */
  public void start(long id) {
    SimEngine e;
    synchronized (this) {
      e = (SimEngine) engine(id);
      if (e.view().id() != 0 || e.closed()) {
        quorum.get(id).close();
        create(node(id));
        e = engines.get(id);
      }
    }
    e.start();
  }

  /** Stops every node and its votequorum. Idempotent. */
  @Override
  public synchronized void close() {
    for (VotequorumService q : quorum.values()) {
      q.close();
    }
    for (SimEngine e : engines.values()) {
      e.close();
    }
  }

  /** Builds an {@link EmbeddedCluster}. Not thread-safe. */
  public static final class Builder {
    private int nodes = 3;
    private Clock clock = Clock.system();
    private VotequorumConfig config;
    private Duration token;
    private Duration consensus;
    private Duration mergeDelay = Duration.ofMillis(2700);
    private Duration leaveDelay = Duration.ofMillis(350);
    private Duration networkDelay = Duration.ofMillis(1);
    private Duration retransmitDelay = Duration.ofMillis(10);
    private long seed = 1;
    private boolean autoStart = true;
    private String namePrefix = "node";

    private Builder() {}

    /** @param n the number of nodes, 1 to 64, ids 1..n @return this builder */
    public Builder nodes(int n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("nodes must be between 1 and 64, got " + n);
      }
      this.nodes = n;
      return this;
    }

    /** @param c the clock (ha-testkit's ManualClock for deterministic tests) @return this builder */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** @param c votequorum's configuration, the same on every node @return this builder */
    public Builder quorum(VotequorumConfig c) {
      this.config = Objects.requireNonNull(c, "quorum");
      return this;
    }

    /** @param t totem token timeout (default 3000 ms + 650 ms per node above two) @return this builder */
    public Builder token(Duration t) {
      this.token = positive(t, "token");
      return this;
    }

    /** @param c totem consensus timeout (default 1.2 × token) @return this builder */
    public Builder consensus(Duration c) {
      this.consensus = positive(c, "consensus");
      return this;
    }

    /** @param d time for reachable nodes to merge into one view @return this builder */
    public Builder mergeDelay(Duration d) {
      this.mergeDelay = positive(d, "mergeDelay");
      return this;
    }

    /** @param d time for a clean leave to be seen @return this builder */
    public Builder leaveDelay(Duration d) {
      this.leaveDelay = positive(d, "leaveDelay");
      return this;
    }

    /** @param d one-way packet delay (default 1 ms) @return this builder */
    public Builder networkDelay(Duration d) {
      this.networkDelay = Objects.requireNonNull(d, "networkDelay");
      return this;
    }

    /** @param d extra delay of a retransmitted packet (default 10 ms) @return this builder */
    public Builder retransmitDelay(Duration d) {
      this.retransmitDelay = positive(d, "retransmitDelay");
      return this;
    }

    /** @param s the seed of packet drops @return this builder */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** @param on start every node at build (default true) @return this builder */
    public Builder autoStart(boolean on) {
      this.autoStart = on;
      return this;
    }

    /** @param prefix node names are prefix + id (default "node") @return this builder */
    public Builder namePrefix(String prefix) {
      this.namePrefix = Objects.requireNonNull(prefix, "namePrefix");
      return this;
    }

    /** @return the cluster, its nodes started unless {@code autoStart(false)} */
    public EmbeddedCluster build() {
      return new EmbeddedCluster(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
