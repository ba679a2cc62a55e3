package io.hablocks.quorum.jgroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.Clock;
import io.hablocks.api.MembershipView;
import io.hablocks.api.Node;
import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.quorum.VotequorumConfig;
import io.hablocks.quorum.VotequorumService;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Three JGroups engines on loopback in one JVM: one view, one total order, votequorum quorate. */
class JGroupsEngineLoopbackTest {

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void await(BooleanSupplier c, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void threeEnginesAgreeOnViewAndOrder() throws Exception {
    List<Node> nodes = List.of(Node.of(1, "n1"), Node.of(2, "n2"), Node.of(3, "n3"));
    List<InetSocketAddress> addrs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      addrs.add(new InetSocketAddress("127.0.0.1", freePort()));
    }
    List<JGroupsEngine> engines = new ArrayList<>();
    List<VotequorumService> quorum = new ArrayList<>();
    List<List<String>> seen = new ArrayList<>();
    try {
      for (Node n : nodes) {
        JGroupsEngine.Builder b = JGroupsEngine.builder().local(n).cluster("hq-loop")
            .failureDetection(java.time.Duration.ofSeconds(2))
            .mergeInterval(java.time.Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
          b.member(nodes.get(i), addrs.get(i));
        }
        JGroupsEngine e = b.build();
        List<String> s = Collections.synchronizedList(new ArrayList<>());
        e.addListener(new MembershipListener() {
          @Override
          public void viewChanged(MembershipView v) {
            s.add("V" + v.size());
          }

          @Override
          public void delivered(Message m) {
            String t = new String(m.payload(), StandardCharsets.UTF_8);
            if (t.startsWith("app:")) {
              s.add(t);
            }
          }
        });
        seen.add(s);
        quorum.add(VotequorumService.attach(e, VotequorumConfig.ofNodes(3), Clock.system()));
        engines.add(e);
        e.start();
      }
      await(() -> engines.stream().allMatch(e -> e.view().size() == 3), "a view of 3");
      await(() -> quorum.stream().allMatch(q -> q.state().quorate()), "quorum");
      long viewId = engines.get(0).view().id();
      assertThat(engines).allMatch(e -> e.view().id() == viewId);
      for (List<String> s : seen) {
        s.clear();
      }
      for (int k = 0; k < 30; k++) {
        engines.get(k % 3).broadcast(("app:" + k).getBytes(StandardCharsets.UTF_8));
      }
      await(() -> seen.stream().allMatch(s -> s.size() >= 30), "30 deliveries everywhere");
      assertThat(seen.get(1)).isEqualTo(seen.get(0));
      assertThat(seen.get(2)).isEqualTo(seen.get(0));
      assertThat(quorum.get(0).state().totalVotes()).isEqualTo(3);
    } finally {
      for (VotequorumService q : quorum) {
        q.close();
      }
      for (JGroupsEngine e : engines) {
        e.close();
      }
    }
  }
}
