package io.hablocks.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.PeerTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel comparison: every scenario (the lab's 34 probe scenarios plus ha-ipvs's own, with
 * thresholds, closes, weight changes, removals and re-adds) runs on the real 6.1 kernel in one
 * VM boot (ipvs-qemu.sh + guest-replay.py, this module's own harness) and through {@link
 * Scenario#replay()}; the chosen destination of every connection must agree.
 */
@PeerTest(root = true, commands = {"qemu-system-x86_64", "ipvsadm", "cpio", "xz", "python3"},
    files = "/boot", packages = {"qemu-system-x86", "linux-image-amd64", "busybox-static", "kmod",
        "cpio", "xz-utils", "ipvsadm", "python3"})
class KernelReplayPeerTest {

  static final Set<String> KERNEL_SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr",
      "dh", "sh", "sed", "nq", "mh", "fo", "ovf");

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = KernelReplayPeerTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return in.readAllBytes();
    }
  }

  /** IPv6 text differs (Java prints it uncompressed): compare parsed addresses. */
  static List<String> normalize(List<String> picks) {
    List<String> out = new ArrayList<>();
    for (String p : picks) {
      out.add(p.equals("-") ? p : Scenario.address(p).toString());
    }
    return out;
  }

  @Test
  void everyScenarioChoosesWhatTheKernelChooses() throws Exception {
    Path work = Files.createDirectories(Path.of("target", "ipvs-vm")).toAbsolutePath();
    Path scenarios = work.resolve("scenarios");
    if (Files.isDirectory(scenarios)) {
      try (var s = Files.list(scenarios)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(scenarios);
    int n = 0;
    for (ProbeLines.Case c : ProbeLines.cases()) {
      String name = String.format("p%02d-%s.txt", ++n, c.probe().split("\\s+")[0]);
      Files.write(scenarios.resolve(name), c.scenario());
    }
    String index = new String(resource("scenarios/index.txt"), StandardCharsets.UTF_8);
    for (String f : index.split("\n")) {
      if (!f.isBlank()) {
        Files.write(scenarios.resolve(f.strip()), resource("scenarios/" + f.strip()));
      }
    }
    Path boot = work.resolve("ipvs-qemu.sh");
    Files.write(boot, resource("vm/ipvs-qemu.sh"));
    Files.write(work.resolve("guest-replay.py"), resource("vm/guest-replay.py"));

    Map<String, Scenario> parsed = new LinkedHashMap<>();
    try (var s = Files.list(scenarios)) {
      for (Path p : s.sorted().toList()) {
        parsed.put(p.getFileName().toString(), Scenario.read(p));
      }
    }
    Set<String> covered = new TreeSet<>();
    parsed.values().forEach(s -> covered.add(s.scheduler()));
    assertThat(parsed).hasSizeGreaterThanOrEqualTo(40);
    assertThat(covered).containsAll(KERNEL_SCHEDULERS);
    // Client address:port pairs must not repeat across scenarios: the real server sees the same
    // 4-tuple again (the VIP is rewritten to it), the old connection's state makes the new SYN
    // fail there, and its retransmission is scheduled a second time (a hidden pick). Seen on
    // the kernel when two scenarios both used 192.168.1.10:30005 towards 10.0.1.2:80.
    Set<String> sources = new java.util.HashSet<>();
    for (var e : parsed.entrySet()) {
      for (Scenario.Step st : e.getValue().steps()) {
        if (st instanceof Scenario.Conn c) {
          assertThat(sources.add(c.source().toString())).as("%s:%d reuses client %s",
              e.getKey(), c.line(), c.source()).isTrue();
        }
      }
    }

    ProcessBuilder pb = new ProcessBuilder("bash", boot.toString(), work.toString(), "400",
        "python3 guest-replay.py scenarios");
    pb.redirectErrorStream(true);
    pb.redirectOutput(work.resolve("qemu-run.log").toFile());
    Process p = pb.start();
    try {
      assertThat(p.waitFor(420, TimeUnit.SECONDS)).as("VM finished in time").isTrue();
    } finally {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
    String log = Files.readString(work.resolve("qemu-run.log"));
    String err = Files.exists(work.resolve("guest.err")) ? Files.readString(work.resolve("guest.err")) : "";
    assertThat(p.exitValue()).as("VM exit status; run log:%n%s%nguest stderr:%n%s", log, err).isZero();

    Map<String, List<String>> kernel = new LinkedHashMap<>();
    for (String line : Files.readAllLines(work.resolve("guest.out"))) {
      if (line.startsWith("RESULT ")) {
        String[] f = line.split("\\s+");
        kernel.put(f[1], Arrays.asList(f).subList(2, f.length));
      }
    }
    assertThat(kernel.keySet()).containsExactlyElementsOf(parsed.keySet());
    List<String> mismatches = new ArrayList<>();
    int connections = 0;
    for (var e : parsed.entrySet()) {
      List<String> ours = normalize(e.getValue().replay());
      List<String> theirs = normalize(kernel.get(e.getKey()));
      connections += theirs.size();
      if (!ours.equals(theirs)) {
        mismatches.add(e.getKey() + "\n  kernel: " + theirs + "\n  ours:   " + ours);
      }
    }
    Files.writeString(work.resolve("summary.txt"), parsed.size() + " scenarios, " + connections
        + " connections, " + mismatches.size() + " mismatches\n" + String.join("\n", mismatches));
    assertThat(mismatches).as("scenarios where the replay differs from the kernel").isEmpty();
  }
}
