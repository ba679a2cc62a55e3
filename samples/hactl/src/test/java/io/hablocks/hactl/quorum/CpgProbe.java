package io.hablocks.hactl.quorum;

import io.hablocks.api.MembershipView;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.quorum.corosync.CorosyncEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run inside a lab namespace by {@link CorosyncLabPeerTest}: joins a CPG group through ha-quorum's
 * corosync engine, waits for a view of N members, broadcasts K messages, waits for N×K deliveries
 * and prints {@code VIEW <id>}, {@code QUORATE <bool>} and {@code ORDER <sender:text,...>}.
 */
public final class CpgProbe {

  private CpgProbe() {}

  /**
   * Entry point.
   *
   * @param args group, members N, messages K
   * @throws Exception on failure (exit status 1)
   */
  public static void main(String[] args) throws Exception {
    String group = args[0];
    int n = Integer.parseInt(args[1]);
    int k = Integer.parseInt(args[2]);
    List<String> got = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch full = new CountDownLatch(1);
    CountDownLatch all = new CountDownLatch(n * k);
    long[] viewId = new long[1];
    try (CorosyncEngine e = CorosyncEngine.create(group)) {
      e.addListener(new MembershipListener() {
        @Override
        public void viewChanged(MembershipView v) {
          if (v.size() == n) {
            viewId[0] = v.id();
            full.countDown();
          }
        }

        @Override
        public void delivered(Message m) {
          got.add(m.sender() + ":" + new String(m.payload(), StandardCharsets.UTF_8) + "@"
              + m.sequence());
          all.countDown();
        }
      });
      e.start();
      if (!full.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("no view of " + n + " members");
      }
      for (int i = 0; i < k; i++) {
        e.broadcast((e.localNode().name() + "-" + i).getBytes(StandardCharsets.UTF_8))
            .toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      if (!all.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("delivered only " + got);
      }
      System.out.println("VIEW " + viewId[0]);
      System.out.println("QUORATE " + e.state().quorate());
      System.out.println("ORDER " + String.join(",", got));
    }
  }
}
