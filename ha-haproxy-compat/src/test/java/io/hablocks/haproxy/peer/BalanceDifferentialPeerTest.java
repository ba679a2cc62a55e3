package io.hablocks.haproxy.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.haproxy.ProxyConfig;
import io.hablocks.haproxy.internal.Balancer;
import io.hablocks.haproxy.internal.LbServer;
import io.hablocks.haproxy.internal.RequestHead;
import io.hablocks.testkit.ManualClock;
import io.hablocks.testkit.PeerTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same haproxy.cfg and the same request sequence on real haproxy 2.6 and on our balancers
 * give the same server per request, for every algorithm, hash type and function, with weights,
 * run-time weight changes and a server going down and back.
 */
@PeerTest(commands = "haproxy", packages = "haproxy")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BalanceDifferentialPeerTest {

  @TempDir
  static Path dir;

  private final Backends backends = new Backends();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, String> sections = new LinkedHashMap<>();
  private RealHaproxy haproxy;
  private HaproxyConfig config;
  private int[] httpPorts;
  private int[] tcpPorts;

  private static final String[] HTTP_ALGOS = {
      "rr|balance roundrobin",
      "srr|balance static-rr",
      "src|balance source",
      "srcc|balance source\n  hash-type consistent",
      "uri|balance uri",
      "uric|balance uri\n  hash-type consistent",
      "uriw|balance uri whole len 9\n  hash-type map-based djb2",
      "urid|balance uri depth 1\n  hash-type consistent wt6",
      "uria|balance uri\n  hash-type map-based crc32 avalanche",
      "hdr|balance hdr(X-Key)",
      "hdrc|balance hdr(X-Key)\n  hash-type consistent",
      "hdrd|balance hdr(Host) use_domain_only",
      "prm|balance url_param user",
      "prmc|balance url_param user\n  hash-type consistent sdbm avalanche",
      "hsh|balance hash path\n  hash-type consistent",
      "rrb|balance roundrobin\n  option allbackups",
      "srrb|balance static-rr",
  };

  @BeforeAll
  void start() throws Exception {
    httpPorts = new int[] {backends.http("s1"), backends.http("s2"), backends.http("s3"),
        backends.http("b1"), backends.http("b2")};
    tcpPorts = new int[] {backends.tcp("s1"), backends.tcp("s2"), backends.tcp("s3")};
    Path sock = dir.resolve("stats.sock");
    StringBuilder cfg = new StringBuilder("""
        global
          stats socket %s level admin
        defaults
          mode http
          timeout connect 2s
          timeout client 10s
          timeout server 10s
        """.formatted(sock));
    for (String a : HTTP_ALGOS) {
      String name = a.substring(0, a.indexOf('|'));
      int port = RealHaproxy.freePort();
      ports.put(name, port);
      String body = a.substring(a.indexOf('|') + 1);
      StringBuilder s = new StringBuilder("listen " + name + "\n  bind 127.0.0.1:" + port + "\n  "
          + body + "\n");
      s.append("  server s1 127.0.0.1:" + httpPorts[0] + " weight 1\n");
      s.append("  server s2 127.0.0.1:" + httpPorts[1] + " weight 2\n");
      s.append("  server s3 127.0.0.1:" + httpPorts[2] + " weight 3\n");
      s.append("  server b1 127.0.0.1:" + httpPorts[3] + " backup\n");
      s.append("  server b2 127.0.0.1:" + httpPorts[4] + " backup weight 2\n");
      sections.put(name, s.toString());
      cfg.append(s);
    }
    for (String algo : new String[] {"leastconn", "first"}) {
      int port = RealHaproxy.freePort();
      ports.put(algo, port);
      String s = "listen " + algo + "\n  mode tcp\n  bind 127.0.0.1:" + port + "\n  balance " + algo
          + "\n  server s1 127.0.0.1:" + tcpPorts[0] + " weight 1 maxconn 3\n"
          + "  server s2 127.0.0.1:" + tcpPorts[1] + " weight 2 maxconn 2\n"
          + "  server s3 127.0.0.1:" + tcpPorts[2] + " weight 3\n";
      cfg.append(s);
    }
    haproxy = new RealHaproxy(dir, cfg.toString(), sock);
    for (int p : ports.values()) {
      RealHaproxy.waitPort(p, haproxy.process);
    }
    config = HaproxyConfig.parse("haproxy.cfg", cfg.toString(), Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    if (haproxy != null) {
      haproxy.close();
    }
    backends.close();
  }

  private record Req(String src, String uri, String[] headers) {}

  private static Req request(int i) {
    String src = "127.0.0." + (2 + (i * 5) % 23);
    String uri = "/p" + (i * 7 % 13) + "/x" + (i % 5) + "/y" + (i % 3)
        + (i % 9 == 4 ? "" : "?a=1&user=" + (i % 11) + "&z=2");
    List<String> h = new ArrayList<>();
    if (i % 8 != 3) {
      h.add("X-Key: key" + (i % 17) + ", other");
    }
    return new Req(src, uri, h.toArray(new String[0]));
  }

  private static String hostHeaderFor(int i) {
    return "www" + (i % 3) + ".dom" + (i % 7) + ".example.org";
  }

  @ParameterizedTest
  @ValueSource(strings = {"rr", "srr", "src", "srcc", "uri", "uric", "uriw", "urid", "uria", "hdr",
      "hdrc", "hdrd", "prm", "prmc", "hsh", "rrb", "srrb"})
  void sameServerPerRequest(String name) throws Exception {
    ProxyConfig p = config.backend(name).orElseThrow();
    Balancer model = new Balancer(p.balance(), p.servers(), p.option("allbackups"),
        new ManualClock(), 1);
    boolean dynamic = !p.balance().algorithm().equals("static-rr") && (!p.balance().isHash()
        || p.balance().consistent());
    List<String> steps = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      steps.add("req " + i);
    }
    if (dynamic) {
      steps.add("set weight " + name + "/s1 4");
      for (int i = 30; i < 50; i++) {
        steps.add("req " + i);
      }
    }
    steps.add("disable server " + name + "/s2");
    for (int i = 50; i < 70; i++) {
      steps.add("req " + i);
    }
    steps.add("enable server " + name + "/s2");
    for (int i = 70; i < 100; i++) {
      steps.add("req " + i);
    }
    if (name.startsWith("rrb") || name.startsWith("srrb")) {
      steps.add("disable server " + name + "/s1");
      steps.add("disable server " + name + "/s2");
      steps.add("disable server " + name + "/s3");
      for (int i = 100; i < 112; i++) {
        steps.add("req " + i);
      }
      steps.add("disable server " + name + "/b1");
      for (int i = 112; i < 118; i++) {
        steps.add("req " + i);
      }
      steps.add("enable server " + name + "/s3");
      for (int i = 118; i < 124; i++) {
        steps.add("req " + i);
      }
    }
    List<String> real = new ArrayList<>();
    List<String> ours = new ArrayList<>();
    for (String step : steps) {
      if (step.startsWith("req ")) {
        int i = Integer.parseInt(step.substring(4));
        Req r = request(i);
        List<String> headers = new ArrayList<>(List.of(r.headers()));
        String host = name.equals("hdrd") ? hostHeaderFor(i) : "test";
        real.add(i + ":" + RealHaproxy.http(r.src(), ports.get(name), r.uri(), host,
            headers.toArray(new String[0])));
        List<String[]> hs = new ArrayList<>();
        hs.add(new String[] {"Host", host});
        for (String h : headers) {
          hs.add(new String[] {h.substring(0, h.indexOf(':')), h.substring(h.indexOf(':') + 1).strip()});
        }
        LbServer s = model.pick(new RequestHead("GET", r.uri(), "HTTP/1.0", hs,
            InetAddress.getByName(r.src())), null);
        ours.add(i + ":" + (s == null ? "none" : s.name()));
      } else {
        String out = haproxy.command(step);
        assertThat(out.strip()).as(step).isEmpty();
        apply(model, step);
        real.add(step);
        ours.add(step);
      }
    }
    assertThat(ours).as("server per request, ours vs haproxy 2.6 for " + name)
        .containsExactlyElementsOf(real);
  }

  static void apply(Balancer model, String cmd) {
    String[] w = cmd.split(" ");
    String target = cmd.startsWith("set weight") ? w[2] : w[2];
    LbServer s = model.server(target.substring(target.indexOf('/') + 1));
    if (cmd.startsWith("disable server")) {
      model.setUp(s, false);
    } else if (cmd.startsWith("enable server")) {
      model.setUp(s, true);
    } else if (cmd.startsWith("set weight")) {
      model.setWeight(s, Integer.parseInt(w[3]));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"leastconn", "first"})
  void sameServerPerHeldConnection(String name) throws Exception {
    ProxyConfig p = config.backend(name).orElseThrow();
    Balancer model = new Balancer(p.balance(), p.servers(), false, new ManualClock(), 1);
    // the readiness probe (one connection opened and closed) went through haproxy too
    LbServer probe = model.pick(RequestHead.connection(InetAddress.getLoopbackAddress()), null);
    model.taken(probe);
    model.released(probe);
    // open/close pattern: o = open and hold, cN = close the N-th opened connection
    String[] plan = {"o", "o", "o", "o", "o", "c1", "o", "c0", "c3", "o", "o", "o", "c2", "c5",
        "o", "o", "c4", "c6", "c7", "o", "o", "o", "o"};
    List<Socket> conns = new ArrayList<>();
    List<LbServer> modelConns = new ArrayList<>();
    List<String> real = new ArrayList<>();
    List<String> ours = new ArrayList<>();
    int open = 0;
    try {
      for (String step : plan) {
        if (step.equals("o")) {
          Socket s = new Socket();
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(name)), 2000);
          s.setSoTimeout(5000);
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
              StandardCharsets.US_ASCII));
          real.add(in.readLine());
          conns.add(s);
          LbServer m = model.pick(RequestHead.connection(InetAddress.getLoopbackAddress()), null);
          model.taken(m);
          modelConns.add(m);
          ours.add(m.name());
          open++;
        } else {
          int k = Integer.parseInt(step.substring(1));
          conns.get(k).close();
          model.released(modelConns.get(k));
          open--;
          waitScur(name, open);
          real.add(step);
          ours.add(step);
        }
      }
    } finally {
      for (Socket s : conns) {
        s.close();
      }
    }
    assertThat(ours).as("server per connection, ours vs haproxy 2.6 for " + name)
        .containsExactlyElementsOf(real);
  }

  private void waitScur(String backend, int expected) throws Exception {
    long deadline = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < deadline) {
      for (String line : haproxy.command("show stat").split("\n")) {
        String[] f = line.split(",", -1);
        if (f.length > 4 && f[0].equals(backend) && f[1].equals("BACKEND")
            && Integer.parseInt(f[4]) == expected) {
          return;
        }
      }
      Thread.sleep(10); // polling a real peer with a deadline
    }
    throw new AssertionError("haproxy's scur for " + backend + " never reached " + expected);
  }
}
