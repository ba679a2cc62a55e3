package io.hablocks.quorum.internal;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated network and membership protocol of the in-JVM cluster. Links follow a partition
 * map (nodes in the same group reach each other); packets take a configurable delay and may be
 * dropped (then retransmitted, as totem retransmits); everything happens in tasks on one
 * {@link Clock}, so a manual clock makes a run fully deterministic.
 *
 * <p>Membership: after a change of connectivity the nodes of each connected group install one new
 * view together, after the failure detection time (token + consensus, as corosync) when a member
 * was lost without leaving, the leave time after a clean leave, or the merge time when nodes only
 * joined. Total order within a view: a sequencer (the view's lowest node id) numbers every
 * broadcast. Virtual synchrony: before a new view is installed, the members that move together
 * from an old view first deliver the same prefix of its order — every message any of them holds.
 */
public final class Fabric {

  private static final Logger LOG = LoggerFactory.getLogger(Fabric.class);

  /** A message numbered by a view's sequencer. */
  record Ordered(long viewId, long seq, Node sender, SimEngine.Pending pending) {}

  /** A view's order. */
  static final class ViewLog {
    final long id;
    final TreeSet<Node> members;
    final Node sequencer;
    long nextSeq;
    final List<Ordered> log = new ArrayList<>();
    final Set<Node> movedOn = new HashSet<>();

    ViewLog(long id, TreeSet<Node> members) {
      this.id = id;
      this.members = members;
      this.sequencer = members.first();
    }
  }

  private final Clock clock;
  private final Map<NodeId, SimEngine> engines = new TreeMap<>();
  private final Map<NodeId, Integer> group = new HashMap<>();
  private final Map<Long, ViewLog> views = new HashMap<>();
  private final Set<NodeId> cleanLeft = new HashSet<>();
  private final Random random;
  private Duration failureDetection;
  private Duration mergeDelay;
  private Duration leaveDelay;
  private Duration delay;
  private Duration retransmit;
  private double dropRate;
  private long viewCounter;
  private Cancellable pendingReconfiguration;
  private long lost;
  private long dropped;
  private long viewChanges;

  /**
   * Creates the fabric.
   *
   * @param clock the clock every task runs on
   * @param seed the seed of the drop decisions
   * @param failureDetection time to notice a lost member (token + consensus)
   * @param mergeDelay time to merge nodes that can reach each other
   * @param leaveDelay time to notice a clean leave
   * @param delay one-way packet delay
   * @param retransmit extra delay of a dropped packet's retransmission
   */
  public Fabric(Clock clock, long seed, Duration failureDetection, Duration mergeDelay,
      Duration leaveDelay, Duration delay, Duration retransmit) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = new Random(seed);
    this.failureDetection = failureDetection;
    this.mergeDelay = mergeDelay;
    this.leaveDelay = leaveDelay;
    this.delay = delay;
    this.retransmit = retransmit;
  }

  /**
   * Creates (or re-creates, after a stop) the engine of a node.
   *
   * @param node the node
   * @return its new engine, not started
   */
  public synchronized SimEngine newEngine(Node node) {
    SimEngine old = engines.get(node.id());
    if (old != null && old.life != SimEngine.Life.CLOSED) {
      throw new IllegalStateException(node + " still has a live engine");
    }
    SimEngine e = new SimEngine(this, node);
    engines.put(node.id(), e);
    cleanLeft.remove(node.id());
    group.putIfAbsent(node.id(), 0);
    return e;
  }

  /**
   * Splits the network: nodes of one set reach each other; nodes in no set are alone.
   *
   * @param groups disjoint sets of node ids
   */
  public synchronized void partition(Collection<? extends Set<NodeId>> groups) {
    Set<NodeId> seen = new HashSet<>();
    for (Set<NodeId> g : groups) {
      for (NodeId n : g) {
        if (!engines.containsKey(n)) {
          throw new IllegalArgumentException("no node " + n + " in this cluster");
        }
        if (!seen.add(n)) {
          throw new IllegalArgumentException("node " + n + " is in two partitions");
        }
      }
    }
    int g = 1;
    for (Set<NodeId> set : groups) {
      for (NodeId n : set) {
        group.put(n, g);
      }
      g++;
    }
    for (NodeId n : engines.keySet()) {
      if (!seen.contains(n)) {
        group.put(n, g++);
      }
    }
    LOG.debug("partition {}", group);
    changed();
  }

  /** Joins every node back into one network. */
  public synchronized void heal() {
    group.replaceAll((k, v) -> 0);
    changed();
  }

  /** @param d the one-way delay of every packet from now on */
  public synchronized void setDelay(Duration d) {
    this.delay = Objects.requireNonNull(d, "delay");
  }

  /** @param p the probability that a packet is dropped (and retransmitted later) */
  public synchronized void setDropRate(double p) {
    if (p < 0 || p >= 1) {
      throw new IllegalArgumentException("drop rate must be in [0, 1): " + p);
    }
    this.dropRate = p;
  }

  /** @return packets lost to a partition or a stopped node */
  public synchronized long lostPackets() {
    return lost;
  }

  /** @return packets dropped and retransmitted */
  public synchronized long droppedPackets() {
    return dropped;
  }

  /** @return the number of views installed so far (counting one per group) */
  public synchronized long viewChanges() {
    return viewChanges;
  }

  /** @return the failure detection time */
  public Duration failureDetection() {
    return failureDetection;
  }

  // ---- membership --------------------------------------------------------------------------

  private boolean reachable(Node a, Node b) {
    SimEngine ea = engines.get(a.id());
    SimEngine eb = engines.get(b.id());
    if (ea == null || eb == null || !ea.running() || !eb.running()) {
      return false;
    }
    return a.equals(b) || Objects.equals(group.get(a.id()), group.get(b.id()));
  }

  private TreeSet<Node> component(SimEngine e) {
    TreeSet<Node> c = new TreeSet<>();
    for (SimEngine o : engines.values()) {
      if (o.running() && Objects.equals(group.get(o.node.id()), group.get(e.node.id()))) {
        c.add(o.node);
      }
    }
    return c;
  }

  synchronized void left(SimEngine e, boolean clean) {
    if (clean) {
      cleanLeft.add(e.node.id());
    } else {
      cleanLeft.remove(e.node.id());
    }
    changed();
  }

  synchronized void changed() {
    Duration needed = null;
    for (SimEngine e : engines.values()) {
      if (!e.running()) {
        continue;
      }
      TreeSet<Node> target = component(e);
      if (e.view.id() != 0 && e.view.members().equals(target)) {
        continue;
      }
      Duration d = Duration.ZERO;
      if (e.view.id() == 0 || !e.view.members().containsAll(target)) {
        d = mergeDelay;
      }
      if (e.view.id() != 0) {
        for (Node m : e.view.members()) {
          if (!target.contains(m)) {
            d = max(d, cleanLeft.contains(m.id()) ? leaveDelay : failureDetection);
          }
        }
      }
      needed = needed == null ? d : max(needed, d);
    }
    if (pendingReconfiguration != null) {
      pendingReconfiguration.cancel();
      pendingReconfiguration = null;
    }
    if (needed != null) {
      pendingReconfiguration = clock.schedule(needed, this::reconfigure);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private synchronized void reconfigure() {
    pendingReconfiguration = null;
    Set<NodeId> done = new HashSet<>();
    List<TreeSet<Node>> components = new ArrayList<>();
    for (SimEngine e : engines.values()) {
      if (e.running() && !done.contains(e.node.id())) {
        TreeSet<Node> c = component(e);
        c.forEach(n -> done.add(n.id()));
        components.add(c);
      }
    }
    for (TreeSet<Node> c : components) {
      List<SimEngine> members = new ArrayList<>();
      boolean need = false;
      for (Node n : c) {
        SimEngine e = engines.get(n.id());
        members.add(e);
        need |= e.view.id() == 0 || !e.view.members().equals(c);
      }
      if (need) {
        install(c, members);
      }
    }
  }

  private void install(TreeSet<Node> c, List<SimEngine> members) {
    long newId = ++viewCounter;
    viewChanges++;
    // virtual synchrony: flush each old view among those who move on together
    Map<Long, List<SimEngine>> byOld = new TreeMap<>();
    for (SimEngine e : members) {
      if (e.view.id() > 0) {
        byOld.computeIfAbsent(e.view.id(), k -> new ArrayList<>()).add(e);
      }
    }
    for (Map.Entry<Long, List<SimEngine>> en : byOld.entrySet()) {
      ViewLog vl = views.get(en.getKey());
      if (vl == null) {
        continue;
      }
      List<SimEngine> g = en.getValue();
      long k = 0;
      while (k < vl.log.size() && known(vl, g, k)) {
        k++;
      }
      for (SimEngine e : g) {
        for (long s = e.nextDeliver; s < k && e.running(); s++) {
          e.deliver(vl.log.get((int) s));
        }
        vl.movedOn.add(e.node);
      }
    }
    views.values().removeIf(vl -> vl.movedOn.containsAll(vl.members) || allGone(vl));
    views.put(newId, new ViewLog(newId, c));
    LOG.debug("view {} installed: {}", newId, c);
    for (SimEngine e : members) {
      MembershipView next = e.view.id() == 0 ? MembershipView.initial(newId, c)
          : e.view.next(newId, c);
      e.install(next);
    }
  }

  private boolean allGone(ViewLog vl) {
    for (Node n : vl.members) {
      SimEngine e = engines.get(n.id());
      if (e != null && e.running() && e.view.id() == vl.id) {
        return false;
      }
    }
    return true;
  }

  private static boolean known(ViewLog vl, List<SimEngine> g, long seq) {
    for (SimEngine e : g) {
      if (e.node.equals(vl.sequencer) || seq < e.nextDeliver || e.holdback().containsKey(seq)) {
        return true;
      }
    }
    return false;
  }

  // ---- ordering ----------------------------------------------------------------------------

  synchronized void submit(SimEngine from, SimEngine.Pending p) {
    ViewLog vl = views.get(from.view.id());
    if (vl == null) {
      return;
    }
    if (!reachable(from.node, vl.sequencer)) {
      // as totem retransmits: try again while the view stands and the message waits
      clock.schedule(retransmit, () -> {
        synchronized (this) {
          if (from.running() && from.view.id() == vl.id && from.pending.contains(p)) {
            submit(from, p);
          }
        }
      });
      return;
    }
    send(from.node, vl.sequencer, () -> order(from, p, vl));
  }

  /**
   * At the sequencer: numbers the message if the view's ring is whole. As totem, which orders
   * only while the token goes round every member, nothing is ordered in a view with a member
   * cut off or dead: the message waits (and is tried again) until the link comes back or the
   * next view, where the engine submits it again; so a message ordered in a view reaches every
   * member of it that stays alive, never a part of a view that is splitting.
   */
  private void order(SimEngine from, SimEngine.Pending p, ViewLog vl) {
    long viewId = vl.id;
    Node seqr = vl.sequencer;
    {
      SimEngine s = engines.get(seqr.id());
      if (s == null || !s.running() || s.view.id() != viewId || !from.pending.contains(p)
          || from.view.id() != viewId) {
        return;
      }
      for (Node m : vl.members) {
        if (!reachable(seqr, m)) {
          clock.schedule(retransmit, () -> {
            synchronized (this) {
              order(from, p, vl);
            }
          });
          return;
        }
      }
      Ordered o = new Ordered(viewId, vl.nextSeq++, from.node, p);
      vl.log.add(o);
      for (Node m : vl.members) {
        send(seqr, m, () -> {
          SimEngine t = engines.get(m.id());
          if (t != null) {
            t.receive(o);
          }
        });
      }
    }
  }

  private void send(Node from, Node to, Runnable onArrival) {
    if (!reachable(from, to)) {
      lost++;
      return;
    }
    // a packet on the wire before a cut still arrives (only a dead receiver loses it); a dropped
    // one arrives after its retransmission
    Duration after = from.equals(to) ? Duration.ZERO : delay;
    if (!from.equals(to) && dropRate > 0 && random.nextDouble() < dropRate) {
      dropped++;
      after = delay.plus(retransmit);
    }
    clock.schedule(after, () -> {
      synchronized (this) {
        SimEngine t = engines.get(to.id());
        if (t != null && t.running()) {
          onArrival.run();
        } else {
          lost++;
        }
      }
    });
  }
}
