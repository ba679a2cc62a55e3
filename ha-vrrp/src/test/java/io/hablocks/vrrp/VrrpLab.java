package io.hablocks.vrrp;

import io.hablocks.netlink.Datagram;
import io.hablocks.netlink.NetNamespace;
import io.hablocks.netlink.RawIpSocket;
import io.hablocks.netlink.Rtnetlink;
import io.hablocks.testkit.Netns;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The netns-lab.sh topology built by the test: a switch namespace with a bridge and N hosts
 * (eth0 = 10.99.0.1N/24, fd99::1N/64, MAC 02:99:00:00:00:0N). Everything is stopped and deleted
 * on close (Netns stops processes by PID).
 */
final class VrrpLab implements AutoCloseable {

  final Netns sw;
  final List<Netns> hosts = new ArrayList<>();
  final List<Rtnetlink> rt = new ArrayList<>();
  final Path dir;

  private VrrpLab(int n) throws IOException {
    dir = Files.createTempDirectory("vrrplab");
    sw = Netns.create("hb8sw");
    sw.exec("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
        "net.ipv6.conf.default.disable_ipv6=1").ok();
    sw.exec("ip", "link", "add", "br0", "type", "bridge", "stp_state", "0", "forward_delay", "0",
        "mcast_snooping", "0").ok();
    sw.exec("ip", "link", "set", "br0", "up").ok();
    for (int i = 1; i <= n; i++) {
      Netns h = Netns.create("hb8h");
      h.exec("sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
          "net.ipv6.conf.default.accept_dad=0", "net.ipv4.conf.all.rp_filter=0",
          "net.ipv4.conf.default.rp_filter=0").ok();
      Netns.link(sw, "p" + i, null, h, "eth0", null);
      sw.exec("ip", "link", "set", "p" + i, "master", "br0").ok();
      h.exec("ip", "link", "set", "eth0", "down").ok();
      h.exec("ip", "link", "set", "eth0", "address", String.format("02:99:00:00:00:%02x", i)).ok();
      h.exec("ip", "addr", "add", "10.99.0." + (10 + i) + "/24", "dev", "eth0").ok();
      h.exec("ip", "addr", "add", "fd99::" + (10 + i) + "/64", "dev", "eth0", "nodad").ok();
      h.exec("ip", "link", "set", "eth0", "up").ok();
      hosts.add(h);
      rt.add(Rtnetlink.openIn(h.name()));
    }
  }

  static VrrpLab up(int n) throws IOException {
    return new VrrpLab(n);
  }

  Netns host(int i) {
    return hosts.get(i - 1);
  }

  static String ip(int i) {
    return "10.99.0." + (10 + i);
  }

  static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** @return the host numbers that hold the address now */
  List<Integer> owners(String ip) {
    InetAddress a = addr(ip);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < rt.size(); i++) {
      if (rt.get(i).hasAddress(a)) {
        out.add(i + 1);
      }
    }
    return out;
  }

  /** keepalived in the foreground in host i, as netns-lab.sh ka-start runs it. */
  Process keepalived(int i, String conf) throws IOException {
    Path d = dir.resolve("ka" + i + "-" + System.nanoTime());
    Files.createDirectories(d);
    Path c = d.resolve("keepalived.conf");
    Files.writeString(c, conf);
    ProcessBuilder pb = new ProcessBuilder("keepalived", "-n", "-l", "-D", "-G", "-P",
        "-f", c.toString(), "-p", d.resolve("k.pid").toString(),
        "-r", d.resolve("v.pid").toString(), "-c", d.resolve("c.pid").toString(),
        "-b", d.resolve("b.pid").toString())
        .redirectErrorStream(true).redirectOutput(d.resolve("log").toFile());
    return host(i).start(pb);
  }

  /** SIGTERM to keepalived's parent: the VRRP child sends priority 0 and removes its VIPs. */
  void stopGracefully(int i, Process p) {
    host(i).stop(p, Duration.ofSeconds(5));
  }

  /** SIGKILL to keepalived's parent and VRRP child together (no priority-0 advert). */
  void crash(int i, Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    p.waitFor();
    host(i).stop(p, Duration.ofMillis(1));
  }

  /** A raw VRRP socket in host i that sees the group (and unicast to it). */
  RawIpSocket listen(int i, boolean v6) {
    String ns = host(i).name();
    int ifindex = NetNamespace.interfaceIndex(ns, "eth0");
    return NetNamespace.callIn(ns, () -> {
      RawIpSocket s = RawIpSocket.open(v6, 112);
      s.bindToDevice("eth0").joinGroup(addr(v6 ? "ff02::12" : "224.0.0.18"), ifindex);
      return s;
    });
  }

  /** @return the next packet from src with the given priority, within the timeout */
  static Datagram next(RawIpSocket s, String src, int prio, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      Datagram d = s.receive(Duration.ofMillis(100));
      if (d != null && (src == null || d.source().getHostAddress().equals(src)
          || (d.source().isLinkLocalAddress() && src.equals("ll")))
          && d.payload().length > 2 && (prio < 0 || (d.payload()[2] & 0xff) == prio)) {
        return d;
      }
    }
    return null;
  }

  VrrpRouter router(int i, VrrpInstanceConfig cfg) {
    VrrpRouter r = VrrpRouter.builder().namespace(host(i).name()).build();
    r.addInstance(cfg);
    return r;
  }

  /** Polls a condition on the real network with a deadline (never a fixed sleep). */
  static long awaitMillis(BooleanSupplier cond, Duration limit) {
    long t0 = System.nanoTime();
    long end = t0 + limit.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return -1;
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static String kaConf(int vrid, int prio, int version, String advert, String extra,
      String vips) {
    return "global_defs {\n  router_id t" + prio + "\n  enable_script_security\n"
        + "  script_user root\n  max_auto_priority -1\n}\n"
        + "vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id " + vrid
        + "\n  priority " + prio + "\n  advert_int " + advert + "\n  version " + version + "\n"
        + extra + "  virtual_ipaddress {\n    " + vips + "\n  }\n}\n";
  }

  @Override
  public void close() {
    rt.forEach(Rtnetlink::close);
    hosts.forEach(Netns::close);
    sw.close();
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp files only
    }
  }
}
