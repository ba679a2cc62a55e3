package io.hablocks.quorum.corosync;

import io.hablocks.api.membership.MembershipException;
import io.hablocks.quorum.QuorumStatus;
import io.hablocks.quorum.internal.CorosyncLibs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.LongLongByReference;

/**
 * Reads what {@code corosync-quorumtool -s} shows from the corosync running in this process's
 * network namespace (libqb's sockets are per namespace), through libquorum, libvotequorum and
 * libcmap. Each call opens and closes its own connections; the native calls run on a thread with
 * an 8 MiB stack (corosync's dispatch functions need about 1 MiB).
 *
 * <pre>{@code
 * QuorumStatus s = CorosyncQuorum.status();
 * System.out.print(s.format(ZoneId.systemDefault()));
 * }</pre>
 */
public final class CorosyncQuorum {

  private static final int VOTEQUORUM_INFO_QUORATE = 2;
  private static final int INFO_SIZE = 9 * 4 + 255 + 1;
  private static final String[] FLAG_WORDS = {"2Node", "Quorate", "WaitForAll",
      "LastManStanding", "AutoTieBreaker", "AllowDownscale", "Qdevice"};

  private CorosyncQuorum() {}

  /**
   * Reads the status.
   *
   * @return the status as corosync-quorumtool -s would print it now
   * @throws MembershipException naming the call that failed
   */
  public static QuorumStatus status() {
    AtomicReference<Object> out = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        out.set(read());
      } catch (RuntimeException | LinkageError e) {
        out.set(e);
      }
    }, "corosync-status", 8L << 20);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MembershipException("corosync engine: interrupted", e);
    }
    Object r = out.get();
    if (r instanceof MembershipException me) {
      throw me;
    }
    if (r instanceof Throwable th) {
      throw new MembershipException("corosync engine: " + th, th);
    }
    return (QuorumStatus) r;
  }

  private static QuorumStatus read() {
    CorosyncLibs.Quorum q = CorosyncLibs.load(CorosyncLibs.Quorum.class, "libquorum.so.5");
    CorosyncLibs.Votequorum vq = CorosyncLibs.load(CorosyncLibs.Votequorum.class,
        "libvotequorum.so.8");
    CorosyncLibs.Cmap cmap = CorosyncLibs.load(CorosyncLibs.Cmap.class, "libcmap.so.4");
    Runtime rt = Runtime.getRuntime(q);

    LongLongByReference cmapH = new LongLongByReference();
    check("cmap_initialize", cmap.cmap_initialize(cmapH));
    long ch = cmapH.getValue();
    long qh = 0;
    long vh = 0;
    try {
      IntByReference ourId = new IntByReference();
      check("cmap_get_uint32(runtime.votequorum.this_node_id)",
          cmap.cmap_get_uint32(ch, "runtime.votequorum.this_node_id", ourId));
      String provider = cmapString(cmap, rt, ch, "quorum.provider");

      // quorum: quorate, ring sequence, view list
      long[] ring = new long[2];
      List<Long> view = new ArrayList<>();
      boolean[] called = new boolean[2];
      CorosyncLibs.QuorumNotify qn = (h, quorate, ringId, entries, list) -> {
        ring[1] = ringId;
        view.clear();
        for (int i = 0; i < entries; i++) {
          view.add(Integer.toUnsignedLong(list.getInt(4L * i)));
        }
        called[0] = true;
      };
      Pointer qcb = Memory.allocateDirect(rt, 8);
      qcb.putPointer(0, rt.getClosureManager().getClosurePointer(CorosyncLibs.QuorumNotify.class,
          qn));
      LongLongByReference qH = new LongLongByReference();
      IntByReference qType = new IntByReference();
      check("quorum_initialize", retry(() -> q.quorum_initialize(qH, qcb, qType)));
      qh = qH.getValue();
      IntByReference quorate = new IntByReference();
      check("quorum_getquorate", q.quorum_getquorate(qh, quorate));
      check("quorum_trackstart", q.quorum_trackstart(qh, CorosyncLibs.CS_TRACK_CURRENT));
      while (!called[0]) {
        check("quorum_dispatch", q.quorum_dispatch(qh, CorosyncLibs.CS_DISPATCH_ONE));
      }
      q.quorum_trackstop(qh);

      // votequorum: ring representative, per-node info
      CorosyncLibs.VotequorumNodelistNotify vn = (h, ctx, ringNode, ringSeq, entries, list) -> {
        ring[0] = ringNode & 0xFFFF_FFFFL;
        called[1] = true;
      };
      Pointer vcb = Memory.allocateDirect(rt, 24);
      vcb.putAddress(0, 0L);
      vcb.putAddress(8, 0L);
      vcb.putPointer(16, rt.getClosureManager().getClosurePointer(
          CorosyncLibs.VotequorumNodelistNotify.class, vn));
      LongLongByReference vH = new LongLongByReference();
      check("votequorum_initialize", retry(() -> vq.votequorum_initialize(vH, vcb)));
      vh = vH.getValue();
      check("votequorum_trackstart", vq.votequorum_trackstart(vh, 0L,
          CorosyncLibs.CS_TRACK_CURRENT));
      while (!called[1]) {
        check("votequorum_dispatch", vq.votequorum_dispatch(vh, CorosyncLibs.CS_DISPATCH_ONE));
      }
      vq.votequorum_trackstop(vh);

      long me = Integer.toUnsignedLong(ourId.getValue());
      Pointer info = Memory.allocateDirect(rt, INFO_SIZE);
      check("votequorum_getinfo(" + me + ")", vq.votequorum_getinfo(vh, (int) me, info));
      int flags = info.getInt(28);
      List<String> words = new ArrayList<>();
      int[] bits = {1, 2, 4, 8, 16, 32, 64};
      for (int i = 0; i < bits.length; i++) {
        if ((flags & bits[i]) != 0) {
          words.add(FLAG_WORDS[i]);
        }
      }
      List<QuorumStatus.Member> members = new ArrayList<>();
      Pointer ni = Memory.allocateDirect(rt, INFO_SIZE);
      for (long id : view) {
        int votes = 0;
        if (vq.votequorum_getinfo(vh, (int) id, ni) == CorosyncLibs.CS_OK) {
          votes = ni.getInt(8);
        }
        members.add(new QuorumStatus.Member(id, votes, nodeName(cmap, rt, ch, id)));
      }
      // keep the callbacks reachable until the last dispatch is done
      java.lang.ref.Reference.reachabilityFence(qn);
      java.lang.ref.Reference.reachabilityFence(vn);
      return new QuorumStatus(io.hablocks.api.Clock.system().instant(), provider, me, ring[0], ring[1],
          quorate.getValue() != 0, info.getInt(12), info.getInt(16), info.getInt(20),
          info.getInt(24), (flags & VOTEQUORUM_INFO_QUORATE) != 0, words, members);
    } finally {
      if (vh != 0) {
        vq.votequorum_finalize(vh);
      }
      if (qh != 0) {
        q.quorum_finalize(qh);
      }
      cmap.cmap_finalize(ch);
    }
  }

  private interface Call {
    int run();
  }

  private static int retry(Call c) {
    int rc = c.run();
    for (int i = 0; i < 50 && rc == CorosyncLibs.CS_ERR_TRY_AGAIN; i++) {
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

  private static String cmapString(CorosyncLibs.Cmap cmap, Runtime rt, long h, String key) {
    Pointer buf = Memory.allocateDirect(rt, 1024);
    Pointer len = Memory.allocateDirect(rt, 8);
    len.putLong(0, 1024);
    Pointer type = Memory.allocateDirect(rt, 4);
    int rc = cmap.cmap_get(h, key, buf, len, type);
    if (rc != CorosyncLibs.CS_OK) {
      return null;
    }
    int n = (int) Math.min(1024, len.getLong(0));
    byte[] b = new byte[n];
    buf.get(0, b, 0, n);
    int end = 0;
    while (end < n && b[end] != 0) {
      end++;
    }
    return new String(b, 0, end, StandardCharsets.UTF_8);
  }

  /** corosync-quorumtool's name: the nodelist entry's name, else its ring0_addr, else the id. */
  private static String nodeName(CorosyncLibs.Cmap cmap, Runtime rt, long h, long id) {
    for (int pos = 0; pos < 1024; pos++) {
      IntByReference nid = new IntByReference();
      if (cmap.cmap_get_uint32(h, "nodelist.node." + pos + ".nodeid", nid) != CorosyncLibs.CS_OK) {
        break;
      }
      if (Integer.toUnsignedLong(nid.getValue()) == id) {
        String name = cmapString(cmap, rt, h, "nodelist.node." + pos + ".name");
        if (name != null && !name.isEmpty()) {
          return name;
        }
        String addr = cmapString(cmap, rt, h, "nodelist.node." + pos + ".ring0_addr");
        return addr != null ? addr : Long.toString(id);
      }
    }
    return Long.toString(id);
  }
}
