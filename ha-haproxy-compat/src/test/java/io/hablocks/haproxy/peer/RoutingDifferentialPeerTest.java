package io.hablocks.haproxy.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.haproxy.Haproxy;
import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.testkit.PeerTest;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * acl / use_backend / http-request rules / forwardfor: the same cfg and requests on haproxy 2.6
 * and ours give the same status, backend (or local answer), location and forwarded headers.
 */
@PeerTest(commands = "haproxy", packages = "haproxy")
class RoutingDifferentialPeerTest {

  @TempDir
  Path dir;

  private static final String CFG = """
      defaults
        mode http
        timeout connect 1s
        timeout client 5s
        timeout server 5s
      frontend fe
        bind 127.0.0.1:${FE_PORT}
        acl api path_beg /api
        acl exact path /exact
        acl host_b hdr(host) -i b.example
        acl from_two src 127.0.0.2
        acl is_post method POST
        acl img path_end .png .jpg
        http-request deny if { path_beg /admin } !from_two
        http-request return status 202 content-type text/plain string "ret" if { path /ret }
        http-request redirect location /moved code 302 if { path /old }
        http-request redirect prefix /v2 code 301 if { path_beg /legacy }
        http-request set-header X-Test tagged if api
        http-request add-header X-Test added if img
        http-request del-header X-Test if is_post
        use_backend be_api if api || exact
        use_backend be_b if host_b
        use_backend be_b if img from_two
        default_backend be_def
      backend be_api
        option forwardfor
        server a 127.0.0.1:${PA}
      backend be_b
        server b 127.0.0.1:${PB}
      backend be_def
        option forwardfor header X-Client
        server d 127.0.0.1:${PD}
      """;

  private record Req(String src, String method, String uri, String host, String extra) {}

  @Test
  void sameRoutingAndRewrites() throws Exception {
    Backends b = new Backends();
    Map<String, String> env = new HashMap<>(Map.of("FE_PORT", String.valueOf(RealHaproxy.freePort()),
        "PA", String.valueOf(b.http("api")), "PB", String.valueOf(b.http("b")), "PD",
        String.valueOf(b.http("def"))));
    Map<String, String> ourEnv = new HashMap<>(env);
    ourEnv.put("FE_PORT", String.valueOf(RealHaproxy.freePort()));
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, CFG);
    ProcessBuilder pb = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("real.log").toFile());
    pb.environment().putAll(env);
    Process real = pb.start();
    Haproxy ours = Haproxy.builder().config(HaproxyConfig.parse("haproxy.cfg", CFG, ourEnv))
        .build().start();
    List<Req> reqs = List.of(
        new Req("127.0.0.1", "GET", "/", "a.example", ""),
        new Req("127.0.0.1", "GET", "/api/x?y=1", "a.example", "X-Test: orig"),
        new Req("127.0.0.1", "GET", "/exact", "a.example", ""),
        new Req("127.0.0.1", "GET", "/exact/no", "a.example", ""),
        new Req("127.0.0.1", "GET", "/", "B.EXAMPLE", ""),
        new Req("127.0.0.1", "GET", "/pic.png", "a.example", "X-Test: one"),
        new Req("127.0.0.2", "GET", "/pic.jpg", "a.example", ""),
        new Req("127.0.0.1", "GET", "/admin/x", "a.example", ""),
        new Req("127.0.0.2", "GET", "/admin/x", "a.example", ""),
        new Req("127.0.0.1", "GET", "/ret", "a.example", ""),
        new Req("127.0.0.1", "GET", "/old", "a.example", ""),
        new Req("127.0.0.1", "GET", "/legacy/page?q=1", "a.example", ""),
        new Req("127.0.0.1", "POST", "/api/form", "a.example", "X-Test: gone"),
        new Req("127.0.0.3", "GET", "/", "a.example", "X-Forwarded-For: 10.0.0.1"));
    try {
      RealHaproxy.waitPort(Integer.parseInt(env.get("FE_PORT")), real);
      List<String> r = new ArrayList<>();
      List<String> o = new ArrayList<>();
      for (Req q : reqs) {
        r.add(send(Integer.parseInt(env.get("FE_PORT")), q));
        o.add(send(Integer.parseInt(ourEnv.get("FE_PORT")), q));
      }
      assertThat(o).containsExactlyElementsOf(r);
    } finally {
      ours.close();
      real.destroy();
      real.waitFor(5, TimeUnit.SECONDS);
      b.close();
    }
  }

  private static String send(int port, Req q) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(q.src()), 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      s.setSoTimeout(5000);
      String body = q.method().equals("POST") ? "k=v" : "";
      String req = q.method() + " " + q.uri() + " HTTP/1.0\r\nHost: " + q.host() + "\r\n"
          + (q.extra().isEmpty() ? "" : q.extra() + "\r\n")
          + (body.isEmpty() ? "" : "Content-Length: " + body.length() + "\r\n") + "\r\n" + body;
      s.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      String resp = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      String[] parts = resp.split("\r\n\r\n", 2);
      String[] lines = parts[0].split("\r\n");
      Map<String, String> h = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        h.put(lines[i].substring(0, c).toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
      }
      String status = lines[0].split(" ")[1];
      String b = status.equals("200") || status.equals("202") ? (parts.length > 1 ? parts[1] : "")
          : "-";
      return q.uri() + " -> " + status + " " + b + " loc=" + h.getOrDefault("location", "-")
          + " test=" + h.getOrDefault("x-seen-test", "-") + " xff=" + h.getOrDefault("x-seen-xff", "-");
    }
  }
}
