package io.hablocks.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.quorum.embedded.EmbeddedCluster;
import io.hablocks.testkit.ManualClock;
import io.hablocks.testkit.Netns;
import io.hablocks.testkit.PeerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios of the table held against the real corosync 3.1: the same configuration and the same
 * partition on corosync nodes in network namespaces (each node's port on a bridge of its
 * partition, in a switch namespace) and on the in-JVM cluster; {@code corosync-quorumtool -s} in
 * every namespace must print what ha-quorum's {@link QuorumStatus} prints for that node (all but
 * the date and the ring id).
 */
@PeerTest(root = true, netns = true, commands = {"corosync", "corosync-quorumtool", "ip"},
    packages = {"corosync", "iproute2"})
class CorosyncScenarioPeerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(40);

  @Test
  void autoTieBreakerLowestOn2Of4(@TempDir Path dir) throws Exception {
    VotequorumConfig cfg = VotequorumConfig.ofNodes(4).toBuilder()
        .autoTieBreaker(AutoTieBreaker.lowest()).build();
    try (Lab lab = Lab.up(dir, 4, "  auto_tie_breaker: 1\n", Set.of(1, 2, 3, 4))) {
      lab.awaitMembers(Set.of(1, 2, 3, 4), 4);
      lab.place(List.of(Set.of(1, 2), Set.of(3, 4)));
      lab.awaitMembers(Set.of(1, 2, 3, 4), 2);
      EmbeddedCluster c = embedded(4, cfg, Set.of(1, 2, 3, 4));
      ManualClock clock = (ManualClock) c.clock();
      c.partition(Set.of(1L, 2L), Set.of(3L, 4L));
      clock.advance(c.failureDetection().plusSeconds(2));
      lab.compare(c, "ATB lowest, {1,2}|{3,4}");
    }
  }

  @Test
  void waitForAllAtStartWith2Of3(@TempDir Path dir) throws Exception {
    VotequorumConfig cfg = VotequorumConfig.ofNodes(3).toBuilder().waitForAll(true).build();
    try (Lab lab = Lab.up(dir, 3, "  wait_for_all: 1\n", Set.of(1, 2))) {
      lab.awaitMembers(Set.of(1, 2), 2);
      EmbeddedCluster c = embedded(3, cfg, Set.of(1, 2));
      lab.compare(c, "WFA, 2 of 3 started");
    }
  }

  @Test
  void twoNodeLinkCut(@TempDir Path dir) throws Exception {
    VotequorumConfig cfg = VotequorumConfig.ofNodes(2).toBuilder().twoNode(true).build();
    try (Lab lab = Lab.up(dir, 2, "  two_node: 1\n", Set.of(1, 2))) {
      lab.awaitMembers(Set.of(1, 2), 2);
      lab.place(List.of(Set.of(1), Set.of(2)));
      lab.awaitMembers(Set.of(1, 2), 1);
      EmbeddedCluster c = embedded(2, cfg, Set.of(1, 2));
      ManualClock clock = (ManualClock) c.clock();
      c.cut(2);
      clock.advance(c.failureDetection().plusSeconds(2));
      lab.compare(c, "two_node, link cut");
    }
  }

  @Test
  void expectedVotesAboveTheNodelistOn2Of3(@TempDir Path dir) throws Exception {
    VotequorumConfig cfg = VotequorumConfig.ofNodes(3).toBuilder().expectedVotes(5).build();
    try (Lab lab = Lab.up(dir, 3, "  expected_votes: 5\n", Set.of(1, 2, 3))) {
      lab.awaitMembers(Set.of(1, 2, 3), 3);
      lab.place(List.of(Set.of(1, 2), Set.of(3)));
      lab.awaitMembers(Set.of(1, 2), 2);
      lab.awaitMembers(Set.of(3), 1);
      EmbeddedCluster c = embedded(3, cfg, Set.of(1, 2, 3));
      ManualClock clock = (ManualClock) c.clock();
      c.cut(3);
      clock.advance(c.failureDetection().plusSeconds(2));
      lab.compare(c, "expected_votes 5, {1,2}|{3}");
    }
  }

  @Test
  void lastManStandingAfterItsWindow(@TempDir Path dir) throws Exception {
    VotequorumConfig cfg = VotequorumConfig.ofNodes(3).toBuilder().lastManStanding(true)
        .lastManStandingWindow(Duration.ofSeconds(3)).build();
    try (Lab lab = Lab.up(dir, 3, "  last_man_standing: 1\n  last_man_standing_window: 3000\n",
        Set.of(1, 2, 3))) {
      lab.awaitMembers(Set.of(1, 2, 3), 3);
      lab.place(List.of(Set.of(1, 2), Set.of(3)));
      lab.awaitMembers(Set.of(1, 2), 2);
      lab.awaitMembers(Set.of(3), 1);
      lab.awaitText(1, "Expected votes:   2\n");
      lab.awaitText(2, "Expected votes:   2\n");
      EmbeddedCluster c = embedded(3, cfg, Set.of(1, 2, 3));
      ManualClock clock = (ManualClock) c.clock();
      c.cut(3);
      clock.advance(c.failureDetection().plusSeconds(5));
      lab.compare(c, "LMS window 3 s, {1,2}|{3}");
    }
  }

  @Test
  void runtimeVotesChangeThenSplit(@TempDir Path dir) throws Exception {
    try (Lab lab = Lab.up(dir, 3, "", Set.of(1, 2, 3))) {
      lab.awaitMembers(Set.of(1, 2, 3), 3);
      EmbeddedCluster c = embedded(3, VotequorumConfig.ofNodes(3), Set.of(1, 2, 3));
      ManualClock clock = (ManualClock) c.clock();
      // corosync-quorumtool -v 3 -n 1 on node 2; the same through ha-quorum's service
      lab.nodes.get(1).exec("corosync-quorumtool", "-v", "3", "-n", "1").ok();
      lab.awaitText(1, "Total votes:      5\n");
      lab.awaitText(3, "Total votes:      5\n");
      c.quorum(2).setVotes(c.node(1).id(), 3);
      clock.advance(Duration.ofSeconds(1));
      lab.compare(c, "node 1 given 3 votes at run time");
      lab.place(List.of(Set.of(1), Set.of(2, 3)));
      lab.awaitMembers(Set.of(2, 3), 2);
      lab.awaitMembers(Set.of(1), 1);
      c.partition(Set.of(1L), Set.of(2L, 3L));
      clock.advance(c.failureDetection().plusSeconds(2));
      lab.compare(c, "3-vote node 1 alone against {2,3}");
    }
  }

  private static EmbeddedCluster embedded(int n, VotequorumConfig cfg, Set<Integer> started) {
    ManualClock clock = new ManualClock();
    EmbeddedCluster c = EmbeddedCluster.builder().nodes(n).clock(clock).quorum(cfg)
        .namePrefix("n").autoStart(false).build();
    started.stream().sorted().forEach(i -> c.start(i));
    clock.advance(Duration.ofSeconds(5));
    return c;
  }

  /** corosync nodes in namespaces, ports on per-partition bridges in a switch namespace. */
  static final class Lab implements AutoCloseable {
    final Netns sw;
    final List<Netns> nodes = new ArrayList<>();
    final Set<Integer> started;

    private Lab(Netns sw, Set<Integer> started) {
      this.sw = sw;
      this.started = started;
    }

    static Lab up(Path dir, int n, String quorumOptions, Set<Integer> start) throws IOException {
      Lab lab = new Lab(Netns.create("hqs"), start);
      try {
        for (int b = 0; b < n; b++) {
          lab.sw.exec("ip", "link", "add", "br" + b, "type", "bridge").ok();
          lab.sw.exec("ip", "link", "set", "br" + b, "up").ok();
        }
        for (int i = 1; i <= n; i++) {
          Netns ns = Netns.create("hqc" + i);
          lab.nodes.add(ns);
          Netns.link(ns, "eth0", "198.18.0." + i + "/24", lab.sw, "vn" + i, null);
          lab.sw.exec("ip", "link", "set", "vn" + i, "master", "br0").ok();
        }
        for (int i : start) {
          startCorosync(lab.nodes.get(i - 1), dir.resolve("n" + i), n, quorumOptions);
        }
        return lab;
      } catch (IOException | RuntimeException e) {
        lab.close();
        throw e;
      }
    }

    /** Puts each group's ports on one bridge: groups reach only themselves. */
    void place(List<Set<Integer>> groups) {
      int b = 0;
      for (Set<Integer> g : groups) {
        for (int i : g) {
          sw.exec("ip", "link", "set", "vn" + i, "master", "br" + b).ok();
        }
        b++;
      }
    }

    void awaitText(int i, String text) throws InterruptedException {
      long end = System.nanoTime() + DEADLINE.toNanos();
      String last = "";
      while (!(last = quorumtool(i)).contains(text)) {
        if (System.nanoTime() > end) {
          throw new AssertionError("node " + i + " never showed '" + text + "':\n" + last);
        }
        Thread.sleep(100); // polling a real peer, with a deadline
      }
    }

    String quorumtool(int i) {
      return nodes.get(i - 1).exec("corosync-quorumtool", "-s").stdout();
    }

    void awaitMembers(Set<Integer> which, int members) throws InterruptedException {
      for (int i : which) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        String last = "";
        while (!(last = quorumtool(i)).contains("Nodes:            " + members + "\n")) {
          if (System.nanoTime() > end) {
            throw new AssertionError("node " + i + " never saw " + members + " members:\n"
                + last);
          }
          Thread.sleep(100); // polling a real peer, with a deadline
        }
      }
    }

    void compare(EmbeddedCluster c, String what) {
      for (int i : started) {
        String theirs = strip(quorumtool(i));
        String ours = strip(QuorumStatus.of(c.clock().instant(), c.node(i).id(), c.state(i),
            c.quorum(i).votequorum().votes()).format(ZoneOffset.UTC));
        assertThat(ours).as(what + ", node " + i).isEqualTo(theirs);
      }
    }

    private static String strip(String s) {
      StringBuilder b = new StringBuilder();
      for (String l : s.split("\n", -1)) {
        if (!l.startsWith("Date:") && !l.startsWith("Ring ID:")) {
          b.append(l).append('\n');
        }
      }
      return b.toString();
    }

    @Override
    public void close() {
      for (Netns n : nodes) {
        n.close();
      }
      sw.close();
    }
  }

  private static void startCorosync(Netns ns, Path d, int n, String quorumOptions)
      throws IOException {
    Files.createDirectories(d.resolve("run"));
    Files.createDirectories(d.resolve("state"));
    StringBuilder conf = new StringBuilder();
    conf.append("totem {\n  version: 2\n  cluster_name: hqscen\n  transport: knet\n"
        + "  crypto_cipher: none\n  crypto_hash: none\n}\n");
    conf.append("logging {\n  to_stderr: no\n  to_logfile: yes\n  logfile: ")
        .append(d.resolve("corosync.log")).append("\n  to_syslog: no\n}\n");
    conf.append("quorum {\n  provider: corosync_votequorum\n").append(quorumOptions)
        .append("}\n");
    conf.append("system {\n  state_dir: ").append(d.resolve("state"))
        .append("\n  sched_rr: no\n  move_to_root_cgroup: no\n}\n");
    conf.append("nodelist {\n");
    for (int j = 1; j <= n; j++) {
      conf.append("  node {\n    name: n").append(j).append("\n    nodeid: ").append(j)
          .append("\n    ring0_addr: 198.18.0.").append(j).append("\n  }\n");
    }
    conf.append("}\n");
    Files.writeString(d.resolve("corosync.conf"), conf);
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "mount --bind '" + d.resolve("run")
        + "' /run && exec corosync -f -c '" + d.resolve("corosync.conf") + "'");
    pb.redirectErrorStream(true).redirectOutput(d.resolve("stderr").toFile());
    ns.start(pb);
  }
}
