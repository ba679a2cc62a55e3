package io.hablocks.quorum.jgroups;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.Subscription;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.MembershipException;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.SEQUENCER;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.util.NameCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A membership engine on JGroups 5: TCP with a static member list (TCPPING), failure detection
 * by heartbeats (FD_ALL3, VERIFY_SUSPECT2) and closed sockets (FD_SOCK2), merging after a heal
 * (MERGE3), and total order through a sequencer (SEQUENCER). A JGroups member's logical name is
 * the node's name, which maps it to its {@link NodeId}.
 *
 * <p>View ids are JGroups' view number shifted left by 32 bits plus the coordinator's node id, so
 * two partitions never share an id. JGroups 5 has no FLUSH: the total order holds within a view,
 * and view changes are delivered in order with messages, but members that move together are not
 * forced to have delivered the same messages of the old view (virtual synchrony is best effort).
 * JGroups' own timers run on JGroups' threads, not on an ha-api {@code Clock}.
 *
 * <pre>{@code
 * JGroupsEngine e = JGroupsEngine.builder()
 *     .local(Node.of(1, "n1"))
 *     .member(Node.of(1, "n1"), new InetSocketAddress("198.18.0.1", 7800))
 *     .member(Node.of(2, "n2"), new InetSocketAddress("198.18.0.2", 7800))
 *     .member(Node.of(3, "n3"), new InetSocketAddress("198.18.0.3", 7800))
 *     .failureDetection(Duration.ofMillis(1000))
 *     .build();
 * }</pre>
 */
public final class JGroupsEngine implements MembershipEngine {

  private static final Logger LOG = LoggerFactory.getLogger(JGroupsEngine.class);

  private final Builder config;
  private final Node local;
  private final Map<String, Node> byName = new LinkedHashMap<>();
  private final CopyOnWriteArrayList<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final LinkedBlockingQueue<byte[]> outgoing = new LinkedBlockingQueue<>();
  private final Object deliveryLock = new Object();
  private volatile MembershipView view;
  private volatile boolean closed;
  private JChannel channel;
  private Thread sender;
  private long seqInView;

  private JGroupsEngine(Builder b) {
    this.config = b;
    this.local = b.local;
    for (Node n : b.members.keySet()) {
      byName.put(n.name(), n);
    }
    TreeSet<Node> self = new TreeSet<>();
    self.add(local);
    this.view = new MembershipView(0, self, new TreeSet<>(), new TreeSet<>());
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
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
    Objects.requireNonNull(listener, "listener");
    synchronized (deliveryLock) {
      listeners.add(listener);
      if (view.id() > 0) {
        listener.viewChanged(view);
      }
    }
    return () -> listeners.remove(listener);
  }

  @Override
  public synchronized void start() {
    if (channel != null) {
      return;
    }
    if (closed) {
      throw new MembershipException("JGroups engine of " + local + ": closed");
    }
    try {
      InetSocketAddress bind = config.members.get(local);
      TCP tcp = new TCP();
      tcp.setBindAddr(bind.getAddress());
      tcp.setValue("bind_port", bind.getPort());
      tcp.setValue("port_range", 0);
      // a peer behind a cut link must not stall the sends to the others (and their heartbeats)
      tcp.setValue("non_blocking_sends", true);
      tcp.setValue("max_send_queue", 256);
      tcp.setValue("sock_conn_timeout", (int) Math.max(200, config.failureDetection.toMillis() / 2));
      List<InetSocketAddress> hosts = new ArrayList<>(config.members.values());
      TCPPING ping = new TCPPING().setInitialHosts(hosts).setPortRange(0);
      long fd = config.failureDetection.toMillis();
      channel = new JChannel(tcp, ping,
          new MERGE3().setMinInterval(config.mergeInterval.toMillis())
              .setMaxInterval(config.mergeInterval.toMillis() * 2),
          new FD_SOCK2(),
          new FD_ALL3().setTimeout(fd).setInterval(Math.max(50, fd / 4)),
          new VERIFY_SUSPECT2().setTimeout(Math.max(100, fd / 4)),
          new NAKACK2(),
          new UNICAST3(),
          new STABLE(),
          new GMS().setJoinTimeout(Math.max(500, fd)),
          new SEQUENCER(),
          new FRAG4());
      channel.name(local.name());
      channel.setReceiver(new Receiver() {
        @Override
        public void viewAccepted(View v) {
          onView(v);
        }

        @Override
        public void receive(org.jgroups.Message m) {
          onMessage(m);
        }
      });
      sender = new Thread(this::sendLoop, "jgroups-send-" + local.name());
      sender.setDaemon(true);
      sender.start();
      channel.connect(config.cluster);
    } catch (Exception e) {
      throw new MembershipException("JGroups engine of " + local + ": cannot join cluster '"
          + config.cluster + "': " + e.getMessage(), e);
    }
  }

  @Override
  public CompletionStage<Void> broadcast(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new MembershipException("JGroups engine of " + local + ": closed"));
      return f;
    }
    long id = nextId.incrementAndGet();
    pending.put(id, f);
    outgoing.add(ByteBuffer.allocate(8 + payload.length).putLong(id).put(payload).array());
    return f;
  }

  private void sendLoop() {
    while (!closed) {
      byte[] b;
      try {
        b = outgoing.take();
      } catch (InterruptedException e) {
        return;
      }
      if (b.length == 0) {
        return;
      }
      try {
        channel.send(new BytesMessage(null, b));
      } catch (Exception e) {
        long id = ByteBuffer.wrap(b).getLong();
        CompletableFuture<Void> f = pending.remove(id);
        if (f != null) {
          f.completeExceptionally(new MembershipException("JGroups engine of " + local
              + ": send failed: " + e.getMessage(), e));
        }
      }
    }
  }

  private Node nodeOf(Address a) {
    String name = NameCache.get(a);
    return name == null ? null : byName.get(name);
  }

  private void onView(View v) {
    synchronized (deliveryLock) {
      if (closed) {
        return;
      }
      TreeSet<Node> members = new TreeSet<>();
      for (Address a : v.getMembers()) {
        Node n = nodeOf(a);
        if (n == null) {
          LOG.warn("JGroups member {} is not in the member list of {}; ignored", a, local);
        } else {
          members.add(n);
        }
      }
      Node coord = nodeOf(v.getCoord());
      long id = (v.getViewId().getId() << 32) | (coord == null ? 0 : coord.id().value());
      MembershipView old = view;
      MembershipView next = old.id() == 0 ? MembershipView.initial(Math.max(1, id), members)
          : old.next(Math.max(id, old.id() + 1), members);
      view = next;
      seqInView = 0;
      LOG.debug("{}: view {} {}", local, next.id(), members);
      for (MembershipListener l : listeners) {
        try {
          l.viewChanged(next);
        } catch (RuntimeException e) {
          LOG.warn("membership listener failed", e);
        }
      }
    }
  }

  private void onMessage(org.jgroups.Message m) {
    byte[] b = m.getArray();
    int off = m.getOffset();
    int len = m.getLength();
    if (b == null || len < 8) {
      return;
    }
    Node from = nodeOf(m.getSrc());
    if (from == null) {
      LOG.debug("message from unknown member {} dropped", m.getSrc());
      return;
    }
    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
    long id = buf.getLong();
    byte[] payload = new byte[len - 8];
    buf.get(payload);
    synchronized (deliveryLock) {
      if (closed) {
        return;
      }
      Message msg = new Message(from.id(), view.id(), seqInView++, payload);
      for (MembershipListener l : listeners) {
        try {
          l.delivered(msg);
        } catch (RuntimeException e) {
          LOG.warn("membership listener failed", e);
        }
      }
    }
    if (from.equals(local)) {
      CompletableFuture<Void> f = pending.remove(id);
      if (f != null) {
        f.complete(null);
      }
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    outgoing.add(new byte[0]);
    if (channel != null) {
      channel.close();
    }
    for (CompletableFuture<Void> f : pending.values()) {
      f.completeExceptionally(new MembershipException("JGroups engine of " + local + ": closed"));
    }
    pending.clear();
    synchronized (deliveryLock) {
      for (MembershipListener l : listeners) {
        l.stopped(view);
      }
    }
  }

  @Override
  public String toString() {
    return "JGroups engine " + local + " in cluster " + config.cluster;
  }

  /** Builds a {@link JGroupsEngine}. Not thread-safe. */
  public static final class Builder {
    private Node local;
    private final Map<Node, InetSocketAddress> members = new LinkedHashMap<>();
    private String cluster = "ha-blocks";
    private Duration failureDetection = Duration.ofSeconds(40);
    private Duration mergeInterval = Duration.ofSeconds(10);

    private Builder() {}

    /** @param n the node this engine runs as (must also be a member) @return this builder */
    public Builder local(Node n) {
      this.local = Objects.requireNonNull(n, "local");
      return this;
    }

    /**
     * Adds a member of the static list.
     *
     * @param n the node (its name becomes the JGroups logical name)
     * @param address its TCP address
     * @return this builder
     */
    public Builder member(Node n, InetSocketAddress address) {
      members.put(Objects.requireNonNull(n, "node"), Objects.requireNonNull(address, "address"));
      return this;
    }

    /** @param name the JGroups cluster name (default "ha-blocks") @return this builder */
    public Builder cluster(String name) {
      this.cluster = Objects.requireNonNull(name, "cluster");
      return this;
    }

    /**
     * Sets the heartbeat timeout (FD_ALL3 timeout; heartbeats every quarter of it, suspicion
     * verified for a quarter). Default 40 s, as JGroups; 1 s notices a cut node in about 1.5 s
     * at the cost of four heartbeats a second from every member and false suspicions during
     * pauses (GC, CPU starvation) longer than a second.
     *
     * @param timeout the timeout, at least 200 ms
     * @return this builder
     */
    public Builder failureDetection(Duration timeout) {
      if (timeout.toMillis() < 200) {
        throw new IllegalArgumentException("failureDetection must be at least 200 ms, got "
            + timeout);
      }
      this.failureDetection = timeout;
      return this;
    }

    /** @param interval how often partitions look for each other (MERGE3) @return this builder */
    public Builder mergeInterval(Duration interval) {
      if (interval.toMillis() < 100) {
        throw new IllegalArgumentException("mergeInterval must be at least 100 ms, got "
            + interval);
      }
      this.mergeInterval = interval;
      return this;
    }

    /** @return the engine, not started */
    public JGroupsEngine build() {
      if (local == null || !members.containsKey(local)) {
        throw new IllegalArgumentException("the local node must be one of the members: "
            + local);
      }
      return new JGroupsEngine(this);
    }
  }
}
