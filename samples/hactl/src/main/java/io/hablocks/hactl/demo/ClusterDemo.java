package io.hablocks.hactl.demo;

import io.hablocks.api.fence.FenceAction;
import io.hablocks.cib.Cib;
import io.hablocks.cib.CibElement;
import io.hablocks.cib.CibReplica;
import io.hablocks.cib.CibXml;
import io.hablocks.ipvs.Scenario;
import io.hablocks.quorum.QuorumStatus;
import io.hablocks.quorum.embedded.EmbeddedCluster;
import io.hablocks.stonith.FenceOperation;
import io.hablocks.stonith.Fencer;
import io.hablocks.stonith.FencingGate;
import io.hablocks.stonith.StonithDevice;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The story {@code hactl demo} tells, on simulated time in one JVM (no root, no network): three
 * nodes form a cluster (ha-quorum's {@link EmbeddedCluster}), replicate a CIB (ha-cib's
 * {@link CibReplica}), lose a node (quorum kept by two, lost by one), fence it through a Java
 * fence device (ha-stonith's {@link Fencer}; the {@link FencingGate} blocks its resource until
 * the fencing is confirmed), take it back (the CIB converges), and replay an IPVS scheduler
 * (ha-ipvs's {@link Scenario}). {@link #run} returns the facts it printed, for the test.
 */
public final class ClusterDemo {

  /** Wall time at simulated zero, so every run prints the same dates. */
  public static final Instant ORIGIN = Instant.parse("2026-01-01T09:00:00Z");

  static final String RESOURCE = "db";

  /**
   * What happened, as measured by the demo (simulated times since the start).
   *
   * @param quorateAtStart nodes quorate once the cluster formed
   * @param cibAfterChange each node's CIB version after the writer's change
   * @param changeSeenEverywhere whether every node's CIB equals the writer's after the change
   * @param quorateAfterCut each node's quorate flag after node3 was cut off
   * @param totalVotesAfterCut each node's total votes after the cut
   * @param minorityUpdateError why node3's CIB update was refused while cut off
   * @param blockedWhileFencing the gate's decision on the quorate side before fencing ended
   * @param fencing node1's record of the fencing of node3
   * @param fencingDoneAt when node1 recorded the fencing done
   * @param recoverableAt when node1's gate first said the resource may be recovered
   * @param minorityFencing node3's own fencing attempts while cut off (refused)
   * @param cibAfterHeal each node's CIB version after node3 rejoined
   * @param convergedAfterHeal whether every node holds the same CIB after the heal
   * @param quorateAfterHeal nodes quorate after the heal
   * @param ipvsPicks the real server IPVS picked for each connection of the replay
   * @param fencerDropped messages the fencers dropped as invalid
   * @param duplicateDeliveries broadcasts the engine delivered twice (dropped by the channels)
   */
  public record Facts(int quorateAtStart, Map<String, String> cibAfterChange,
      boolean changeSeenEverywhere, Map<String, Boolean> quorateAfterCut,
      Map<String, Integer> totalVotesAfterCut, String minorityUpdateError,
      FencingGate.Decision blockedWhileFencing, FenceOperation fencing, Duration fencingDoneAt,
      Duration recoverableAt, List<FenceOperation> minorityFencing,
      Map<String, String> cibAfterHeal, boolean convergedAfterHeal, int quorateAfterHeal,
      List<String> ipvsPicks, long fencerDropped, long duplicateDeliveries) {}

  private final PrintWriter out;
  private final boolean verbose;
  private final List<EngineChannel> channels = new ArrayList<>();
  private final SimClock clock = new SimClock(ORIGIN);

  /**
   * @param out where the story is printed
   * @param verbose print every node's full corosync-quorumtool status (else node1's and node3's)
   */
  public ClusterDemo(PrintWriter out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  static String initialCibXml() {
    return """
        <cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.9" crm_feature_set="3.16.2">
          <configuration>
            <crm_config>
              <cluster_property_set id="cib-bootstrap-options">
                <nvpair id="opt-stonith-enabled" name="stonith-enabled" value="true"/>
                <nvpair id="opt-no-quorum-policy" name="no-quorum-policy" value="stop"/>
              </cluster_property_set>
            </crm_config>
            <nodes>
              <node id="1" uname="node1"/>
              <node id="2" uname="node2"/>
              <node id="3" uname="node3"/>
            </nodes>
            <resources>
              <primitive id="db" class="ocf" provider="pacemaker" type="Dummy">
                <operations>
                  <op id="db-monitor-10s" name="monitor" interval="10s"/>
                </operations>
              </primitive>
            </resources>
            <constraints>
              <rsc_location id="db-prefers-node3" rsc="db" node="node3" score="100"/>
            </constraints>
          </configuration>
          <status/>
        </cib>
        """;
  }

  private void say(String text) {
    Duration t = clock.elapsed();
    out.printf("[t+%3d.%03ds] %s%n", t.toSeconds(), t.toMillisPart(), text);
    out.flush();
  }

  private void block(String text) {
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.println("               " + line);
      }
    }
    out.flush();
  }

  private void heading(String text) {
    out.println();
    out.println("== " + text);
    out.flush();
  }

  /**
   * Runs the story.
   *
   * @return what happened
   */
  public Facts run() {
    Map<String, CibReplica> replicas = new LinkedHashMap<>();
    Map<String, Fencer> fencers = new LinkedHashMap<>();
    AtomicReference<Duration> recoverableAt = new AtomicReference<>();
    EmbeddedCluster cluster = EmbeddedCluster.builder().nodes(3).clock(clock).seed(1).build();
    PowerSwitch power = new PowerSwitch(name -> {
      say("power switch: " + name + " is OFF (its engine stops as a powered-off node's would)");
      cluster.kill(idOf(name));
    });
    Cib initial = CibXml.read(initialCibXml());
    try {
      heading("1. Three nodes form a cluster (ha-quorum: in-JVM engine + votequorum)");
      for (int i = 1; i <= 3; i++) {
        String name = "node" + i;
        replicas.put(name, CibReplica.builder(channel(cluster.engine(i), "cib")).initial(initial)
            .expectedMembers(3).build());
        fencers.put(name, fencer(cluster, i, power));
      }
      fencers.get("node1").gate().addListener(d -> {
        if (d.node().equals("node3") && d.recoverable() && recoverableAt.get() == null) {
          recoverableAt.set(clock.elapsed());
        }
      });
      say("node1, node2, node3 started; token " + "3650 ms, failure detection "
          + millis(cluster.failureDetection()) + " (token + consensus)");
      clock.advanceUntil(() -> allMembers(cluster, 3) && allSynced(replicas)
          && allQuorate(cluster, 3),
          Duration.ofSeconds(30), "the first three-node view");
      say("one view of 3 members on every node; votequorum on node1:");
      block(status(cluster, 1));
      int quorateAtStart = 0;
      for (int i = 1; i <= 3; i++) {
        quorateAtStart += cluster.state(i).quorate() ? 1 : 0;
      }
      say(summary(cluster));

      heading("2. The CIB, replicated (ha-cib CibReplica on those engines)");
      say("every node starts from the same CIB " + initial.version()
          + ": primitive db (ocf:pacemaker:Dummy), rsc_location db prefers node3");
      say("writer is " + replicas.get("node1").writer().map(n -> "node" + n.value()).orElse("?")
          + " (lowest node id); node1 sets db's meta attribute resource-stickiness=50");
      CompletionStage<Cib> change = replicas.get("node1").update("", cib -> withStickiness(cib));
      clock.advanceUntil(() -> change.toCompletableFuture().isDone(), Duration.ofSeconds(5),
          "the CIB change");
      Cib afterChange = change.toCompletableFuture().join();
      clock.advance(Duration.ofMillis(50));
      Map<String, String> cibAfterChange = versions(replicas);
      boolean seenEverywhere = replicas.values().stream()
          .allMatch(r -> r.current().equals(afterChange));
      say("applied on the writer at " + afterChange.version() + " (a configuration change bumps"
          + " epoch); versions now " + cibAfterChange + "; identical on all: " + seenEverywhere);

      heading("3. node3 is cut off");
      cluster.cut(3);
      say("node3's link goes down; node3 ran db (db prefers node3)");
      clock.advanceUntil(() -> cluster.state(1).view().size() == 2
          && cluster.state(2).view().size() == 2 && cluster.state(3).view().size() == 1,
          Duration.ofSeconds(30),
          "the views after the cut");
      say("both sides install a new view after token + consensus; votequorum:");
      Map<String, Boolean> quorateAfterCut = new LinkedHashMap<>();
      Map<String, Integer> votesAfterCut = new LinkedHashMap<>();
      for (int i = 1; i <= 3; i++) {
        quorateAfterCut.put("node" + i, cluster.state(i).quorate());
        votesAfterCut.put("node" + i, cluster.state(i).totalVotes());
        if (verbose || i != 2) {
          out.println("               -- node" + i + " --");
          block(status(cluster, i));
        }
      }
      say(summary(cluster));
      FencingGate.Decision blocked = fencers.get("node1").gate().mayRecover(RESOURCE, "node3");
      say("fencer on node1 and node2 (quorate): node3 left unfenced, both ask to fence it; the"
          + " requests merge into one operation, node1 executes after pcmk_delay_base=2s");
      say("gate on node1: " + blocked.state() + ": " + blocked.reason());
      clock.advance(Duration.ofMillis(20));
      List<FenceOperation> minority = fencers.get("node3").history();
      for (FenceOperation op : minority) {
        say("fencer on node3 (no quorum): " + op.action().word() + " of " + op.target() + " "
            + op.state() + ": " + op.reason());
      }
      String refusal;
      CompletionStage<Cib> minorityUpdate = replicas.get("node3").update("",
          cib -> withStickiness(cib));
      clock.advance(Duration.ofMillis(20));
      try {
        minorityUpdate.toCompletableFuture().getNow(null);
        refusal = "";
      } catch (RuntimeException e) {
        refusal = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      }
      say("CIB update on node3 refused: " + refusal);

      clock.advanceUntil(() -> !fencers.get("node1").history("node3").isEmpty()
          && fencers.get("node1").history("node3").get(0).state() != FenceOperation.State.PENDING,
          Duration.ofSeconds(70), "the fencing of node3");
      FenceOperation fencing = fencers.get("node1").history("node3").get(0);
      Duration fencingDoneAt = clock.elapsed();
      say("fencing of node3: " + fencing.state() + ", executed by " + fencing.executor()
          + ", requested by " + fencing.clients() + ", devices " + fencing.devices().stream()
          .map(d -> d.device() + " " + d.action() + " exit " + d.exitCode()).toList());
      FencingGate.Decision after = fencers.get("node1").gate().mayRecover(RESOURCE, "node3");
      say("gate on node1: " + after.state() + ": " + after.reason());
      clock.advanceUntil(() -> fencers.get("node2").gate().mayRecover("node3").recoverable(),
          Duration.ofSeconds(5), "the fencing result on node2");
      say("gate on node2 (the result was broadcast): "
          + fencers.get("node2").gate().mayRecover(RESOURCE, "node3").reason());
      CompletionStage<Cib> record = replicas.get("node2").update("", cib -> withNodeDown(cib));
      clock.advanceUntil(() -> record.toCompletableFuture().isDone(), Duration.ofSeconds(5),
          "the CIB status update");
      clock.advance(Duration.ofMillis(50));
      say("node2 records node3 down in the CIB status section (a status change bumps"
          + " num_updates): " + record.toCompletableFuture().join().version() + "; node1 has "
          + replicas.get("node1").current().version() + ", node3 (off) last had "
          + replicas.get("node3").current().version());

      heading("4. Heal: node3 is powered on and rejoins");
      Cib node3Disk = replicas.get("node3").current();
      replicas.get("node3").close();
      fencers.get("node3").close();
      cluster.heal();
      power.powerOn("node3");
      cluster.start(3);
      replicas.put("node3", CibReplica.builder(channel(cluster.engine(3), "cib")).initial(node3Disk)
          .expectedMembers(3).build());
      fencers.put("node3", fencer(cluster, 3, power));
      say("node3 boots with the CIB it had on disk, " + node3Disk.version()
          + "; the network is whole again");
      clock.advanceUntil(() -> allMembers(cluster, 3) && allSynced(replicas)
          && sameCib(replicas) && allQuorate(cluster, 3), Duration.ofSeconds(30), "the merge after the heal");
      Map<String, String> cibAfterHeal = versions(replicas);
      boolean converged = sameCib(replicas);
      int quorateAfterHeal = 0;
      for (int i = 1; i <= 3; i++) {
        quorateAfterHeal += cluster.state(i).quorate() ? 1 : 0;
      }
      say("one view of 3 members again; " + summary(cluster));
      say("the newest CIB wins: versions " + cibAfterHeal + "; identical on all: " + converged);
      say("gate on node1: node3 is " + fencers.get("node1").gate().state("node3")
          + " again (a node that rejoins is clean); node3 learned its fencing from the history: "
          + fencers.get("node3").history("node3").stream().map(op -> op.state() + " by "
              + op.executor()).toList());

      heading("5. IPVS: the kernel's wrr scheduler, replayed (ha-ipvs Scenario)");
      Scenario s = Scenario.parse("demo.txt", List.of(
          "service 10.0.0.1:80 wrr",
          "dest 10.0.1.1:80 4",
          "dest 10.0.1.2:80 3",
          "conn 192.168.1.10:20000 hold",
          "conn 192.168.1.10:20001 hold",
          "conn 192.168.1.10:20002 hold",
          "weight 10.0.1.1:80 0",
          "conn 192.168.1.10:20003 close",
          "conn 192.168.1.10:20004 close"));
      List<String> picks = s.replay();
      say("service 10.0.0.1:80 wrr, 10.0.1.1 weight 4, 10.0.1.2 weight 3 (newest first, as the"
          + " kernel lists them); 3 connections, then 10.0.1.1 drained to weight 0, 2 more:");
      say("picked " + picks);
      long fencerDropped = fencers.values().stream().mapToLong(Fencer::droppedMessages).sum();
      long duplicates = channels.stream().mapToLong(EngineChannel::duplicates).sum();
      return new Facts(quorateAtStart, cibAfterChange, seenEverywhere, quorateAfterCut,
          votesAfterCut, refusal, blocked, fencing, fencingDoneAt, recoverableAt.get(),
          List.copyOf(minority), cibAfterHeal, converged, quorateAfterHeal, picks, fencerDropped,
          duplicates);
    } finally {
      fencers.values().forEach(Fencer::close);
      replicas.values().forEach(CibReplica::close);
      cluster.close();
    }
  }

  private EngineChannel channel(io.hablocks.api.membership.MembershipEngine engine, String name) {
    EngineChannel c = new EngineChannel(engine, name);
    channels.add(c);
    return c;
  }

  private Fencer fencer(EmbeddedCluster cluster, int id, PowerSwitch power) {
    return Fencer.builder(clock, "node" + id).executor(Runnable::run)
        .membership(channel(cluster.engine(id), "fencer")).quorum(cluster.quorum(id))
        .fenceLostNodes(true, FenceAction.OFF).random(new Random(id))
        .device(StonithDevice.java(power, Map.of("pcmk_host_list", "node1 node2 node3",
            "pcmk_delay_base", "2s")))
        .build();
  }

  private static int idOf(String name) {
    return Integer.parseInt(name.substring("node".length()));
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }

  private static boolean allMembers(EmbeddedCluster cluster, int n) {
    for (int i = 1; i <= n; i++) {
      if (cluster.engine(i).view().size() != n) {
        return false;
      }
    }
    return true;
  }

  private static boolean allQuorate(EmbeddedCluster cluster, int n) {
    for (int i = 1; i <= n; i++) {
      if (!cluster.state(i).quorate() || cluster.state(i).view().size() != n) {
        return false;
      }
    }
    return true;
  }

  private static boolean allSynced(Map<String, CibReplica> replicas) {
    return replicas.values().stream().allMatch(CibReplica::isSynced);
  }

  private static boolean sameCib(Map<String, CibReplica> replicas) {
    Cib first = null;
    for (CibReplica r : replicas.values()) {
      if (first == null) {
        first = r.current();
      } else if (!first.equals(r.current())) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> versions(Map<String, CibReplica> replicas) {
    Map<String, String> v = new LinkedHashMap<>();
    replicas.forEach((n, r) -> v.put(n, r.current().version().toString()));
    return v;
  }

  private String status(EmbeddedCluster cluster, int id) {
    return QuorumStatus.of(clock.instant(), cluster.node(id).id(), cluster.state(id),
        cluster.quorum(id).votequorum().votes()).format(ZoneOffset.UTC);
  }

  private static String summary(EmbeddedCluster cluster) {
    List<String> parts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      var s = cluster.state(i);
      parts.add("node" + i + " " + (s.quorate() ? "quorate" : "NOT quorate") + " ("
          + s.totalVotes() + "/" + s.expectedVotes() + " votes, quorum " + s.quorum() + ")");
    }
    return String.join("; ", parts);
  }

  private static Cib withStickiness(Cib cib) {
    return cib.withRoot(replace(cib.root(), "db", db -> db.withChild(CibElement.builder(
        "meta_attributes").attribute("id", "db-meta").build().withChild(CibElement.builder(
            "nvpair").attribute("id", "db-meta-stickiness").attribute("name",
                "resource-stickiness").attribute("value", "50").build()))));
  }

  private Cib withNodeDown(Cib cib) {
    CibElement root = cib.root();
    int idx = root.children().indexOf(root.firstElement("status").orElseThrow());
    CibElement status = root.children().get(idx).withChild(CibElement.builder("node_state")
        .attribute("id", "3").attribute("uname", "node3").attribute("in_ccm", "false")
        .attribute("crmd", "offline").attribute("join", "down").attribute("expected", "down")
        .build());
    return cib.withRoot(root.withChildReplaced(idx, status));
  }

  /** Replaces the element with the given id anywhere under {@code e}. */
  private static CibElement replace(CibElement e, String id,
      java.util.function.UnaryOperator<CibElement> f) {
    if (id.equals(e.attributeOrNull("id"))) {
      return f.apply(e);
    }
    List<CibElement> kids = e.children();
    for (int i = 0; i < kids.size(); i++) {
      CibElement k = kids.get(i);
      if (k.isComment()) {
        continue;
      }
      CibElement r = replace(k, id, f);
      if (r != k) {
        return e.withChildReplaced(i, r);
      }
    }
    return e;
  }
}
