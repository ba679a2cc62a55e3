package io.hablocks.hactl.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.Netns;
import io.hablocks.testkit.PeerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's corosync lab: three corosync 3 nodes (knet over UDP) in network namespaces joined
 * by a bridge in a fourth, started and stopped by this test (by PID, through {@link Netns}). For
 * the whole cluster, after cutting node 3's link, and after healing it, {@code hactl quorum status
 * --engine corosync} run inside every namespace prints what {@code corosync-quorumtool -s} prints
 * there (every line but the date; the same exit status). The corosync engine gives the same view
 * and total order in every namespace. Three ha-blocks nodes on the JGroups engine ({@code hactl
 * quorum node}) run in the same namespaces: the same cut is timed on both, and {@code hactl quorum
 * status --engine jgroups} shows the decision corosync shows (all but date and ring id).
 */
@PeerTest(root = true, netns = true, commands = {"corosync", "corosync-quorumtool", "ip", "java"},
    packages = {"corosync", "iproute2"})
class CorosyncLabPeerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(40);

  @Test
  void hactlAgreesWithCorosyncQuorumtoolOnCutAndHeal(@TempDir Path dir) throws Exception {
    List<Netns> nodes = new ArrayList<>();
    try (Netns sw = Netns.create("hqsw")) {
      try {
        sw.exec("ip", "link", "add", "br0", "type", "bridge").ok();
        sw.exec("ip", "link", "set", "br0", "up").ok();
        for (int i = 1; i <= 3; i++) {
          Netns n = Netns.create("hqn" + i);
          nodes.add(n);
          Netns.link(n, "eth0", "198.18.0." + i + "/24", sw, "vn" + i, null);
          sw.exec("ip", "link", "set", "vn" + i, "master", "br0").ok();
        }
        for (int i = 1; i <= 3; i++) {
          startCorosync(nodes.get(i - 1), dir.resolve("n" + i), i);
        }
        awaitAll(nodes, s -> s.contains("Nodes:            3\n")
            && s.contains("Quorate:          Yes"));
        compareEverywhere(nodes, "all up");
        cpgOrderIsTheSameEverywhere(nodes, dir);

        // ha-blocks nodes on the JGroups engine in the same namespaces, tuned failure detection
        List<Probe> jg = new ArrayList<>();
        String members = "1:n1:198.18.0.1:7800,2:n2:198.18.0.2:7800,3:n3:198.18.0.3:7800";
        for (int i = 0; i < 3; i++) {
          List<String> cmd = new ArrayList<>(List.of("java", "-cp", classPath(),
              "io.hablocks.hactl.Hactl", "quorum", "node", "--engine", "jgroups",
              "--node-id", String.valueOf(i + 1), "--failure-detection", "PT1S",
              "--merge-interval", "PT1S", "--status-file", statusFile(dir, i).toString()));
          for (String m : members.split(",")) {
            cmd.add("--member");
            cmd.add(m);
          }
          jg.add(Probe.start(nodes.get(i), dir.resolve("jg" + (i + 1) + ".err"),
              cmd.toArray(new String[0])));
          // start in id order: node 1 becomes the JGroups coordinator (and sequencer)
          jg.get(i).await(l -> true, "first quorum line of node " + (i + 1));
        }
        for (Probe p : jg) {
          p.await(l -> l.endsWith(" true 1,2,3"), "JGroups node quorate with 3 members");
        }

        long cutWall = System.currentTimeMillis();
        long cut = System.nanoTime();
        nodes.get(2).exec("ip", "link", "set", "eth0", "down").ok();
        await(nodes.get(2), s -> s.contains("Quorate:          No"));
        long lost = System.nanoTime();
        await(nodes.get(0), s -> s.contains("Nodes:            2\n"));
        long twoNodeView = System.nanoTime();
        long jgLost = jg.get(2).await(cutWall, l -> l.endsWith(" false 3"),
            "cut JGroups node inquorate alone") - cutWall;
        long jgTwo = Math.max(
            jg.get(0).await(cutWall, l -> l.endsWith(" true 1,2"), "n1 quorate with n2"),
            jg.get(1).await(cutWall, l -> l.endsWith(" true 1,2"), "n2 quorate with n1")) - cutWall;
        System.out.printf("lab cut of node 3: corosync (defaults) quorum lost on the cut node"
            + " after %d ms, 2-node quorate view after %d ms; JGroups engine (FD_ALL3 1 s)"
            + " after %d ms and %d ms%n", (lost - cut) / 1_000_000,
            (twoNodeView - cut) / 1_000_000, jgLost, jgTwo);
        // the claim held against the peer in the same run: on the cut node, tuned JGroups decides
        // before corosync with its defaults (figures above; quiet machine about 0.3-1.5 s against
        // 7.7 s). The 2-node side's time is reported, not asserted: with 1 s failure detection a
        // CPU stall can make n1 and n2 suspect each other too and merge back later (seen once in a
        // full CI run: 14.5 s), which is the cost of the tuning, not a wrong quorum decision.
        assertThat(jgLost).as("JGroups cut to quorum decision, ms; " + jg)
            .isLessThan((lost - cut) / 1_000_000);
        if (jgTwo >= (twoNodeView - cut) / 1_000_000) {
          System.out.printf("JGroups 2-node quorate view came after corosync's this run (%d ms);"
              + " quorum events: %s%n", jgTwo, jg);
        }
        compareEverywhere(nodes, "node 3 cut");
        jgroupsAgreesWithCorosync(nodes, dir, "node 3 cut");

        long healWall = System.currentTimeMillis();
        long heal = System.nanoTime();
        nodes.get(2).exec("ip", "link", "set", "eth0", "up").ok();
        awaitAll(nodes, s -> s.contains("Nodes:            3\n")
            && s.contains("Quorate:          Yes"));
        long merged = System.nanoTime();
        long jgMerged = 0;
        for (Probe p : jg) {
          jgMerged = Math.max(jgMerged, p.await(healWall, l -> l.endsWith(" true 1,2,3"),
              "JGroups merged view of 3") - healWall);
        }
        System.out.printf("lab heal of node 3: corosync merged after %d ms; JGroups after %d"
            + " ms%n", (merged - heal) / 1_000_000, jgMerged);
        compareEverywhere(nodes, "healed");
        jgroupsAgreesWithCorosync(nodes, dir, "healed");
      } finally {
        for (Netns n : nodes) {
          n.close();
        }
      }
    }
  }

  private static void startCorosync(Netns ns, Path d, int id) throws IOException {
    Files.createDirectories(d.resolve("run"));
    Files.createDirectories(d.resolve("state"));
    StringBuilder conf = new StringBuilder();
    conf.append("totem {\n  version: 2\n  cluster_name: hqlab\n  transport: knet\n"
        + "  crypto_cipher: none\n  crypto_hash: none\n}\n");
    conf.append("logging {\n  to_stderr: no\n  to_logfile: yes\n  logfile: ")
        .append(d.resolve("corosync.log")).append("\n  to_syslog: no\n  timestamp: hires\n}\n");
    conf.append("quorum {\n  provider: corosync_votequorum\n}\n");
    conf.append("system {\n  state_dir: ").append(d.resolve("state"))
        .append("\n  sched_rr: no\n  move_to_root_cgroup: no\n}\n");
    conf.append("nodelist {\n");
    for (int j = 1; j <= 3; j++) {
      conf.append("  node {\n    name: n").append(j).append("\n    nodeid: ").append(j)
          .append("\n    ring0_addr: 198.18.0.").append(j).append("\n  }\n");
    }
    conf.append("}\n");
    Files.writeString(d.resolve("corosync.conf"), conf);
    // corosync hard-codes /var/run/corosync.pid: give each instance its own /run in the private
    // mount namespace that `ip netns exec` creates; exec keeps the PID Netns stops
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "mount --bind '" + d.resolve("run")
        + "' /run && exec corosync -f -c '" + d.resolve("corosync.conf") + "'");
    pb.redirectErrorStream(true).redirectOutput(d.resolve("stderr").toFile());
    ns.start(pb);
  }

  private static String quorumtool(Netns ns) {
    return ns.exec("corosync-quorumtool", "-s").stdout();
  }

  private static void await(Netns ns, Predicate<String> p) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    String last = "";
    while (System.nanoTime() < end) {
      last = quorumtool(ns);
      if (p.test(last)) {
        return;
      }
      Thread.onSpinWait();
      Thread.sleep(50); // polling a real peer, with a deadline
    }
    throw new AssertionError("corosync in " + ns + " did not reach the state in " + DEADLINE
        + "; last:\n" + last);
  }

  private static void awaitAll(List<Netns> nodes, Predicate<String> p)
      throws InterruptedException {
    for (Netns n : nodes) {
      await(n, p);
    }
  }

  /** Runs both in every namespace; retries while corosync's own answer is still moving. */
  private static void compareEverywhere(List<Netns> nodes, String phase) throws Exception {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    for (Netns n : nodes) {
      String expected = null;
      Netns.Result ours = null;
      Netns.Result theirs = null;
      for (int attempt = 0; attempt < 5; attempt++) {
        theirs = n.exec("corosync-quorumtool", "-s");
        ours = n.exec("java", "-cp", cp, "io.hablocks.hactl.Hactl", "quorum", "status",
            "--engine", "corosync");
        Netns.Result again = n.exec("corosync-quorumtool", "-s");
        expected = withoutDate(theirs.stdout());
        if (expected.equals(withoutDate(again.stdout()))
            && expected.equals(withoutDate(ours.stdout()))) {
          break;
        }
      }
      assertThat(withoutDate(ours.stdout())).as(phase + " in " + n + "; hactl stderr: "
          + ours.stderr()).isEqualTo(expected);
      assertThat(ours.exitCode()).as(phase + " exit status in " + n)
          .isEqualTo(theirs.exitCode());
      assertThat(ours.stdout()).contains("Date:             ");
    }
  }

  private static Path statusFile(Path dir, int i) {
    return dir.resolve("jg" + (i + 1)).resolve("quorum-jgroups.status");
  }

  /**
   * ha-quorum's votequorum on the JGroups engine decides what corosync decides: {@code hactl
   * quorum status --engine jgroups} prints what corosync-quorumtool -s prints in the same
   * namespace, but for the date and the ring id (a JGroups view is not a totem ring).
   */
  private static void jgroupsAgreesWithCorosync(List<Netns> nodes, Path dir, String phase)
      throws InterruptedException {
    for (int i = 0; i < nodes.size(); i++) {
      Netns n = nodes.get(i);
      Netns.Result theirs = null;
      Netns.Result ours = null;
      // tuned failure detection may flap under CPU starvation: wait (with a deadline) for the
      // JGroups side to settle on corosync's answer
      long end = System.nanoTime() + DEADLINE.toNanos();
      do {
        theirs = n.exec("corosync-quorumtool", "-s");
        ours = n.exec("java", "-cp", classPath(), "io.hablocks.hactl.Hactl",
            "quorum", "status", "--engine", "jgroups", "--status-file",
            statusFile(dir, i).toString());
        if (withoutDateAndRing(ours.stdout()).equals(withoutDateAndRing(theirs.stdout()))) {
          break;
        }
        Thread.sleep(200); // polling real peers, with a deadline
      } while (System.nanoTime() < end);
      assertThat(withoutDateAndRing(ours.stdout())).as(phase + ", JGroups in " + n + "; stderr "
          + ours.stderr()).isEqualTo(withoutDateAndRing(theirs.stdout()));
      assertThat(ours.exitCode()).isEqualTo(theirs.exitCode());
    }
  }

  private static String withoutDateAndRing(String s) {
    StringBuilder b = new StringBuilder();
    for (String line : withoutDate(s).split("\n", -1)) {
      if (!line.startsWith("Ring ID:")) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  private static String classPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** A process in a namespace whose stdout lines are collected as they come. */
  static final class Probe {
    final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    final Process process;

    private Probe(Process p) {
      this.process = p;
      Thread t = new Thread(() -> {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(
            p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
          String l;
          while ((l = r.readLine()) != null) {
            lines.add(l);
          }
        } catch (IOException ignored) {
          // process ended
        }
      }, "probe-reader");
      t.setDaemon(true);
      t.start();
    }

    static Probe start(Netns ns, Path stderr, String... command) throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectError(stderr.toFile());
      return new Probe(ns.start(pb));
    }

    @Override
    public String toString() {
      synchronized (lines) {
        return lines.stream().filter(l -> l.startsWith("Q ")).toList().toString();
      }
    }

    /** Waits for a {@code Q <ms> ...} line matching; returns its time stamp. */
    long await(Predicate<String> p, String what) throws InterruptedException {
      return await(0, p, what);
    }

    /** Waits for a {@code Q <ms> ...} line stamped at or after {@code since} (epoch ms). */
    long await(long since, Predicate<String> p, String what) throws InterruptedException {
      long end = System.nanoTime() + DEADLINE.toNanos();
      int from = 0;
      while (System.nanoTime() < end) {
        List<String> copy;
        synchronized (lines) {
          copy = new ArrayList<>(lines);
        }
        for (int i = copy.size() - 1; i >= from; i--) {
          String l = copy.get(i);
          if (l.startsWith("Q ") && p.test(l) && Long.parseLong(l.split(" ")[1]) >= since) {
            return Long.parseLong(l.split(" ")[1]);
          }
        }
        Thread.sleep(20); // polling a real peer's output, with a deadline
      }
      throw new AssertionError(what + ": not seen in " + DEADLINE + "; output: " + lines);
    }
  }

  /** ha-quorum's corosync engine in every namespace: same view id, same total order. */
  private static void cpgOrderIsTheSameEverywhere(List<Netns> nodes, Path dir) throws Exception {
    String cp = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<Process> probes = new ArrayList<>();
    List<Path> outs = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Path out = dir.resolve("probe" + i + ".txt");
      outs.add(out);
      ProcessBuilder pb = new ProcessBuilder("java", "-cp", cp,
          CpgProbe.class.getName(), "hq-probe", "3", "5");
      pb.redirectErrorStream(true).redirectOutput(out.toFile());
      probes.add(nodes.get(i).start(pb));
    }
    for (int i = 0; i < probes.size(); i++) {
      assertThat(probes.get(i).waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
          .as("probe in " + nodes.get(i) + " finished").isTrue();
      assertThat(probes.get(i).exitValue()).as(Files.readString(outs.get(i))).isZero();
    }
    List<String> first = result(outs.get(0));
    assertThat(first.get(2)).startsWith("ORDER ").contains("n1-4", "n2-4", "n3-4");
    assertThat(first.get(1)).isEqualTo("QUORATE true");
    for (Path p : outs) {
      assertThat(result(p)).isEqualTo(first);
    }
  }

  private static List<String> result(Path p) throws IOException {
    return Files.readAllLines(p).stream().filter(l -> l.startsWith("VIEW ")
        || l.startsWith("QUORATE ") || l.startsWith("ORDER ")).toList();
  }

  private static String withoutDate(String s) {
    StringBuilder b = new StringBuilder();
    for (String line : s.split("\n", -1)) {
      if (!line.startsWith("Date:")) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }
}
