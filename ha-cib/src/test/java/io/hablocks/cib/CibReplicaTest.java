package io.hablocks.cib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Replication over a deterministic in-order membership engine (test sources). These partition
 * and failover tests should move to ha-quorum's EmbeddedCluster once it is merged.
 */
class CibReplicaTest {

  private final InOrderNetwork net = new InOrderNetwork();

  private static final String BASE = "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.9\">"
      + "<configuration><crm_config><cluster_property_set id=\"opts\"/></crm_config><nodes/><resources/>"
      + "<constraints/></configuration><status/></cib>";

  private List<CibReplica> cluster(int n, int expected, boolean sameStart) {
    List<CibReplica> rs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      InOrderNetwork.Engine e = net.engine(i);
      CibReplica.Builder b = CibReplica.builder(e).expectedMembers(expected);
      if (sameStart || i == 1) {
        b.initial(CibXml.read(BASE));
      }
      rs.add(b.build());
      e.start();
    }
    net.deliverAll();
    return rs;
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
    net.deliverAll();
    assertThat(a.join().version()).isEqualTo(new CibVersion(0, 2, 0));
    CompletableFuture<Cib> s = rs.get(1).update("", addNodeState("node2")).toCompletableFuture();
    net.deliverAll();
    assertThat(s.join().version()).as("status change bumps num_updates").isEqualTo(new CibVersion(0, 2, 1));
    // concurrent updates from two members against the same version: both land (one is retried)
    CompletableFuture<Cib> b = rs.get(1).update("", addProperty("b")).toCompletableFuture();
    CompletableFuture<Cib> c = rs.get(2).update("", addProperty("c")).toCompletableFuture();
    net.deliverAll();
    assertThat(b).isDone();
    assertThat(c).isDone();
    assertConverged(rs);
    Cib now = rs.get(0).current();
    assertThat(hasProperty(now, "a") && hasProperty(now, "b") && hasProperty(now, "c")).isTrue();
    assertThat(now.version()).isEqualTo(new CibVersion(0, 4, 0));
  }

  @Test
  void aJoiningNodeReceivesTheFullCib() {
    List<CibReplica> rs = new ArrayList<>(cluster(2, 0, true));
    rs.get(1).update("", addProperty("before-join")).toCompletableFuture();
    net.deliverAll();
    InOrderNetwork.Engine e3 = net.engine(3);
    CibReplica r3 = CibReplica.builder(e3).build();
    assertThat(r3.current().version()).isEqualTo(CibVersion.ZERO);
    e3.start();
    net.deliverAll();
    rs.add(r3);
    assertConverged(rs);
    assertThat(hasProperty(r3.current(), "before-join")).isTrue();
  }

  @Test
  void writerFailoverLosesNoAcknowledgedChange() {
    List<CibReplica> rs = cluster(3, 3, true);
    InOrderNetwork.Engine writerEngine = engineOf(rs.get(0));
    CompletableFuture<Cib> acked = rs.get(1).update("", addProperty("acked")).toCompletableFuture();
    net.deliverAll();
    assertThat(acked).isCompleted();
    // an update whose request reaches the writer, which crashes before its patch goes out
    CompletableFuture<Cib> inFlight = rs.get(2).update("", addProperty("in-flight")).toCompletableFuture();
    net.crash(writerEngine, true);
    net.deliverAll();
    List<CibReplica> survivors = rs.subList(1, 3);
    assertThat(rs.get(1).isWriter()).isTrue();
    assertConverged(survivors);
    assertThat(hasProperty(rs.get(1).current(), "acked")).isTrue();
    // the survivor re-sent its unanswered update to the new writer (2 of 3 is a majority)
    assertThat(inFlight).isCompleted();
    assertThat(hasProperty(rs.get(2).current(), "in-flight")).isTrue();
  }

  @Test
  void minorityCannotWriteAndEveryoneConvergesAfterHealing() {
    List<CibReplica> rs = cluster(5, 5, true);
    net.partition(List.of(Set.of(1L, 2L), Set.of(3L, 4L, 5L)));
    CompletableFuture<Cib> minority = rs.get(0).update("", addProperty("minority")).toCompletableFuture();
    net.deliverAll();
    assertThat(minority).isCompletedExceptionally();
    assertThat(rs.get(2).isWriter()).isTrue();
    CompletableFuture<Cib> majority = rs.get(4).update("", addProperty("majority")).toCompletableFuture();
    net.deliverAll();
    assertThat(majority).isCompleted();
    net.heal();
    assertConverged(rs);
    assertThat(hasProperty(rs.get(0).current(), "majority")).isTrue();
    assertThat(hasProperty(rs.get(0).current(), "minority")).isFalse();
  }

  @Test
  void withoutQuorumChecksTheNewerCibWinsAfterHealing() {
    List<CibReplica> rs = cluster(4, 0, true);
    net.partition(List.of(Set.of(1L, 2L), Set.of(3L, 4L)));
    rs.get(1).update("", addProperty("left-1")).toCompletableFuture();
    net.deliverAll();
    rs.get(3).update("", addProperty("right-1")).toCompletableFuture();
    rs.get(3).update("", addProperty("right-2")).toCompletableFuture();
    net.deliverAll();
    CibVersion right = rs.get(2).current().version();
    assertThat(right).isGreaterThan(rs.get(0).current().version());
    net.heal();
    assertConverged(rs);
    assertThat(rs.get(0).current().version()).isEqualTo(right);
    assertThat(hasProperty(rs.get(0).current(), "right-2")).isTrue();
    assertThat(hasProperty(rs.get(0).current(), "left-1")).isFalse();
  }

  @Test
  void randomFailuresNeverLoseAnAcknowledgedChange() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 20; trial++) {
      InOrderNetwork network = new InOrderNetwork();
      List<CibReplica> rs = new ArrayList<>();
      List<InOrderNetwork.Engine> engines = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        InOrderNetwork.Engine e = network.engine(i);
        engines.add(e);
        rs.add(CibReplica.builder(e).expectedMembers(5).initial(CibXml.read(BASE)).build());
        e.start();
      }
      network.deliverAll();
      Set<Integer> alive = new HashSet<>(Set.of(0, 1, 2, 3, 4));
      List<String> acked = new ArrayList<>();
      List<CompletableFuture<Cib>> futures = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int step = 0; step < 40; step++) {
        int action = rnd.nextInt(10);
        if (action < 6) {
          List<Integer> live = new ArrayList<>(alive);
          int who = live.get(rnd.nextInt(live.size()));
          String name = "t" + trial + "s" + step;
          futures.add(rs.get(who).update("", addProperty(name)).toCompletableFuture());
          names.add(name);
          if (rnd.nextBoolean()) {
            network.deliverAll();
          }
        } else if (action < 8 && alive.size() > 3) {
          List<Integer> live = new ArrayList<>(alive);
          int victim = live.get(rnd.nextInt(live.size()));
          alive.remove(victim);
          network.crash(engines.get(victim), rnd.nextBoolean());
        } else if (action == 8) {
          List<Long> ids = new ArrayList<>();
          for (int a : alive) {
            ids.add((long) a + 1);
          }
          java.util.Collections.shuffle(ids, rnd);
          int cut = 1 + rnd.nextInt(ids.size() - 1);
          network.partition(List.of(new HashSet<>(ids.subList(0, cut)), new HashSet<>(ids.subList(cut, ids.size()))));
        } else {
          network.heal();
        }
      }
      network.heal();
      network.deliverAll();
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
        assertThat(hasProperty(live.get(0).current(), name)).as("trial %d acked %s", trial, name).isTrue();
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
    InOrderNetwork.Engine e = net.engine(1);
    CibReplica r = CibReplica.builder(e).initial(CibXml.read(withAcls))
        .groups(u -> u.equals("carol") ? Set.of("ops") : Set.of()).build();
    e.start();
    net.deliverAll();
    r.update("", addNodeState("node1")).toCompletableFuture();
    net.deliverAll();
    CibElement alice = r.read("alice").orElseThrow();
    assertThat(alice.firstElement("configuration")).isPresent();
    assertThat(alice.firstElement("status")).as("status denied").isEmpty();
    assertThat(r.read("mallory")).as("no ACL entry: nothing readable").isEmpty();
    assertThat(r.read("root").orElseThrow()).isEqualTo(r.current().root());
    CompletableFuture<Cib> denied = r.update("alice", addProperty("x")).toCompletableFuture();
    net.deliverAll();
    assertThat(denied).isCompletedExceptionally();
    assertThat(catchCause(denied)).isInstanceOf(CibAccessDeniedException.class)
        .hasMessageContaining("alice").hasMessageContaining("cluster_property_set[@id='opts']");
    CompletableFuture<Cib> allowed = r.update("bob", addProperty("y")).toCompletableFuture();
    CompletableFuture<Cib> group = r.update("carol", addProperty("z")).toCompletableFuture();
    CompletableFuture<Cib> outside = r.update("bob", addNodeState("node9")).toCompletableFuture();
    net.deliverAll();
    assertThat(allowed).isCompleted();
    assertThat(group).isCompleted();
    assertThat(outside).isCompletedExceptionally();
    assertThat(hasProperty(r.current(), "y") && hasProperty(r.current(), "z")).isTrue();
    assertThat(r.current().nodeState("node9")).isEmpty();
    // Pacemaker's filtered copy keeps ids of unreadable elements that have readable children
    assertThat(CibAcl.of(r.current(), "bob", Set.of()).canRead(r.current().root(), 0)).isTrue();
  }

  private static Throwable catchCause(CompletableFuture<?> f) {
    try {
      f.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  private static InOrderNetwork.Engine engineOf(CibReplica r) {
    try {
      java.lang.reflect.Field f = CibReplica.class.getDeclaredField("engine");
      f.setAccessible(true);
      return (InOrderNetwork.Engine) f.get(r);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
