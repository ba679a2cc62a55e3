package io.hablocks.quorum;

import io.hablocks.api.Cancellable;
import io.hablocks.api.Clock;
import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumState;
import io.hablocks.api.Subscription;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.api.membership.QuorumListener;
import io.hablocks.api.membership.QuorumProvider;
import io.hablocks.quorum.internal.VotequorumCore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * votequorum running on a membership engine, driven by a {@link Clock}: the state machine around
 * the pure {@link Votequorum} calculator. At every view it broadcasts this node's
 * {@link NodeInfo} through the engine's total order, applies every member's, and decides once all
 * have arrived (corosync's sync); it runs the last_man_standing_window timer on the clock; runtime
 * changes of expected votes and votes travel as ordered messages so every member applies them at
 * the same point. Messages of other users of the engine are left alone; malformed votequorum
 * messages are dropped and counted.
 *
 * <pre>{@code
 * VotequorumService q = VotequorumService.attach(engine, VotequorumConfig.ofNodes(3), clock);
 * q.addListener(s -> log.info("quorate={}", s.quorate()));
 * engine.start();
 * }</pre>
 *
 * Thread-safe; listeners are called one at a time, in order.
 */
public final class VotequorumService implements QuorumProvider, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VotequorumService.class);

  static final int MAGIC = 0x48425651; // "HBVQ"
  static final byte VERSION = 1;
  static final byte TYPE_NODEINFO = 1;
  static final byte TYPE_RECONFIGURE = 2;
  static final byte PARAM_EXPECTED_VOTES = 1;
  static final byte PARAM_NODE_VOTES = 2;
  static final byte PARAM_CANCEL_WFA = 3;
  /** How long a sync waits before this node sends its node info again. */
  static final java.time.Duration SYNC_RETRY = java.time.Duration.ofSeconds(1);

  private final MembershipEngine engine;
  private final Clock clock;
  private final Object lock = new Object();
  private final List<QuorumListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private VotequorumCore core;
  private MembershipView view;
  private long syncViewId = -1;
  private final Set<NodeId> awaiting = new HashSet<>();
  private final TreeMap<Long, List<NodeInfo>> early = new TreeMap<>();
  private final java.util.Map<NodeId, NodeInfo> heard = new java.util.HashMap<>();
  private Cancellable syncRetry;
  private Cancellable lmsTimer;
  private QuorumState published;
  private Subscription engineSubscription;
  private boolean closed;

  private VotequorumService(MembershipEngine engine, VotequorumConfig config, Clock clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.core = VotequorumCore.start(Objects.requireNonNull(config, "config"),
        engine.localNode().id());
    for (String w : core.effective().warnings()) {
      LOG.warn("votequorum on {}: {}", engine.localNode(), w);
    }
    this.view = engine.view();
    this.published = core.state(view);
  }

  /**
   * Creates votequorum for the engine's node and listens to the engine. Attach before
   * {@link MembershipEngine#start()} (or at any time: the current view is taken as a new one).
   *
   * @param engine the membership engine
   * @param config the configuration
   * @param clock the clock for the last man standing timer
   * @return the running service
   * @throws QuorumConfigException with corosync's reason if corosync would not start with it
   */
  public static VotequorumService attach(MembershipEngine engine, VotequorumConfig config,
      Clock clock) {
    VotequorumService s = new VotequorumService(engine, config, clock);
    s.engineSubscription = engine.addListener(new MembershipListener() {
      @Override
      public void viewChanged(MembershipView v) {
        s.onView(v);
      }

      @Override
      public void delivered(Message m) {
        s.onMessage(m);
      }
    });
    return s;
  }

  @Override
  public QuorumState state() {
    synchronized (lock) {
      return published;
    }
  }

  /** @return the calculator's current value (a snapshot) */
  public Votequorum votequorum() {
    synchronized (lock) {
      return Votequorum.of(core.copy());
    }
  }

  @Override
  public Subscription addListener(QuorumListener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (lock) {
      listeners.add(listener);
      listener.quorumChanged(published);
    }
    return () -> listeners.remove(listener);
  }

  /** @return how many malformed votequorum messages were dropped */
  public long droppedMessages() {
    return dropped.get();
  }

  /** @return the node this runs on */
  public Node localNode() {
    return engine.localNode();
  }

  /**
   * Changes expected votes for the whole partition ({@code corosync-quorumtool -e}).
   *
   * @param expected the new expected votes
   * @return completed when the change was delivered here
   * @throws QuorumConfigException with corosync's reason if refused
   */
  public CompletionStage<Void> setExpectedVotes(int expected) {
    synchronized (lock) {
      String why = core.checkExpectedVotes(expected);
      if (why != null) {
        throw new QuorumConfigException("expected_votes", why);
      }
    }
    return engine.broadcast(reconfigure(PARAM_EXPECTED_VOTES, engine.localNode().id().value(),
        expected));
  }

  /**
   * Changes a node's votes ({@code corosync-quorumtool -v -n}).
   *
   * @param node the node
   * @param votes the new votes
   * @return completed when the change was delivered here
   * @throws QuorumConfigException with corosync's reason if refused
   */
  public CompletionStage<Void> setVotes(NodeId node, int votes) {
    synchronized (lock) {
      String why = core.checkVotes(node, votes);
      if (why != null) {
        throw new QuorumConfigException("nodelist.node(" + node + ").quorum_votes", why);
      }
    }
    return engine.broadcast(reconfigure(PARAM_NODE_VOTES, node.value(), votes));
  }

  /** @return completed when the cancel of wait_for_all was delivered here */
  public CompletionStage<Void> cancelWaitForAll() {
    return engine.broadcast(reconfigure(PARAM_CANCEL_WFA, engine.localNode().id().value(), 0));
  }

  /**
   * Announces a clean leave (what corosync does on shutdown): with allow_downscale the others
   * lower expected votes. Call before closing the engine.
   *
   * @return completed when the announcement was delivered here (at once without allow_downscale)
   */
  public CompletionStage<Void> leave() {
    byte[] msg;
    synchronized (lock) {
      if (closed || !core.announcesLeave()) {
        return CompletableFuture.completedFuture(null);
      }
      core.leave();
      msg = nodeInfoMessage(core.nodeInfo(), view.id());
    }
    // never call the engine while holding our lock: the engine may call us back holding its own
    return engine.broadcast(msg);
  }

  /** Stops listening and cancels the timer; does not close the engine. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (lmsTimer != null) {
        lmsTimer.cancel();
      }
      if (syncRetry != null) {
        syncRetry.cancel();
      }
    }
    if (engineSubscription != null) {
      engineSubscription.close();
    }
    listeners.clear();
  }

  // ---- engine events ----------------------------------------------------------------------

  private void onView(MembershipView v) {
    byte[] msg;
    synchronized (lock) {
      if (closed) {
        return;
      }
      view = v;
      core.syncInit(v.members().stream().map(Node::id).toList());
      timer();
      syncViewId = v.id();
      awaiting.clear();
      for (Node n : v.members()) {
        awaiting.add(n.id());
      }
      msg = nodeInfoMessage(core.nodeInfo(), v.id());
      heard.clear();
      if (syncRetry != null) {
        syncRetry.cancel();
      }
      byte[] again = msg;
      syncRetry = clock.schedule(SYNC_RETRY, () -> resend(v.id(), again));
      early.headMap(v.id()).clear();
      List<NodeInfo> waiting = early.remove(v.id());
      if (waiting != null) {
        for (NodeInfo info : waiting) {
          if (v.contains(info.node())) {
            nodeInfo(info);
          }
        }
        timer();
        publish();
      }
    }
    engine.broadcast(msg).exceptionally(e -> {
      LOG.debug("node info for view {} not delivered: {}", v.id(), e.toString());
      return null;
    });
  }

  private void onMessage(Message m) {
    byte[] p = m.payload();
    if (p.length < 6) {
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(p);
    if (b.getInt() != MAGIC) {
      return; // another user's message
    }
    try {
      if (b.get() != VERSION) {
        throw new IllegalArgumentException("unknown version");
      }
      byte type = b.get();
      long sentInView = b.getLong();
      synchronized (lock) {
        if (closed) {
          return;
        }
        if (type == TYPE_NODEINFO) {
          NodeInfo info = NodeInfo.decode(b);
          if (!info.node().equals(m.sender())) {
            throw new IllegalArgumentException("node info for " + info.node() + " sent by "
                + m.sender());
          }
          if (sentInView > view.id()) {
            // sent in a view this node has not installed yet (engines without virtual
            // synchrony): apply it when that view comes
            early.computeIfAbsent(sentInView, k -> new ArrayList<>()).add(info);
            return;
          }
          if (sentInView < view.id() || !view.contains(m.sender())) {
            // corosync only hears node info within the current membership
            return;
          }
          nodeInfo(info);
        } else if (type == TYPE_RECONFIGURE) {
          if (!view.contains(m.sender())) {
            return;
          }
          byte param = b.get();
          NodeId node = NodeId.of(Integer.toUnsignedLong(b.getInt()));
          int value = b.getInt();
          switch (param) {
            case PARAM_EXPECTED_VOTES -> core.expectedVotesChanged(value);
            case PARAM_NODE_VOTES -> core.votesChanged(node, value);
            case PARAM_CANCEL_WFA -> core.cancelWaitForAll();
            default -> throw new IllegalArgumentException("unknown parameter " + param);
          }
        } else {
          throw new IllegalArgumentException("unknown type " + type);
        }
        timer();
        publish();
      }
    } catch (RuntimeException e) {
      dropped.incrementAndGet();
      LOG.debug("dropped votequorum message from {}: {}", m.sender(), e.toString());
    }
  }

  private void nodeInfo(NodeInfo info) {
    if (info.equals(heard.put(info.node(), info))) {
      return; // a resent copy (see SYNC_RETRY)
    }
    core.nodeInfoDelivered(info);
    if (view.id() == syncViewId && awaiting.remove(info.node()) && awaiting.isEmpty()) {
      core.syncActivate();
      syncViewId = -1;
      if (syncRetry != null) {
        syncRetry.cancel();
        syncRetry = null;
      }
    }
  }

  /**
   * The sync of a view is still waiting: send this node's info again. Corosync's totem never
   * loses it; an engine may (JGroups drops messages in flight to a coordinator that failed).
   */
  private void resend(long viewId, byte[] msg) {
    synchronized (lock) {
      if (closed || syncViewId != viewId) {
        return;
      }
      LOG.debug("sync of view {} on {} still waits for {}; node info sent again", viewId,
          engine.localNode(), awaiting);
      syncRetry = clock.schedule(SYNC_RETRY, () -> resend(viewId, msg));
    }
    engine.broadcast(msg).exceptionally(e -> null);
  }

  private void timer() {
    switch (core.takeTimerAction()) {
      case ARM -> {
        if (lmsTimer != null) {
          lmsTimer.cancel();
        }
        lmsTimer = clock.schedule(core.lastManStandingWindow(), this::onLmsTimer);
      }
      case CANCEL -> {
        if (lmsTimer != null) {
          lmsTimer.cancel();
          lmsTimer = null;
        }
      }
      default -> { }
    }
  }

  private void onLmsTimer() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      lmsTimer = null;
      core.lastManStandingTimerExpired();
      publish();
    }
  }

  private void publish() {
    if (core.syncInProgress()) {
      return;
    }
    QuorumState s = core.state(view);
    if (!s.equals(published)) {
      published = s;
      LOG.debug("quorum on {}: quorate={} expected={} total={} quorum={}", engine.localNode(),
          s.quorate(), s.expectedVotes(), s.totalVotes(), s.quorum());
      for (QuorumListener l : listeners) {
        try {
          l.quorumChanged(s);
        } catch (RuntimeException e) {
          LOG.warn("quorum listener failed", e);
        }
      }
    }
  }

  private static byte[] nodeInfoMessage(NodeInfo info, long viewId) {
    return ByteBuffer.allocate(4 + 2 + 8 + NodeInfo.ENCODED_LENGTH).putInt(MAGIC).put(VERSION)
        .put(TYPE_NODEINFO).putLong(viewId).put(info.encode()).array();
  }

  private byte[] reconfigure(byte param, long node, int value) {
    long viewId;
    synchronized (lock) {
      viewId = view.id();
    }
    return ByteBuffer.allocate(4 + 2 + 8 + 1 + 4 + 4).putInt(MAGIC).put(VERSION)
        .put(TYPE_RECONFIGURE).putLong(viewId).put(param).putInt((int) node).putInt(value)
        .array();
  }
}
