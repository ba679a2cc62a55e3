package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.api.membership.MembershipListener;
import io.hablocks.api.membership.Message;
import io.hablocks.api.MembershipView;
import io.hablocks.cib.internal.ReplicaMessage;
import io.hablocks.quorum.embedded.EmbeddedCluster;
import io.hablocks.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replication on ha-quorum's in-JVM cluster ({@link EmbeddedCluster}): real views after token +
 * consensus (or the merge time), total order with virtual synchrony, votequorum beside it, all on
 * one ManualClock. Replica i runs on node i + 1.
 */
// a hang fails the test instead of stalling the build
@Timeout(60)
class CibReplicaTest {

  private final ManualClock clock = new ManualClock();
  private EmbeddedCluster c;

  private static final String BASE = "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.9\">"
      + "<configuration><crm_config><cluster_property_set id=\"opts\"/></crm_config><nodes/><resources/>"
      + "<constraints/></configuration><status/></cib>";

  @AfterEach
  void tearDown() {
    if (c != null) {
      c.close();
    }
  }

  /** n nodes, a replica on each, merged and synced. */
  private List<CibReplica> cluster(int n, int expected, boolean sameStart) {
    return cluster(n, expected, sameStart, 1);
  }

  private List<CibReplica> cluster(int n, int expected, boolean sameStart, long seed) {
    c = EmbeddedCluster.builder().nodes(n).clock(clock).seed(seed).build();
    List<CibReplica> rs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      CibReplica.Builder b = CibReplica.builder(c.engine(i)).expectedMembers(expected);
      if (sameStart || i == 1) {
        b.initial(CibXml.read(BASE));
      }
      rs.add(b.build());
    }
    clock.advance(Duration.ofSeconds(3));   // the merge (2.7 s) and the CIB sync after it
    for (int i = 1; i <= n; i++) {
      assertThat(c.engine(i).view().size()).isEqualTo(n);
    }
    return rs;
  }

  /** Lets every message in flight arrive (a few network hops of 1 ms each). */
  private void settle() {
    clock.advance(Duration.ofMillis(200));
  }

  /** Lets the membership notice a partition or a crash, and the CIB sync run after it. */
  private void detect() {
    clock.advance(c.failureDetection().plusSeconds(1));
  }

  private static long count(Cib cib, String name) {
    return cib.configuration().crmConfig().get(0).nvpairs().stream()
        .filter(p -> p.name().equals(name)).count();
  }

  /** An update that adds one nvpair named for the change. */
  private static java.util.function.UnaryOperator<Cib> addProperty(String name) {
    return cib -> {
      CibElement root = cib.root();
      CibElement conf = root.firstElement("configuration").orElseThrow();
      CibElement crm = conf.firstElement("crm_config").orElseThrow();
      CibElement set = crm.elements().get(0);
      CibElement newSet = set.withChild(CibElement.builder("nvpair").attribute("id", "p-" + name)
          .attribute("name", name).attribute("value", "1").build());
      CibElement newCrm = crm.withChildReplaced(crm.children().indexOf(set), newSet);
      CibElement newConf = conf.withChildReplaced(conf.children().indexOf(crm), newCrm);
      return cib.withRoot(root.withChildReplaced(root.children().indexOf(conf), newConf));
    };
  }

  private static java.util.function.UnaryOperator<Cib> addNodeState(String uname) {
    return cib -> {
      CibElement root = cib.root();
      CibElement status = root.firstElement("status").orElseThrow();
      CibElement ns = status.withChild(CibElement.builder("node_state").attribute("id", uname)
          .attribute("uname", uname).attribute("in_ccm", "true").build());
      return cib.withRoot(root.withChildReplaced(root.children().indexOf(status), ns));
    };
  }

  private static boolean hasProperty(Cib cib, String name) {
    return cib.configuration().crmConfig().get(0).value(name).isPresent();
  }

  private static void assertConverged(List<CibReplica> rs) {
    Cib first = rs.get(0).current();
    for (CibReplica r : rs) {
      assertThat(r.writer()).isEqualTo(rs.get(0).writer());
      assertThat(r.current()).isEqualTo(first);
      assertThat(r.isSynced()).isTrue();
    }
  }

  @Test
  void updatesFromAnyMemberReachEveryMemberWithVersionBumps() {
    List<CibReplica> rs = cluster(3, 3, false);
    assertConverged(rs);
    assertThat(rs.get(0).isWriter()).isTrue();
    assertThat(rs.get(2).current().version()).isEqualTo(new CibVersion(0, 1, 0));
    CompletableFuture<Cib> a = rs.get(2).update("", addProperty("a")).toCompletableFuture();
    assertThat(a).isNotDone();
    settle();
    assertThat(a.join().version()).isEqualTo(new CibVersion(0, 2, 0));
    CompletableFuture<Cib> s = rs.get(1).update("", addNodeState("node2")).toCompletableFuture();
    settle();
    assertThat(s.join().version()).as("status change bumps num_updates").isEqualTo(new CibVersion(0, 2, 1));
    // concurrent updates from two members against the same version: both land (one is retried)
    CompletableFuture<Cib> b = rs.get(1).update("", addProperty("b")).toCompletableFuture();
    CompletableFuture<Cib> cc = rs.get(2).update("", addProperty("c")).toCompletableFuture();
    settle();
    assertThat(b).isCompleted();
    assertThat(cc).isCompleted();
    assertConverged(rs);
    Cib now = rs.get(0).current();
    assertThat(hasProperty(now, "a") && hasProperty(now, "b") && hasProperty(now, "c")).isTrue();
    assertThat(now.version()).isEqualTo(new CibVersion(0, 4, 0));
  }

  @Test
  void aJoiningNodeReceivesTheFullCib() {
    c = EmbeddedCluster.builder().nodes(3).clock(clock).autoStart(false).build();
    List<CibReplica> rs = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      rs.add(CibReplica.builder(c.engine(i)).initial(CibXml.read(BASE)).build());
      c.start(i);
    }
    clock.advance(Duration.ofSeconds(3));
    CompletableFuture<Cib> before = rs.get(1).update("", addProperty("before-join")).toCompletableFuture();
    settle();
    assertThat(before).isCompleted();
    CibReplica r3 = CibReplica.builder(c.engine(3)).build();
    assertThat(r3.current().version()).isEqualTo(CibVersion.ZERO);
    c.start(3);
    clock.advance(Duration.ofSeconds(3));
    assertThat(c.engine(3).view().size()).isEqualTo(3);
    rs.add(r3);
    assertConverged(rs);
    assertThat(hasProperty(r3.current(), "before-join")).isTrue();
  }

  @Test
  void writerFailoverLosesNoAcknowledgedChange() {
    List<CibReplica> rs = cluster(3, 3, true);
    CompletableFuture<Cib> acked = rs.get(1).update("", addProperty("acked")).toCompletableFuture();
    settle();
    assertThat(acked).isCompleted();
    // an update whose request reaches the writer, which is killed before its patch goes out
    AtomicBoolean writerHasIt = new AtomicBoolean();
    c.engine(1).addListener(requestsFrom(3, writerHasIt));
    CompletableFuture<Cib> inFlight = rs.get(2).update("", addProperty("in-flight")).toCompletableFuture();
    clock.advanceUntil(writerHasIt::get, Duration.ofSeconds(1));
    c.kill(1);
    detect();
    assertThat(c.engine(2).view().size()).isEqualTo(2);
    assertThat(c.state(2).quorate()).as("2 of 3 votes").isTrue();
    List<CibReplica> survivors = rs.subList(1, 3);
    assertThat(rs.get(1).isWriter()).isTrue();
    assertConverged(survivors);
    assertThat(hasProperty(rs.get(1).current(), "acked")).isTrue();
    // the survivor re-sent its unanswered update to the new writer; it is applied once
    assertThat(inFlight).isCompleted();
    assertThat(count(rs.get(2).current(), "in-flight")).isEqualTo(1);
    // the survivors keep writing
    CompletableFuture<Cib> after = rs.get(2).update("", addProperty("after")).toCompletableFuture();
    settle();
    assertThat(after).isCompleted();
    assertConverged(survivors);
  }

  @Test
  void theWritersNodeRestartsEmptyAndGetsTheCibBack() {
    List<CibReplica> rs = cluster(3, 3, true);
    c.kill(1);
    detect();
    CompletableFuture<Cib> while1Down = rs.get(2).update("", addProperty("while-down")).toCompletableFuture();
    settle();
    assertThat(while1Down).isCompleted();
    // node 1 comes back with a fresh engine and an empty replica (no store)
    c.start(1);
    CibReplica again = CibReplica.builder(c.engine(1)).expectedMembers(3).build();
    clock.advance(Duration.ofSeconds(3));
    List<CibReplica> now = List.of(again, rs.get(1), rs.get(2));
    assertConverged(now);
    assertThat(again.isWriter()).as("the lowest node id writes again").isTrue();
    assertThat(hasProperty(again.current(), "while-down")).isTrue();
    CompletableFuture<Cib> fromNew = again.update("", addProperty("from-restarted")).toCompletableFuture();
    settle();
    assertThat(fromNew).isCompleted();
    assertConverged(now);
  }

  @Test
  void minorityCannotWriteAndEveryoneConvergesAfterHealing() {
    List<CibReplica> rs = cluster(5, 5, true);
    c.partition(Set.of(1L, 2L), Set.of(3L, 4L, 5L));
    detect();
    // real votequorum agrees with the replica's majority rule
    assertThat(c.state(1).quorate()).isFalse();
    assertThat(c.state(3).quorate()).isTrue();
    CompletableFuture<Cib> minority = rs.get(0).update("", addProperty("minority")).toCompletableFuture();
    settle();
    assertThat(minority).isCompletedExceptionally();
    assertThat(catchCause(minority)).hasMessageContaining("no quorum");
    assertThat(rs.get(2).isWriter()).isTrue();
    CompletableFuture<Cib> majority = rs.get(4).update("", addProperty("majority")).toCompletableFuture();
    settle();
    assertThat(majority).isCompleted();
    c.heal();
    clock.advance(Duration.ofSeconds(3));
    assertThat(c.engine(1).view().size()).isEqualTo(5);
    assertConverged(rs);
    assertThat(hasProperty(rs.get(0).current(), "majority")).isTrue();
    assertThat(hasProperty(rs.get(0).current(), "minority")).isFalse();
  }

  @Test
  void anUpdateMadeBeforeTheMembershipNoticesASplitIsNotAcknowledgedAndLost() {
    List<CibReplica> rs = cluster(5, 5, true);
    c.partition(Set.of(1L, 2L), Set.of(3L, 4L, 5L));
    // the old view of five still stands for token + consensus: the minority (with the writer)
    // and the majority both try to write in it
    CompletableFuture<Cib> minority = rs.get(1).update("", addProperty("early-minority")).toCompletableFuture();
    CompletableFuture<Cib> majority = rs.get(3).update("", addProperty("early-majority")).toCompletableFuture();
    settle();
    detect();
    CompletableFuture<Cib> later = rs.get(4).update("", addProperty("later")).toCompletableFuture();
    settle();
    assertThat(later).isCompleted();
    c.heal();
    clock.advance(Duration.ofSeconds(3));
    assertConverged(rs);
    Cib end = rs.get(0).current();
    assertThat(hasProperty(end, "later")).isTrue();
    for (var e : List.of(List.of("early-minority", minority), List.of("early-majority", majority))) {
      String name = (String) e.get(0);
      CompletableFuture<?> f = (CompletableFuture<?>) e.get(1);
      if (f.isDone() && !f.isCompletedExceptionally()) {
        assertThat(hasProperty(end, name)).as("acknowledged %s survives", name).isTrue();
      }
    }
  }

  @Test
  void withoutQuorumChecksTheNewerCibWinsAfterHealing() {
    List<CibReplica> rs = cluster(4, 0, true);
    c.partition(Set.of(1L, 2L), Set.of(3L, 4L));
    detect();
    assertThat(c.state(1).quorate()).as("2 of 4 votes").isFalse();
    rs.get(1).update("", addProperty("left-1")).toCompletableFuture();
    settle();
    rs.get(3).update("", addProperty("right-1")).toCompletableFuture();
    rs.get(3).update("", addProperty("right-2")).toCompletableFuture();
    settle();
    CibVersion right = rs.get(2).current().version();
    assertThat(right).isGreaterThan(rs.get(0).current().version());
    c.heal();
    clock.advance(Duration.ofSeconds(3));
    assertConverged(rs);
    assertThat(rs.get(0).current().version()).isEqualTo(right);
    assertThat(hasProperty(rs.get(0).current(), "right-2")).isTrue();
    assertThat(hasProperty(rs.get(0).current(), "left-1")).isFalse();
  }

  @Test
  void randomPartitionsCrashesAndLossNeverLoseAnAcknowledgedChange() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 12; trial++) {
      if (c != null) {
        c.close();
      }
      List<CibReplica> rs = cluster(5, 5, true, 100 + trial);
      c.dropRate(0.05);
      Set<Integer> alive = new HashSet<>(Set.of(0, 1, 2, 3, 4));
      List<CompletableFuture<Cib>> futures = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int step = 0; step < 40; step++) {
        int action = rnd.nextInt(12);
        if (action < 6) {
          List<Integer> live = new ArrayList<>(alive);
          int who = live.get(rnd.nextInt(live.size()));
          String name = "t" + trial + "s" + step;
          futures.add(rs.get(who).update("", addProperty(name)).toCompletableFuture());
          names.add(name);
        } else if (action < 7 && alive.size() > 3) {
          List<Integer> live = new ArrayList<>(alive);
          int victim = live.get(rnd.nextInt(live.size()));
          alive.remove(victim);
          c.kill(victim + 1);
        } else if (action < 9) {
          List<Long> ids = new ArrayList<>();
          for (int a : alive) {
            ids.add((long) a + 1);
          }
          Collections.shuffle(ids, rnd);
          int cut = 1 + rnd.nextInt(ids.size() - 1);
          c.partition(List.of(new HashSet<>(ids.subList(0, cut)), new HashSet<>(ids.subList(cut, ids.size()))));
        } else if (action < 10) {
          c.heal();
        }
        // anything from a few ms (messages in flight) to past failure detection
        clock.advance(Duration.ofMillis(rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(15_000) : 1 + rnd.nextInt(20)));
      }
      c.heal();
      c.dropRate(0);
      clock.advance(Duration.ofSeconds(30));
      List<String> acked = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        if (futures.get(i).isDone() && !futures.get(i).isCompletedExceptionally()) {
          acked.add(names.get(i));
        }
      }
      List<CibReplica> live = new ArrayList<>();
      for (int a : alive) {
        live.add(rs.get(a));
      }
      assertConverged(live);
      for (String name : acked) {
        assertThat(count(live.get(0).current(), name)).as("trial %d acked %s", trial, name).isEqualTo(1);
      }
      assertThat(acked).as("trial %d made progress", trial).isNotEmpty();
    }
  }

  @Test
  void aclsGuardReadsAndWrites() {
    String withAcls = BASE.replace("<constraints/>", "<constraints/><acls>"
        + "<acl_target id=\"alice\"><role id=\"reader\"/></acl_target>"
        + "<acl_target id=\"bob\"><role id=\"reader\"/><role id=\"props\"/></acl_target>"
        + "<acl_group id=\"ops\"><role id=\"props\"/></acl_group>"
        + "<acl_role id=\"reader\"><acl_permission id=\"r1\" kind=\"read\" xpath=\"/cib\"/>"
        + "<acl_permission id=\"r2\" kind=\"deny\" xpath=\"//status\"/></acl_role>"
        + "<acl_role id=\"props\"><acl_permission id=\"w1\" kind=\"write\" reference=\"opts\"/></acl_role>"
        + "</acls>");
    c = EmbeddedCluster.builder().nodes(1).clock(clock).build();
    CibReplica r = CibReplica.builder(c.engine(1)).initial(CibXml.read(withAcls))
        .groups(u -> u.equals("carol") ? Set.of("ops") : Set.of()).build();
    clock.advance(Duration.ofSeconds(3));
    r.update("", addNodeState("node1")).toCompletableFuture();
    settle();
    CibElement alice = r.read("alice").orElseThrow();
    assertThat(alice.firstElement("configuration")).isPresent();
    assertThat(alice.firstElement("status")).as("status denied").isEmpty();
    assertThat(r.read("mallory")).as("no ACL entry: nothing readable").isEmpty();
    assertThat(r.read("root").orElseThrow()).isEqualTo(r.current().root());
    CompletableFuture<Cib> denied = r.update("alice", addProperty("x")).toCompletableFuture();
    settle();
    assertThat(denied).isCompletedExceptionally();
    assertThat(catchCause(denied)).isInstanceOf(CibAccessDeniedException.class)
        .hasMessageContaining("alice").hasMessageContaining("cluster_property_set[@id='opts']");
    CompletableFuture<Cib> allowed = r.update("bob", addProperty("y")).toCompletableFuture();
    CompletableFuture<Cib> group = r.update("carol", addProperty("z")).toCompletableFuture();
    CompletableFuture<Cib> outside = r.update("bob", addNodeState("node9")).toCompletableFuture();
    settle();
    assertThat(allowed).isCompleted();
    assertThat(group).isCompleted();
    assertThat(outside).isCompletedExceptionally();
    assertThat(hasProperty(r.current(), "y") && hasProperty(r.current(), "z")).isTrue();
    assertThat(r.current().nodeState("node9")).isEmpty();
    // Pacemaker's filtered copy keeps ids of unreadable elements that have readable children
    assertThat(CibAcl.of(r.current(), "bob", Set.of()).canRead(r.current().root(), 0)).isTrue();
  }

  /** A listener that sets the flag when a CIB update request from node {@code from} arrives. */
  private static MembershipListener requestsFrom(long from, AtomicBoolean flag) {
    return new MembershipListener() {
      @Override
      public void viewChanged(MembershipView view) {}

      @Override
      public void delivered(Message m) {
        if (m.sender().value() != from) {
          return;
        }
        try {
          if (ReplicaMessage.decode(m.payload()).type() == ReplicaMessage.Type.REQUEST) {
            flag.set(true);
          }
        } catch (RuntimeException notOurs) {
          // votequorum's messages share the engine
        }
      }
    };
  }

  private static Throwable catchCause(CompletableFuture<?> f) {
    try {
      f.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
