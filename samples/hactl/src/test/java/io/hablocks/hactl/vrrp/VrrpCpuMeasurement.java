package io.hablocks.hactl.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.testkit.Netns;
import io.hablocks.testkit.PeerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A documented load run (not part of the normal build; enable with -Dvrrp.measure=true): CPU of
 * one process running 100 idle MASTER instances (VRRPv3, advert_int 1 s, one VIP each) from a
 * keepalived.conf, for `hactl vrrp` and for keepalived 2.2.7 on the same file, alternating, in a
 * namespace the test creates. Prints the CPU seconds of each process tree over the window.
 */
@PeerTest(root = true, netns = true, commands = {"ip", "keepalived", "java"},
    packages = {"iproute2", "keepalived"})
@EnabledIfSystemProperty(named = "vrrp.measure", matches = "true")
class VrrpCpuMeasurement {

  static final int INSTANCES = 100;
  static final Duration WARMUP = Duration.ofSeconds(8);
  static final Duration WINDOW = Duration.ofSeconds(30);

  static String conf() {
    StringBuilder b = new StringBuilder("global_defs {\n router_id cpu\n}\n");
    for (int i = 1; i <= INSTANCES; i++) {
      b.append("vrrp_instance VI_").append(i).append(" {\n state BACKUP\n interface eth0\n")
          .append(" virtual_router_id ").append(i).append("\n priority 150\n advert_int 1\n")
          .append(" version 3\n virtual_ipaddress {\n  10.97.1.").append(i)
          .append("/24 dev eth0\n }\n}\n");
    }
    return b.toString();
  }

  static long ticks(ProcessHandle h) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(h);
    h.descendants().forEach(all::add);
    long t = 0;
    for (ProcessHandle p : all) {
      try {
        String s = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        t += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      } catch (Exception e) {
        // gone
      }
    }
    return t;
  }

  double measure(Netns ns, ProcessBuilder pb) throws Exception {
    Process p = ns.start(pb);
    try {
      Thread.sleep(WARMUP.toMillis());
      long before = ticks(p.toHandle());
      Thread.sleep(WINDOW.toMillis());
      long after = ticks(p.toHandle());
      String addrs = ns.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout();
      assertThat(addrs.lines().filter(l -> l.contains("10.97.1.")).count())
          .as("all instances MASTER with their VIP").isEqualTo(INSTANCES);
      return (after - before) / 100.0;
    } finally {
      ns.stop(p, Duration.ofSeconds(5));
    }
  }

  @Test
  void cpuOf100IdleMastersBesideKeepalived(@TempDir Path dir) throws Exception {
    Path c = dir.resolve("keepalived.conf");
    Files.writeString(c, conf());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (Netns a = Netns.create("hb8p"); Netns b = Netns.create("hb8p")) {
      Netns.link(a, "eth0", "10.97.0.1/24", b, "eth0", "10.97.0.2/24");
      List<String> lines = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        double ka = measure(a, new ProcessBuilder("keepalived", "-n", "-l", "-P", "-f",
            c.toString(), "-p", dir.resolve("k.pid").toString(), "-r",
            dir.resolve("v.pid").toString(), "-c", dir.resolve("c.pid").toString(), "-b",
            dir.resolve("b.pid").toString()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("ka.log").toFile()));
        double ours = measure(a, new ProcessBuilder(java, "-Xmx128m", "-cp",
            System.getProperty("java.class.path"), "io.hablocks.hactl.Hactl", "vrrp", "-f",
            c.toString()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("hactl.log").toFile()));
        lines.add(String.format("round %d: keepalived %.2f s CPU, hactl vrrp %.2f s CPU in %d s"
            + " (ratio %.2f)", round + 1, ka, ours, WINDOW.toSeconds(), ours / ka));
      }
      lines.forEach(System.out::println);
      Files.write(Path.of("target", "vrrp-cpu.txt"), lines);
    }
  }
}
