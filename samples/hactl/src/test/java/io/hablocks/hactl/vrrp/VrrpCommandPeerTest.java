package io.hablocks.hactl.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.netlink.Datagram;
import io.hablocks.netlink.NetNamespace;
import io.hablocks.netlink.RawIpSocket;
import io.hablocks.testkit.Netns;
import io.hablocks.testkit.PeerTest;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hactl vrrp -f keepalived.conf} as a real process in a namespace: becomes MASTER, holds
 * the VIP, and on SIGTERM sends the priority-0 advert, removes the VIP and exits 0.
 */
@PeerTest(root = true, netns = true, commands = {"ip", "java"}, packages = "iproute2")
class VrrpCommandPeerTest {

  @Test
  void runsInTheForegroundAndOnSigtermSendsPriorityZeroAndRemovesItsVip(@TempDir Path dir)
      throws Exception {
    Path conf = dir.resolve("keepalived.conf");
    Files.writeString(conf, "vrrp_instance VI_1 {\n state BACKUP\n interface eth0\n"
        + " virtual_router_id 51\n priority 150\n advert_int 0.1\n version 3\n"
        + " virtual_ipaddress {\n  10.98.0.100/24 dev eth0 label eth0:vip\n }\n}\n");
    Path log = dir.resolve("hactl.log");
    try (Netns a = Netns.create("hb8c"); Netns b = Netns.create("hb8c")) {
      Netns.link(a, "eth0", "10.98.0.11/24", b, "eth0", "10.98.0.12/24");
      int ifB = NetNamespace.interfaceIndex(b.name(), "eth0");
      try (RawIpSocket rx = NetNamespace.callIn(b.name(), () -> {
        RawIpSocket s = RawIpSocket.open(false, 112);
        s.bindToDevice("eth0").joinGroup(InetAddress.getByName("224.0.0.18"), ifB);
        return s;
      })) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = a.start(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            "io.hablocks.hactl.Hactl", "vrrp", "-f", conf.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()));
        Datagram first = next(rx, 150, Duration.ofSeconds(20));
        assertThat(first).as("adverts at priority 150").isNotNull();
        assertThat(await(() -> a.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout()
            .contains("10.98.0.100/24"), Duration.ofSeconds(5))).isTrue();
        assertThat(a.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout())
            .contains("eth0:vip");
        p.toHandle().destroy(); // SIGTERM
        Datagram zero = next(rx, 0, Duration.ofSeconds(5));
        assertThat(zero).as("priority-0 advert on SIGTERM").isNotNull();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(a.exec("ip", "-o", "-4", "addr", "show", "dev", "eth0").stdout())
            .doesNotContain("10.98.0.100");
        String text = Files.readString(log);
        assertThat(text).contains("(VI_1) INIT -> BACKUP").contains("(VI_1) BACKUP -> MASTER")
            .contains("(VI_1) MASTER -> INIT").contains("stopped");
      }
    }
  }

  static Datagram next(RawIpSocket s, int prio, Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      Datagram d = s.receive(Duration.ofMillis(100));
      if (d != null && d.payload().length > 2 && (d.payload()[2] & 0xff) == prio) {
        return d;
      }
    }
    return null;
  }

  static boolean await(java.util.function.BooleanSupplier c, Duration limit) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      if (c.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }
}
