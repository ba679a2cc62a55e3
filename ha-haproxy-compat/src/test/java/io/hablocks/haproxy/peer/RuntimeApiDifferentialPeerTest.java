package io.hablocks.haproxy.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.haproxy.Haproxy;
import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.testkit.PeerTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same runtime API commands on haproxy 2.6's stats socket and on ours give the same output
 * (for {@code show stat}: the status, weight, act/bck, slim and uweight columns; for
 * {@code show servers state}: every field but the time since the last change).
 */
@PeerTest(commands = "haproxy", packages = "haproxy")
class RuntimeApiDifferentialPeerTest {

  @TempDir
  Path dir;

  private static final String CFG = """
      global
        stats socket ${SOCK} level admin
      defaults
        mode http
        timeout connect 1s
        timeout client 5s
        timeout server 5s
      backend be
        server s1 127.0.0.1:${P1} weight 2
        server s2 127.0.0.1:${P1} weight 4
        server s3 127.0.0.1:${P1} backup
      backend st
        balance static-rr
        server a 127.0.0.1:${P1} weight 3
      """;

  private static final List<String> COMMANDS = List.of(
      "get weight be/s1",
      "set weight be/s1 3; get weight be/s1",
      "set weight be/s1 50%; get weight be/s1",
      "set server be/s2 weight 7; get weight be/s2",
      "set weight be/s1 300",
      "set weight st/a 2",
      "set weight st/a 0; get weight st/a",
      "set weight st/a 100%; get weight st/a",
      "set server be/s2 state drain",
      "STAT",
      "set server be/s2 state maint",
      "STAT",
      "set server be/s2 state ready",
      "disable server be/s1",
      "STAT",
      "enable server be/s1",
      "set maxconn server be/s1 9",
      "STAT",
      "disable server be/nope",
      "disable server nope/s1",
      "get weight be",
      "STATE");

  @Test
  void sameAnswers() throws Exception {
    int p1 = RealHaproxy.freePort();
    Map<String, String> realEnv = Map.of("SOCK", dir.resolve("real.sock").toString(), "P1",
        String.valueOf(p1));
    Map<String, String> ourEnv = new HashMap<>(realEnv);
    ourEnv.put("SOCK", dir.resolve("ours.sock").toString());
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, CFG);
    ProcessBuilder pb = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("real.log").toFile());
    pb.environment().putAll(realEnv);
    Process real = pb.start();
    Haproxy ours = Haproxy.builder().config(HaproxyConfig.parse("haproxy.cfg", CFG, ourEnv))
        .build().start();
    try {
      long deadline = System.currentTimeMillis() + 10_000;
      while (!Files.exists(dir.resolve("real.sock")) && System.currentTimeMillis() < deadline) {
        Thread.sleep(20); // polling a real peer with a deadline
      }
      List<String> r = new ArrayList<>();
      List<String> o = new ArrayList<>();
      for (String c : COMMANDS) {
        r.add(c + " => " + normalize(c, cmd(dir.resolve("real.sock"), command(c))));
        o.add(c + " => " + normalize(c, cmd(dir.resolve("ours.sock"), command(c))));
      }
      assertThat(o).containsExactlyElementsOf(r);
    } finally {
      ours.close();
      real.destroy();
      real.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static String command(String c) {
    return switch (c) {
      case "STAT" -> "show stat";
      case "STATE" -> "show servers state";
      default -> c;
    };
  }

  private static String normalize(String c, String out) {
    if (c.equals("STAT")) {
      Map<String, Map<String, String>> s = HealthAndStatsDifferentialPeerTest.stat(out);
      StringBuilder sb = new StringBuilder();
      for (var e : s.entrySet()) {
        Map<String, String> v = e.getValue();
        sb.append(e.getKey()).append(':').append(v.get("status")).append(',')
            .append(v.get("weight")).append(',').append(v.get("act")).append(',')
            .append(v.get("bck")).append(',').append(v.get("slim")).append(',')
            .append(v.get("uweight")).append(' ');
      }
      return sb.toString();
    }
    if (c.equals("STATE")) {
      StringBuilder sb = new StringBuilder();
      for (String l : out.split("\n")) {
        String[] f = l.split(" ");
        if (f.length > 10 && !l.startsWith("#")) {
          f[9] = "T"; // srv_time_since_last_change
        }
        sb.append(String.join(" ", f)).append('|');
      }
      return sb.toString();
    }
    return out.replace("\n", "\\n");
  }

  private static String cmd(Path sock, String c) {
    try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
        java.net.StandardProtocolFamily.UNIX)) {
      ch.connect(java.net.UnixDomainSocketAddress.of(sock));
      ch.write(java.nio.ByteBuffer.wrap((c + "\n").getBytes(StandardCharsets.US_ASCII)));
      ch.shutdownOutput();
      return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(),
          StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "ERR " + e.getMessage();
    }
  }
}
