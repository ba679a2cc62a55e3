package io.hablocks.quorum.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.NodeId;
import io.hablocks.api.QuorumFlag;
import io.hablocks.api.QuorumState;
import io.hablocks.quorum.AutoTieBreaker;
import io.hablocks.quorum.VotequorumConfig;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The votequorum scenario table, each run on the in-JVM engine. Expected values are worked out by
 * hand from corosync 3.1's rules (votequorum(5) and exec/votequorum.c read as a specification):
 * quorum = max((highest_expected + 2) / 2, (total_votes + 2) / 2) and never decreases on its own;
 * two_node sets quorum to 1 while at most two nodes are members; wait_for_all blocks quorum until
 * total votes equal expected votes and re-arms whenever the node is inquorate; last_man_standing
 * sets expected votes to the member count when its window ends on a quorate partition;
 * auto_tie_breaker grants quorum only when total votes are exactly half the expected votes, the
 * partition holds the tie-breaker node, and the other side cannot be quorate; allow_downscale
 * lowers expected votes when a node leaves cleanly, never below the configured barrier's quorum.
 *
 * <p>Steps: {@code up} (merge: 5 s), {@code boot 1,2} (start those nodes), {@code cut N},
 * {@code part 1,2|3,4}, {@code heal}, {@code kill N}, {@code stop N} (clean),
 * {@code settle} (failure detection + 2 s), {@code wait S} (seconds), {@code expected N V} (set
 * expected votes from node N), {@code votes N T V} (from node N, give node T V votes).
 * Expectations: {@code ids=Q E H T QU [flags]} with Q = Y or N, E expected votes, H highest
 * expected, T total votes, QU quorum; flags in corosync-quorumtool's order and words.
 */
class VotequorumScenarioTest {

  static VotequorumConfig nodes(int n, UnaryOperator<VotequorumConfig.Builder> more) {
    VotequorumConfig.Builder b = VotequorumConfig.builder();
    for (int i = 1; i <= n; i++) {
      b.node(i, 1);
    }
    return more.apply(b).build();
  }

  static VotequorumConfig votes(int... v) {
    VotequorumConfig.Builder b = VotequorumConfig.builder();
    for (int i = 0; i < v.length; i++) {
      b.node(i + 1, v[i]);
    }
    return b.build();
  }

  static Arguments sc(String name, int n, VotequorumConfig cfg, String steps, String expect) {
    return Arguments.of(name, n, cfg, steps, expect);
  }

  static Stream<Arguments> scenarios() {
    UnaryOperator<VotequorumConfig.Builder> none = b -> b;
    UnaryOperator<VotequorumConfig.Builder> lms = b -> b.lastManStanding(true);
    return Stream.of(
        sc("01 3 nodes up", 3, nodes(3, none), "up",
            "1,2,3=Y 3 3 3 2"),
        sc("02 3 nodes 2/1 split", 3, nodes(3, none), "up; cut 3; settle",
            "1,2=Y 3 3 2 2; 3=N 3 3 1 2"),
        sc("03 3 nodes 2/1 split then heal", 3, nodes(3, none), "up; cut 3; settle; heal; up",
            "1,2,3=Y 3 3 3 2"),
        sc("04 5 nodes 3/2 split", 5, nodes(5, none), "up; part 1,2,3|4,5; settle",
            "1,2,3=Y 5 5 3 3; 4,5=N 5 5 2 3"),
        sc("05 5 nodes 2/2/1 split", 5, nodes(5, none), "up; part 1,2|3,4; settle",
            "1,2,3,4=N 5 5 2 3; 5=N 5 5 1 3"),
        sc("06 4 nodes 2/2 split, no tie breaker", 4, nodes(4, none),
            "up; part 1,2|3,4; settle", "1,2,3,4=N 4 4 2 3"),
        sc("07 4 nodes 2/2 split, ATB lowest", 4,
            nodes(4, b -> b.autoTieBreaker(AutoTieBreaker.lowest())),
            "up; part 1,2|3,4; settle",
            "1,2=Y 4 4 2 3 Quorate AutoTieBreaker; 3,4=N 4 4 2 3 AutoTieBreaker"),
        sc("08 4 nodes 2/2 split {1,3}|{2,4}, ATB lowest", 4,
            nodes(4, b -> b.autoTieBreaker(AutoTieBreaker.lowest())),
            "up; part 1,3|2,4; settle", "1,3=Y 4 4 2 3; 2,4=N 4 4 2 3"),
        sc("09 4 nodes 2/2 split, ATB highest", 4,
            nodes(4, b -> b.autoTieBreaker(AutoTieBreaker.highest())),
            "up; part 1,2|3,4; settle", "3,4=Y 4 4 2 3; 1,2=N 4 4 2 3"),
        sc("10 4 nodes 2/2 split, ATB list 3 1", 4,
            nodes(4, b -> b.autoTieBreaker(AutoTieBreaker.list(3, 1))),
            "up; part 1,2|3,4; settle", "3,4=Y 4 4 2 3; 1,2=N 4 4 2 3"),
        sc("11 4 nodes 2/2 split, ATB list 5 2 (5 was never a member)", 4,
            nodes(4, b -> b.autoTieBreaker(AutoTieBreaker.list(5, 2))),
            "up; part 1,2|3,4; settle", "1,2=Y 4 4 2 3; 3,4=N 4 4 2 3"),
        sc("12 4 nodes 3/1 split, ATB lowest: no tie, majority wins", 4,
            nodes(4, b -> b.autoTieBreaker(AutoTieBreaker.lowest())),
            "up; part 1|2,3,4; settle", "2,3,4=Y 4 4 3 3; 1=N 4 4 1 3"),
        sc("13 6 nodes 3/3 split, no tie breaker", 6, nodes(6, none),
            "up; part 1,2,3|4,5,6; settle", "1,2,3,4,5,6=N 6 6 3 4"),
        sc("14 6 nodes 3/3 split, ATB lowest", 6,
            nodes(6, b -> b.autoTieBreaker(AutoTieBreaker.lowest())),
            "up; part 1,2,3|4,5,6; settle", "1,2,3=Y 6 6 3 4; 4,5,6=N 6 6 3 4"),
        sc("15 6 nodes 3/3 split, ATB highest", 6,
            nodes(6, b -> b.autoTieBreaker(AutoTieBreaker.highest())),
            "up; part 1,2,3|4,5,6; settle", "4,5,6=Y 6 6 3 4; 1,2,3=N 6 6 3 4"),
        sc("16 6 nodes 2/4 split, ATB lowest: only an exact half ties", 6,
            nodes(6, b -> b.autoTieBreaker(AutoTieBreaker.lowest())),
            "up; part 1,2|3,4,5,6; settle", "3,4,5,6=Y 6 6 4 4; 1,2=N 6 6 2 4"),
        sc("17 two_node start-up", 2, nodes(2, b -> b.twoNode(true)), "up",
            "1,2=Y 2 2 2 1 2Node Quorate WaitForAll"),
        sc("18 two_node, peer killed", 2, nodes(2, b -> b.twoNode(true)),
            "up; kill 2; settle", "1=Y 2 2 1 1 2Node Quorate WaitForAll"),
        sc("19 two_node, link cut: both keep quorum (fence race)", 2,
            nodes(2, b -> b.twoNode(true)), "up; cut 2; settle", "1,2=Y 2 2 1 1"),
        sc("20 two_node start-up alone waits for all", 2, nodes(2, b -> b.twoNode(true)),
            "boot 1; up", "1=N 2 2 1 1 2Node WaitForAll"),
        sc("21 two_node with wait_for_all 0, alone at start", 2,
            nodes(2, b -> b.twoNode(true).waitForAll(false)), "boot 1; up",
            "1=Y 2 2 1 1 2Node Quorate"),
        sc("22 two_node in a 3-node cluster is not in force with 3 members", 3,
            nodes(3, b -> b.twoNode(true)), "up", "1,2,3=Y 3 3 3 2 2Node Quorate WaitForAll"),
        sc("23 2 nodes without two_node, link cut", 2, nodes(2, none), "up; cut 2; settle",
            "1,2=N 2 2 1 2"),
        sc("24 wait_for_all at start: 2 of 3 booted", 3, nodes(3, b -> b.waitForAll(true)),
            "boot 1,2; up", "1,2=N 3 3 2 2 WaitForAll"),
        sc("25 wait_for_all at start: all booted", 3, nodes(3, b -> b.waitForAll(true)),
            "boot 1,2; up; boot 3; up", "1,2,3=Y 3 3 3 2 Quorate WaitForAll"),
        sc("26 wait_for_all: a loss while quorate keeps quorum", 3,
            nodes(3, b -> b.waitForAll(true)), "up; cut 3; settle",
            "1,2=Y 3 3 2 2; 3=N 3 3 1 2"),
        sc("27 wait_for_all re-armed after going inquorate", 4,
            nodes(4, b -> b.waitForAll(true)),
            "up; part 1,2|3,4; settle; part 1,2,3|4; settle", "1,2,3=N 4 4 3 3; 4=N 4 4 1 3"),
        sc("28 same without wait_for_all: 3 of 4 regain quorum", 4, nodes(4, none),
            "up; part 1,2|3,4; settle; part 1,2,3|4; settle", "1,2,3=Y 4 4 3 3; 4=N 4 4 1 3"),
        sc("29 LMS: one loss, before the window ends", 5, nodes(5, lms),
            "up; kill 5; settle", "1,2,3,4=Y 5 5 4 3 Quorate LastManStanding"),
        sc("30 LMS: one loss, after the window", 5, nodes(5, lms),
            "up; kill 5; settle; wait 10", "1,2,3,4=Y 4 4 4 3"),
        sc("31 LMS shrinks 5 nodes to 2", 5, nodes(5, lms),
            "up; kill 5; settle; wait 10; kill 4; settle; wait 10; kill 3; settle; wait 10",
            "1,2=Y 2 2 2 2"),
        sc("32 LMS: below 2 nodes quorum is lost", 5, nodes(5, lms),
            "up; kill 5; settle; wait 10; kill 4; settle; wait 10; kill 3; settle; wait 10;"
                + " kill 2; settle; wait 10", "1=N 2 2 1 2"),
        sc("33 LMS: losses faster than the window lose quorum", 5,
            nodes(5, b -> b.lastManStanding(true).lastManStandingWindow(Duration.ofSeconds(30))),
            "up; kill 5; settle; kill 4; kill 3; settle; wait 30", "1,2=N 5 5 2 3"),
        sc("34 LMS + ATB lowest shrink 4 nodes to 1", 4,
            nodes(4, b -> b.lastManStanding(true).autoTieBreaker(AutoTieBreaker.lowest())),
            "up; kill 4; settle; wait 10; kill 3; settle; wait 10; kill 2; settle; wait 10",
            "1=Y 1 1 1 1 Quorate LastManStanding AutoTieBreaker"),
        sc("35 LMS + ATB lowest: the last node before its window", 4,
            nodes(4, b -> b.lastManStanding(true).autoTieBreaker(AutoTieBreaker.lowest())),
            "up; kill 4; settle; wait 10; kill 3; settle; wait 10; kill 2; settle",
            "1=Y 2 2 1 2"),
        sc("36 unequal votes 2+1+1, the 2-vote node cut", 3, votes(2, 1, 1),
            "up; cut 1; settle", "1=N 4 4 2 3; 2,3=N 4 4 2 3"),
        sc("37 unequal votes 3+1+1, the 3-vote node alone keeps quorum", 3, votes(3, 1, 1),
            "up; cut 1; settle", "1=Y 5 5 3 3; 2,3=N 5 5 2 3"),
        sc("38 expected_votes 5 over a 3-node list", 3,
            nodes(3, b -> b.expectedVotes(5)), "up; cut 3; settle",
            "1,2=N 5 5 2 3; 3=N 5 5 1 3"),
        sc("39 expected_votes 5 over a 3-node list, all up", 3,
            nodes(3, b -> b.expectedVotes(5)), "up", "1,2,3=Y 5 5 3 3"),
        sc("40 expected_votes 3 below a 5-node list is raised to the votes seen", 5,
            nodes(5, b -> b.expectedVotes(3)), "up; part 1,2,3|4,5; settle",
            "1,2,3=Y 5 5 3 3; 4,5=N 5 5 2 3"),
        sc("41 runtime expected_votes 2 after a loss", 3, nodes(3, none),
            "up; cut 3; settle; expected 1 2; wait 1", "1,2=Y 2 2 2 2; 3=N 3 3 1 2"),
        sc("42 runtime votes: node 1 given 3 votes, then cut", 3, nodes(3, none),
            "up; votes 2 1 3; wait 1; cut 1; settle", "1=Y 5 5 3 3; 2,3=N 5 5 2 3"),
        sc("43 allow_downscale: a clean stop lowers expected votes", 3,
            nodes(3, b -> b.allowDownscale(true)), "up; stop 3; settle",
            "1,2=Y 2 2 2 2 Quorate AllowDownscale"),
        sc("44 same without allow_downscale", 3, nodes(3, none), "up; stop 3; settle",
            "1,2=Y 3 3 2 2 Quorate"),
        sc("45 allow_downscale does not go below the configured quorum", 3,
            nodes(3, b -> b.allowDownscale(true)), "up; stop 3; settle; stop 2; settle",
            "1=N 1 1 1 2 AllowDownscale"),
        sc("46 two_node with ATB: two_node disabled, WFA kept, ATB decides", 2,
            nodes(2, b -> b.twoNode(true).autoTieBreaker(AutoTieBreaker.lowest())),
            "up; cut 2; settle",
            "1=Y 2 2 1 2 Quorate WaitForAll AutoTieBreaker; 2=N 2 2 1 2 WaitForAll AutoTieBreaker"),
        sc("47 ATB on 3 nodes without wait_for_all is disabled", 3,
            nodes(3, b -> b.autoTieBreaker(AutoTieBreaker.lowest())), "up", "1,2,3=Y 3 3 3 2 Quorate")
    );
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(String name, int n, VotequorumConfig cfg, String steps, String expect) {
    ManualClock clock = new ManualClock();
    boolean boots = steps.startsWith("boot");
    try (EmbeddedCluster c = EmbeddedCluster.builder().nodes(n).clock(clock).quorum(cfg)
        .autoStart(!boots).build()) {
      for (String step : steps.split(";")) {
        run(c, clock, step.strip().split("\\s+"));
      }
      clock.advance(Duration.ofMillis(100));
      for (String group : expect.split(";")) {
        String[] kv = group.strip().split("=");
        String[] f = kv[1].strip().split("\\s+");
        for (String id : kv[0].split(",")) {
          long node = Long.parseLong(id);
          QuorumState s = c.state(node);
          String where = name + ", node " + node + ": " + s;
          assertThat(s.quorate()).as(where).isEqualTo(f[0].equals("Y"));
          assertThat(s.expectedVotes()).as(where + " expected").isEqualTo(Integer.parseInt(f[1]));
          assertThat(s.highestExpected()).as(where + " highest").isEqualTo(Integer.parseInt(f[2]));
          assertThat(s.totalVotes()).as(where + " total").isEqualTo(Integer.parseInt(f[3]));
          assertThat(s.quorum()).as(where + " quorum").isEqualTo(Integer.parseInt(f[4]));
          if (f.length > 5) {
            List<String> words = List.of(f).subList(5, f.length);
            assertThat(corosyncFlagWords(s)).as(where + " flags").isEqualTo(String.join(" ", words));
          }
        }
      }
    }
  }

  /** The flags in the order corosync-quorumtool prints them. */
  static String corosyncFlagWords(QuorumState s) {
    List<String> out = new ArrayList<>();
    for (QuorumFlag f : List.of(QuorumFlag.TWO_NODE, QuorumFlag.QUORATE, QuorumFlag.WAIT_FOR_ALL,
        QuorumFlag.LAST_MAN_STANDING, QuorumFlag.AUTO_TIE_BREAKER, QuorumFlag.ALLOW_DOWNSCALE,
        QuorumFlag.QDEVICE)) {
      if (s.flags().contains(f)) {
        out.add(f.word());
      }
    }
    return String.join(" ", out);
  }

  private static Set<Long> ids(String csv) {
    Set<Long> s = new HashSet<>();
    for (String p : csv.split(",")) {
      s.add(Long.parseLong(p));
    }
    return s;
  }

  private static void run(EmbeddedCluster c, ManualClock clock, String[] w) {
    switch (w[0]) {
      case "up" -> clock.advance(Duration.ofSeconds(5));
      case "boot" -> ids(w[1]).stream().sorted().forEach(c::start);
      case "cut" -> c.cut(Long.parseLong(w[1]));
      case "part" -> {
        List<Set<Long>> groups = new ArrayList<>();
        for (String g : w[1].split("\\|")) {
          groups.add(ids(g));
        }
        c.partition(groups);
      }
      case "heal" -> c.heal();
      case "kill" -> c.kill(Long.parseLong(w[1]));
      case "stop" -> c.stop(Long.parseLong(w[1]));
      case "settle" -> clock.advance(c.failureDetection().plusSeconds(2));
      case "wait" -> clock.advance(Duration.ofSeconds(Long.parseLong(w[1])));
      case "expected" -> c.quorum(Long.parseLong(w[1])).setExpectedVotes(Integer.parseInt(w[2]));
      case "votes" -> c.quorum(Long.parseLong(w[1]))
          .setVotes(NodeId.of(Long.parseLong(w[2])), Integer.parseInt(w[3]));
      default -> throw new IllegalArgumentException("unknown step " + String.join(" ", w));
    }
  }
}
