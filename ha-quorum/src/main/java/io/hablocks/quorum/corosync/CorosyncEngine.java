package io.hablocks.quorum.corosync;

import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumFlag;
import io.hablocks.api.QuorumState;
import io.hablocks.api.Subscription;
import io.hablocks.api.membership.MembershipEngine;
import io.hablocks.api.membership.MembershipException;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.api.membership.QuorumListener;
import io.hablocks.api.membership.QuorumProvider;
import io.hablocks.quorum.internal.CorosyncLibs;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.LongLongByReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The corosync engine: membership and totally ordered broadcast from a CPG group of the corosync
 * running in this network namespace, and quorum from its votequorum. One dispatcher thread (8 MiB
 * stack) polls the CPG and votequorum descriptors and dispatches with {@code CS_DISPATCH_ALL};
 * listeners run on it.
 *
 * <p>Views are the CPG group's members (one process per node is expected); a view id is the totem
 * ring sequence times 1024 plus the member count (and at least one more than the previous id), so
 * members of one ring agree on it unless a process leaves the group without a ring change.
 * Messages go out with {@code CPG_TYPE_AGREED}.
 *
 * <pre>{@code
 * try (CorosyncEngine e = CorosyncEngine.create("my-app")) {
 *   e.addListener(listener);
 *   e.start();
 *   e.broadcast(bytes);
 * }
 * }</pre>
 */
public final class CorosyncEngine implements MembershipEngine, QuorumProvider {

  private static final Logger LOG = LoggerFactory.getLogger(CorosyncEngine.class);
  private static final int CPG_MODEL_V1 = 1;
  private static final int CPG_TYPE_AGREED = 2;
  private static final int POLLIN = 1;

  private final String group;
  private final int pid = (int) ProcessHandle.current().pid();
  private final CopyOnWriteArrayList<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<QuorumListener> quorumListeners =
      new CopyOnWriteArrayList<>();
  private final Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile Node local;
  private volatile MembershipView view;
  private volatile QuorumState quorum;
  private volatile boolean closing;
  private volatile RuntimeException startFailure;
  private Thread dispatcher;
  private long ringSeq;
  private long seqInView;

  private CorosyncLibs.Cpg cpg;
  private CorosyncLibs.Votequorum vq;
  private Runtime rt;
  private long cpgHandle;
  private long vqHandle;
  private Pointer groupName;
  private final Map<Long, String> names = new ConcurrentHashMap<>();
  // callbacks must stay reachable while corosync may call them
  private Object[] callbacks;

  private CorosyncEngine(String group) {
    this.group = group;
  }

  /**
   * An engine for a CPG group, not started.
   *
   * @param group the CPG group name (at most 127 bytes)
   * @return the engine
   */
  public static CorosyncEngine create(String group) {
    Objects.requireNonNull(group, "group");
    if (group.isEmpty() || group.getBytes(StandardCharsets.UTF_8).length > 127) {
      throw new MembershipException("corosync engine: CPG group name must be 1 to 127 bytes: '"
          + group + "'");
    }
    return new CorosyncEngine(group);
  }

  @Override
  public Node localNode() {
    Node n = local;
    if (n == null) {
      throw new MembershipException("corosync engine: not started, the local node is unknown");
    }
    return n;
  }

  @Override
  public MembershipView view() {
    MembershipView v = view;
    if (v == null) {
      throw new MembershipException("corosync engine: not started");
    }
    return v;
  }

  @Override
  public Subscription addListener(MembershipListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    MembershipView v = view;
    if (v != null && v.id() > 0) {
      listener.viewChanged(v);
    }
    return () -> listeners.remove(listener);
  }

  @Override
  public QuorumState state() {
    QuorumState q = quorum;
    if (q == null) {
      throw new MembershipException("corosync engine: not started");
    }
    return q;
  }

  @Override
  public Subscription addListener(QuorumListener listener) {
    quorumListeners.add(Objects.requireNonNull(listener, "listener"));
    QuorumState q = quorum;
    if (q != null) {
      listener.quorumChanged(q);
    }
    return () -> quorumListeners.remove(listener);
  }

  /**
   * Connects to corosync and joins the group; returns once connected (the first view follows).
   *
   * @throws MembershipException naming the corosync call that failed
   */
  @Override
  public synchronized void start() {
    if (dispatcher != null) {
      return;
    }
    dispatcher = new Thread(null, this::run, "corosync-dispatch-" + group, 8L << 20);
    dispatcher.setDaemon(true);
    dispatcher.start();
    try {
      if (!ready.await(30, TimeUnit.SECONDS)) {
        throw new MembershipException("corosync engine: no answer from corosync in 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MembershipException("corosync engine: interrupted while starting", e);
    }
    if (startFailure != null) {
      throw startFailure;
    }
  }

  @Override
  public CompletionStage<Void> broadcast(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (closing || cpgHandle == 0) {
      f.completeExceptionally(new MembershipException("corosync engine: not running"));
      return f;
    }
    long id = nextId.incrementAndGet();
    pending.put(id, f);
    Pointer buf = Memory.allocateDirect(rt, 8 + payload.length);
    buf.putLong(0, id);
    buf.put(8, payload, 0, payload.length);
    Pointer iov = Memory.allocateDirect(rt, 16);
    iov.putPointer(0, buf);
    iov.putLong(8, 8 + payload.length);
    int rc = CorosyncLibs.CS_ERR_TRY_AGAIN;
    for (int i = 0; i < 1000 && rc == CorosyncLibs.CS_ERR_TRY_AGAIN && !closing; i++) {
      rc = cpg.cpg_mcast_joined(cpgHandle, CPG_TYPE_AGREED, iov, 1);
      if (rc == CorosyncLibs.CS_ERR_TRY_AGAIN) {
        Thread.onSpinWait();
      }
    }
    if (rc != CorosyncLibs.CS_OK) {
      pending.remove(id);
      f.completeExceptionally(CorosyncLibs.error("cpg_mcast_joined", rc));
    }
    return f;
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      t = dispatcher;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (CompletableFuture<Void> f : pending.values()) {
      f.completeExceptionally(new MembershipException("corosync engine: closed"));
    }
    pending.clear();
    MembershipView v = view;
    for (MembershipListener l : listeners) {
      l.stopped(v);
    }
  }

  // ---- dispatcher thread ----------------------------------------------------------------

  private void run() {
    CorosyncLibs.Cmap cmap = null;
    CorosyncLibs.LibC libc;
    long cmapHandle = 0;
    try {
      cpg = CorosyncLibs.load(CorosyncLibs.Cpg.class, "libcpg.so.4");
      vq = CorosyncLibs.load(CorosyncLibs.Votequorum.class, "libvotequorum.so.8");
      cmap = CorosyncLibs.load(CorosyncLibs.Cmap.class, "libcmap.so.4");
      libc = jnr.ffi.LibraryLoader.create(CorosyncLibs.LibC.class).failImmediately().load("c");
      rt = Runtime.getRuntime(cpg);
      LongLongByReference ch = new LongLongByReference();
      check("cmap_initialize", cmap.cmap_initialize(ch));
      cmapHandle = ch.getValue();
      readNames(cmap, cmapHandle);

      CorosyncLibs.CpgDeliver deliver = this::onDeliver;
      CorosyncLibs.CpgConfchg confchg = this::onConfchg;
      CorosyncLibs.CpgTotemConfchg totem = (h, rn, seq, n, list) -> ringSeq = seq;
      // the ring we start in (the initial totem configuration may come after the first group
      // change)
      ringSeq = CorosyncQuorum.status().ringSequence();
      CorosyncLibs.VotequorumQuorumNotify qn = (h, ctx, quorate, n, nodes) -> updateQuorum();
      callbacks = new Object[] {deliver, confchg, totem, qn};
      var cm = rt.getClosureManager();
      Pointer model = Memory.allocateDirect(rt, 40);
      model.putInt(0, CPG_MODEL_V1);
      model.putPointer(8, cm.getClosurePointer(CorosyncLibs.CpgDeliver.class, deliver));
      model.putPointer(16, cm.getClosurePointer(CorosyncLibs.CpgConfchg.class, confchg));
      model.putPointer(24, cm.getClosurePointer(CorosyncLibs.CpgTotemConfchg.class, totem));
      model.putInt(32, 1); // CPG_MODEL_V1_DELIVER_INITIAL_TOTEM_CONF
      LongLongByReference h = new LongLongByReference();
      check("cpg_model_initialize", retry(() -> cpg.cpg_model_initialize(h, CPG_MODEL_V1, model,
          null)));
      IntByReference me = new IntByReference();
      check("cpg_local_get", cpg.cpg_local_get(h.getValue(), me));
      long myId = Integer.toUnsignedLong(me.getValue());
      local = new Node(NodeId.of(myId), names.getOrDefault(myId, "node" + myId));
      TreeSet<Node> self = new TreeSet<>();
      self.add(local);
      view = new MembershipView(0, self, new TreeSet<>(), new TreeSet<>());

      Pointer vcb = Memory.allocateDirect(rt, 24);
      vcb.putPointer(0, cm.getClosurePointer(CorosyncLibs.VotequorumQuorumNotify.class, qn));
      vcb.putAddress(8, 0L);
      vcb.putAddress(16, 0L);
      LongLongByReference vh = new LongLongByReference();
      check("votequorum_initialize", retry(() -> vq.votequorum_initialize(vh, vcb)));
      vqHandle = vh.getValue();
      updateQuorum();
      check("votequorum_trackstart", vq.votequorum_trackstart(vqHandle, 0L,
          CorosyncLibs.CS_TRACK_CHANGES));

      groupName = Memory.allocateDirect(rt, 4 + 128);
      byte[] g = group.getBytes(StandardCharsets.UTF_8);
      groupName.putInt(0, g.length);
      groupName.put(4, g, 0, g.length);
      check("cpg_join", retry(() -> cpg.cpg_join(h.getValue(), groupName)));
      cpgHandle = h.getValue();

      IntByReference cfd = new IntByReference();
      IntByReference vfd = new IntByReference();
      check("cpg_fd_get", cpg.cpg_fd_get(cpgHandle, cfd));
      check("votequorum_fd_get", vq.votequorum_fd_get(vqHandle, vfd));
      Pointer fds = Memory.allocateDirect(rt, 16);
      ready.countDown();
      while (!closing) {
        fds.putInt(0, cfd.getValue());
        fds.putShort(4, (short) POLLIN);
        fds.putShort(6, (short) 0);
        fds.putInt(8, vfd.getValue());
        fds.putShort(12, (short) POLLIN);
        fds.putShort(14, (short) 0);
        int n = libc.poll(fds, 2, 100);
        if (n <= 0) {
          continue;
        }
        if (fds.getShort(6) != 0) {
          int rc = cpg.cpg_dispatch(cpgHandle, CorosyncLibs.CS_DISPATCH_ALL);
          if (rc != CorosyncLibs.CS_OK && rc != CorosyncLibs.CS_ERR_TRY_AGAIN) {
            throw CorosyncLibs.error("cpg_dispatch", rc);
          }
        }
        if (fds.getShort(14) != 0) {
          int rc = vq.votequorum_dispatch(vqHandle, CorosyncLibs.CS_DISPATCH_ALL);
          if (rc != CorosyncLibs.CS_OK && rc != CorosyncLibs.CS_ERR_TRY_AGAIN) {
            throw CorosyncLibs.error("votequorum_dispatch", rc);
          }
        }
      }
    } catch (RuntimeException | LinkageError e) {
      if (ready.getCount() > 0) {
        startFailure = e instanceof MembershipException me ? me
            : new MembershipException("corosync engine: " + e, e);
        ready.countDown();
      } else {
        LOG.error("corosync engine for group {} stopped", group, e);
      }
    } finally {
      closing = true;
      long c = cpgHandle;
      cpgHandle = 0;
      if (c != 0) {
        cpg.cpg_leave(c, groupName);
        cpg.cpg_finalize(c);
      }
      if (vqHandle != 0) {
        vq.votequorum_finalize(vqHandle);
      }
      if (cmapHandle != 0) {
        cmap.cmap_finalize(cmapHandle);
      }
    }
  }

  private void readNames(CorosyncLibs.Cmap cmap, long h) {
    for (int pos = 0; pos < 1024; pos++) {
      IntByReference nid = new IntByReference();
      if (cmap.cmap_get_uint32(h, "nodelist.node." + pos + ".nodeid", nid) != CorosyncLibs.CS_OK) {
        break;
      }
      Pointer buf = Memory.allocateDirect(rt, 256);
      Pointer len = Memory.allocateDirect(rt, 8);
      len.putLong(0, 256);
      Pointer type = Memory.allocateDirect(rt, 4);
      if (cmap.cmap_get(h, "nodelist.node." + pos + ".name", buf, len, type)
          == CorosyncLibs.CS_OK) {
        String s = buf.getString(0, 255, StandardCharsets.UTF_8);
        if (!s.isBlank() && s.chars().noneMatch(Character::isWhitespace)) {
          names.put(Integer.toUnsignedLong(nid.getValue()), s);
        }
      }
    }
  }

  private Node node(long id) {
    return new Node(NodeId.of(id), names.getOrDefault(id, "node" + id));
  }

  private void onDeliver(long h, Pointer groupPtr, int nodeid, int senderPid, Pointer msg,
      long len) {
    if (len < 8) {
      LOG.debug("dropped a {}-byte CPG message from node {}", len, nodeid);
      return;
    }
    long id = msg.getLong(0);
    byte[] payload = new byte[(int) (len - 8)];
    msg.get(8, payload, 0, payload.length);
    long sender = Integer.toUnsignedLong(nodeid);
    Message m = new Message(NodeId.of(sender), view.id(), seqInView++, payload);
    for (MembershipListener l : listeners) {
      try {
        l.delivered(m);
      } catch (RuntimeException e) {
        LOG.warn("membership listener failed", e);
      }
    }
    if (sender == local.id().value() && senderPid == pid) {
      CompletableFuture<Void> f = pending.remove(id);
      if (f != null) {
        f.complete(null);
      }
    }
  }

  private void onConfchg(long h, Pointer groupPtr, Pointer members, long count, Pointer left,
      long leftCount, Pointer joined, long joinedCount) {
    TreeSet<Node> nodes = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      nodes.add(node(Integer.toUnsignedLong(members.getInt(12L * i))));
    }
    long id = ringSeq * 1024 + nodes.size();
    MembershipView old = view;
    MembershipView next = old.id() == 0 ? MembershipView.initial(id, nodes)
        : old.next(Math.max(id, old.id() + 1), nodes);
    view = next;
    seqInView = 0;
    for (MembershipListener l : listeners) {
      try {
        l.viewChanged(next);
      } catch (RuntimeException e) {
        LOG.warn("membership listener failed", e);
      }
    }
    updateQuorum();
  }

  private void updateQuorum() {
    if (vqHandle == 0 || local == null) {
      return;
    }
    Pointer info = Memory.allocateDirect(rt, 9 * 4 + 256);
    int rc = vq.votequorum_getinfo(vqHandle, (int) local.id().value(), info);
    if (rc != CorosyncLibs.CS_OK) {
      LOG.warn("votequorum_getinfo failed: {}", rc);
      return;
    }
    int flags = info.getInt(28);
    EnumSet<QuorumFlag> f = EnumSet.noneOf(QuorumFlag.class);
    QuorumFlag[] byBit = {QuorumFlag.TWO_NODE, QuorumFlag.QUORATE, QuorumFlag.WAIT_FOR_ALL,
        QuorumFlag.LAST_MAN_STANDING, QuorumFlag.AUTO_TIE_BREAKER, QuorumFlag.ALLOW_DOWNSCALE,
        QuorumFlag.QDEVICE};
    for (int i = 0; i < byBit.length; i++) {
      if ((flags & (1 << i)) != 0) {
        f.add(byBit[i]);
      }
    }
    QuorumState s = new QuorumState((flags & 2) != 0, info.getInt(12), info.getInt(16),
        info.getInt(20), info.getInt(24), f, view);
    if (!s.equals(quorum)) {
      quorum = s;
      for (QuorumListener l : quorumListeners) {
        try {
          l.quorumChanged(s);
        } catch (RuntimeException e) {
          LOG.warn("quorum listener failed", e);
        }
      }
    }
  }

  private interface Call {
    int run();
  }

  private static int retry(Call c) {
    int rc = c.run();
    for (int i = 0; i < 100 && rc == CorosyncLibs.CS_ERR_TRY_AGAIN; i++) {
      Thread.onSpinWait();
      rc = c.run();
    }
    return rc;
  }

  private static void check(String call, int rc) {
    if (rc != CorosyncLibs.CS_OK) {
      throw CorosyncLibs.error(call, rc);
    }
  }

  @Override
  public String toString() {
    return "corosync engine, CPG group " + group;
  }
}
