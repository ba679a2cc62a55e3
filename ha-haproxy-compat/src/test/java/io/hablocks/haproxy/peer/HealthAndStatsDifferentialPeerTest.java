package io.hablocks.haproxy.peer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hablocks.haproxy.Haproxy;
import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.testkit.PeerTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same haproxy.cfg (ports and socket from ${VAR}s) on real haproxy 2.6 and on ours, with the
 * same backends: the same health transitions per server (start UP with health = rise, down
 * after the first failure, up after rise successes), the same log line per transition, and
 * after the same requests the same {@code show stat} values in every column that does not
 * depend on timing or on byte counts.
 */
@PeerTest(commands = "haproxy", packages = "haproxy")
class HealthAndStatsDifferentialPeerTest {

  @TempDir
  Path dir;

  private static final String CFG = """
      global
        stats socket ${SOCK} level admin
        maxconn 2000
      defaults
        mode http
        timeout connect 500ms
        timeout client 5s
        timeout server 5s
        timeout check 500ms
      frontend fe
        bind 127.0.0.1:${FE_PORT}
        default_backend be
      backend be
        balance roundrobin
        option httpchk GET /health
        http-check expect status 200
        server s1 127.0.0.1:${P1} check inter 150ms rise 2 fall 2
        server s2 127.0.0.1:${P2} check inter 150ms
        server s3 127.0.0.1:${P3} check inter 150ms rise 1 fall 1 weight 2
        server s4 127.0.0.1:${P3} weight 3
      """;

  /**
   * Columns whose values must be equal (they do not depend on timing or byte counts; chkfail
   * counts checks that failed while already down, so it depends on timing too).
   */
  private static final List<String> COLUMNS = List.of("pxname", "svname", "qcur", "qmax", "scur",
      "slim", "stot", "dreq", "ereq", "econ", "eresp", "wretr", "wredis", "status",
      "weight", "act", "bck", "chkdown", "qlimit", "pid", "iid", "sid", "lbtot",
      "type", "check_status", "check_code", "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx",
      "hrsp_5xx", "req_tot", "check_desc", "check_rise", "check_fall", "check_health", "addr",
      "mode", "algo", "uweight");

  @Test
  void sameTransitionsLogLinesAndStats() throws Exception {
    AtomicInteger health = new AtomicInteger(200);
    HttpServer h1 = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    h1.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      int code = ex.getRequestURI().getPath().equals("/health") ? health.get() : 200;
      byte[] b = "h1".getBytes(StandardCharsets.US_ASCII);
      ex.sendResponseHeaders(code, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    java.util.concurrent.ExecutorService h1Threads =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    h1.setExecutor(h1Threads);
    h1.start();
    Backends others = new Backends();
    int p3 = others.http("h3");
    int closed = RealHaproxy.freePort();
    Map<String, String> realEnv = Map.of("SOCK", dir.resolve("real.sock").toString(),
        "FE_PORT", String.valueOf(RealHaproxy.freePort()), "P1",
        String.valueOf(h1.getAddress().getPort()), "P2", String.valueOf(closed), "P3",
        String.valueOf(p3));
    Map<String, String> ourEnv = new HashMap<>(realEnv);
    ourEnv.put("SOCK", dir.resolve("ours.sock").toString());
    ourEnv.put("FE_PORT", String.valueOf(RealHaproxy.freePort()));

    Path cfgFile = dir.resolve("haproxy.cfg");
    Files.writeString(cfgFile, CFG);
    Path realLog = dir.resolve("real.log");
    ProcessBuilder pb = new ProcessBuilder("haproxy", "-db", "-f", cfgFile.toString())
        .redirectErrorStream(true).redirectOutput(realLog.toFile());
    pb.environment().putAll(realEnv);
    PrintStream oldErr = System.err;
    ByteArrayOutputStream ourLog = new ByteArrayOutputStream();
    System.setErr(new PrintStream(ourLog, true, StandardCharsets.UTF_8));
    Process real = pb.start();
    Haproxy ours = Haproxy.builder().config(HaproxyConfig.parse("haproxy.cfg", CFG, ourEnv))
        .build().start();
    try {
      RealHaproxy.waitPort(Integer.parseInt(realEnv.get("FE_PORT")), real);
      RealHaproxy.waitPort(Integer.parseInt(ourEnv.get("FE_PORT")), null); // same probe on both
      Function<String, String> realCmd = c -> cmd(dir.resolve("real.sock"), c);
      Function<String, String> ourCmd = ours::execute;
      Map<String, List<String>> realSeq = new LinkedHashMap<>();
      Map<String, List<String>> ourSeq = new LinkedHashMap<>();
      // phase 1: s2 (closed port) goes DOWN at its first check
      waitFor(realCmd, ourCmd, realSeq, ourSeq, "s2", "DOWN");
      // s1 must be settled UP on both before its checks are made to fail. On a loaded machine a
      // start-up check can exceed "timeout check 500ms" on either side (seen once on real
      // haproxy: UP 1/2 -> UP before phase 2); that blip is timing, not behaviour, so both
      // sequences are compared from the settled UP.
      waitFor(realCmd, ourCmd, realSeq, ourSeq, "s1", "UP");
      realSeq.put("s1", new ArrayList<>(List.of("UP")));
      ourSeq.put("s1", new ArrayList<>(List.of("UP")));
      // s2's failing checks start when each proxy starts, not when polling starts: which of
      // "UP 2/3", "UP 1/3" a poll catches before DOWN depends on how late the first poll is
      // (seen: real haproxy already at UP 1/3). Both are compared as UP -> DOWN for phase 1.
      realSeq.put("s2", upThenSettled(realSeq.get("s2")));
      ourSeq.put("s2", upThenSettled(ourSeq.get("s2")));
      // phase 2: s1's health check starts failing: UP -> UP 1/2 -> DOWN
      health.set(503);
      waitFor(realCmd, ourCmd, realSeq, ourSeq, "s1", "DOWN");
      // phase 3: it recovers: DOWN -> DOWN 1/2 -> UP
      health.set(200);
      waitFor(realCmd, ourCmd, realSeq, ourSeq, "s1", "UP");
      assertThat(ourSeq).as("status sequences per server, ours vs haproxy 2.6")
          .isEqualTo(realSeq);
      assertThat(realSeq.get("s1")).containsExactly("UP", "UP 1/2", "DOWN", "DOWN 1/2", "UP");
      assertThat(realSeq.get("s2")).containsExactly("UP", "DOWN");

      // the same requests through both
      for (int i = 0; i < 12; i++) {
        RealHaproxy.http("127.0.0.1", Integer.parseInt(realEnv.get("FE_PORT")), "/r" + i, "t");
        RealHaproxy.http("127.0.0.1", Integer.parseInt(ourEnv.get("FE_PORT")), "/r" + i, "t");
      }
      long until = System.currentTimeMillis() + 5000;
      while (System.currentTimeMillis() < until
          && !("0".equals(stat(ourCmd.apply("show stat")).get("fe/FRONTEND").get("scur"))
          && "0".equals(stat(realCmd.apply("show stat")).get("fe/FRONTEND").get("scur")))) {
        Thread.sleep(10); // closes are processed asynchronously on both
      }
      Map<String, Map<String, String>> r = stat(realCmd.apply("show stat"));
      Map<String, Map<String, String>> o = stat(ourCmd.apply("show stat"));
      assertThat(o.keySet()).isEqualTo(r.keySet());
      for (String row : r.keySet()) {
        for (String col : COLUMNS) {
          assertThat(o.get(row).get(col)).as(row + " " + col).isEqualTo(r.get(row).get(col));
        }
      }
      assertThat(ourCmd.apply("show stat").split("\n")[0])
          .isEqualTo(realCmd.apply("show stat").split("\n")[0]);
    } finally {
      ours.close();
      real.destroy();
      real.waitFor(5, TimeUnit.SECONDS);
      System.setErr(oldErr);
      h1.stop(0);
      h1Threads.shutdownNow();
      others.close();
    }
    List<String> realLines = transitions(Files.readString(realLog));
    List<String> ourLines = transitions(ourLog.toString(StandardCharsets.UTF_8));
    assertThat(ourLines).as("transition log lines").isEqualTo(realLines);
    assertThat(realLines).hasSize(3);
  }

  /** Maps the "UP n/m" states seen while a server is still up to "UP" and drops repeats. */
  private static List<String> upThenSettled(List<String> seq) {
    List<String> out = new ArrayList<>();
    for (String st : seq) {
      String v = st.matches("UP \\d+/\\d+") ? "UP" : st;
      if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static List<String> transitions(String log) {
    List<String> out = new ArrayList<>();
    for (String l : log.split("\n")) {
      int i = l.indexOf("Server be/");
      if (i >= 0) {
        out.add(l.substring(i).replaceAll("check duration: \\d+ms", "check duration: Xms"));
      }
    }
    return out;
  }

  private static void waitFor(Function<String, String> real, Function<String, String> ours,
      Map<String, List<String>> realSeq, Map<String, List<String>> ourSeq, String server,
      String status) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    boolean realDone = false;
    boolean ourDone = false;
    while (System.currentTimeMillis() < deadline && !(realDone && ourDone)) {
      realDone = track(real.apply("show stat"), realSeq, server, status);
      ourDone = track(ours.apply("show stat"), ourSeq, server, status);
      Thread.sleep(15); // polling real peers with a deadline
    }
    assertThat(realDone && ourDone).as("both reached " + server + " " + status).isTrue();
  }

  private static boolean track(String csv, Map<String, List<String>> seq, String server,
      String status) {
    Map<String, Map<String, String>> s = stat(csv);
    boolean reached = false;
    for (Map.Entry<String, Map<String, String>> e : s.entrySet()) {
      String sv = e.getValue().get("svname");
      if (!e.getKey().startsWith("be/") || sv.equals("BACKEND")) {
        continue;
      }
      List<String> l = seq.computeIfAbsent(sv, k -> new ArrayList<>());
      String st = e.getValue().get("status");
      if (l.isEmpty() && !st.equals("no check") && !st.startsWith("UP")) {
        // every checked server starts UP; a first check may run before the first poll
        l.add("UP");
      }
      if (l.isEmpty() || !l.get(l.size() - 1).equals(st)) {
        l.add(st);
      }
      if (sv.equals(server) && st.equals(status)) {
        reached = true;
      }
    }
    return reached;
  }

  static Map<String, Map<String, String>> stat(String csv) {
    String[] lines = csv.split("\n");
    String[] head = lines[0].substring(2).split(",", -1);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String[] f = lines[i].split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int k = 0; k < head.length && k < f.length; k++) {
        row.put(head[k], f[k]);
      }
      out.put(f[0] + "/" + f[1], row);
    }
    return out;
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
      return "";
    }
  }
}
