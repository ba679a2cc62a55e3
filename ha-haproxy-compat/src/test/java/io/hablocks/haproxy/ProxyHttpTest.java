package io.hablocks.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.haproxy.peer.Backends;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Our proxy end to end on loopback with small Java backends (no external peer). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyHttpTest {

  private final Backends backends = new Backends();
  private Haproxy proxy;
  private int http;
  private int tcp;
  private int pp;
  private int statsPort;
  private String unixPath;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @BeforeAll
  void start() throws Exception {
    int a1 = backends.http("a1");
    int a2 = backends.http("a2");
    int api = backends.http("api");
    int t1 = backends.tcp("t1");
    http = freePort();
    tcp = freePort();
    pp = freePort();
    int ppIn = freePort();
    statsPort = freePort();
    unixPath = java.nio.file.Files.createTempDirectory("hx").resolve("fe.sock").toString();
    String cfg = """
        defaults
          mode http
          timeout connect 1s
          timeout client 5s
          timeout server 5s
          timeout http-request 700ms
        frontend fe
          bind 127.0.0.1:%d
          acl is_api path_beg /api
          acl blocked path /forbidden
          http-request deny if blocked
          http-request return status 200 content-type text/plain string "pong" if { path /ping }
          http-request redirect location /new code 301 if { path /old }
          http-request set-header X-Test "from %%[src]"
          use_backend be_api if is_api
          default_backend be_app
        backend be_app
          balance roundrobin
          option forwardfor
          server a1 127.0.0.1:%d
          server a2 127.0.0.1:%d
        backend be_api
          server api 127.0.0.1:%d
        listen tcp_in
          mode tcp
          bind 127.0.0.1:%d
          server t1 127.0.0.1:%d
        listen pp_out
          mode tcp
          bind 127.0.0.1:%d
          server self 127.0.0.1:%d send-proxy
        listen pp_in
          mode http
          bind 127.0.0.1:%d accept-proxy
          server a1 127.0.0.1:%d
        listen ux
          mode tcp
          bind unix@%s
          server t1 127.0.0.1:%d
        listen stats
          mode http
          bind 127.0.0.1:%d
          stats enable
          stats uri /stats
        """.formatted(http, a1, a2, api, tcp, t1, pp, ppIn, ppIn, a1, unixPath, t1, statsPort);
    proxy = Haproxy.builder().config(cfg, java.util.Map.of()).build().start();
  }

  @AfterAll
  void stop() throws Exception {
    proxy.close();
    backends.close();
  }

  @Test
  void keepAliveRoundRobinAndLowercaseHeaders() throws Exception {
    List<String> seen = new ArrayList<>();
    try (RawHttp c = new RawHttp(http)) {
      for (int i = 0; i < 4; i++) {
        RawHttp.Response r = c.get("/x");
        assertThat(r.status()).isEqualTo(200);
        seen.add(r.body());
        assertThat(r.headers().keySet()).allSatisfy(k -> assertThat(k).isEqualTo(k.toLowerCase()));
        assertThat(r.headers()).containsEntry("x-seen-xff", "127.0.0.1")
            .containsEntry("x-seen-test", "from 127.0.0.1");
      }
    }
    // roundrobin alternates between the two equal servers, request by request, on one connection
    assertThat(seen).containsOnly("a1", "a2");
    assertThat(seen.get(0)).isNotEqualTo(seen.get(1));
    assertThat(seen.get(2)).isEqualTo(seen.get(0));
    assertThat(seen.get(3)).isEqualTo(seen.get(1));
  }

  @Test
  void aclsRulesAndChunkedBodies() throws Exception {
    try (RawHttp c = new RawHttp(http)) {
      assertThat(c.get("/api/v1").body()).isEqualTo("api");
      RawHttp.Response pong = c.get("/ping");
      assertThat(pong.status()).isEqualTo(200);
      assertThat(pong.body()).isEqualTo("pong");
      RawHttp.Response moved = c.get("/old");
      assertThat(moved.status()).isEqualTo(301);
      assertThat(moved.headers()).containsEntry("location", "/new");
      c.send("POST /api/upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      RawHttp.Response up = c.read();
      assertThat(up.status()).isEqualTo(200);
      assertThat(up.headers()).containsEntry("x-body-len", "11");
      assertThat(c.get("/forbidden").status()).isEqualTo(403);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (RawHttp c = new RawHttp(http)) {
      c.send("GET /api/1 HTTP/1.1\r\nHost: t\r\n\r\nGET /ping HTTP/1.1\r\nHost: t\r\n\r\n"
          + "POST /api/2 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"
          + "GET /api/3 HTTP/1.1\r\nHost: t\r\n\r\n");
      assertThat(c.read().body()).isEqualTo("api");
      assertThat(c.read().body()).isEqualTo("pong");
      RawHttp.Response post = c.read();
      assertThat(post.body()).isEqualTo("api");
      assertThat(post.headers()).containsEntry("x-body-len", "3");
      assertThat(c.read().body()).isEqualTo("api");
    }
  }

  @Test
  void tcpModeRelays() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), tcp)) {
      s.setSoTimeout(5000);
      byte[] b = new byte[3];
      assertThat(s.getInputStream().readNBytes(b, 0, 3)).isEqualTo(3);
      assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("t1\n");
    }
  }

  @Test
  void unixSocketListener() throws Exception {
    try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
        java.net.StandardProtocolFamily.UNIX)) {
      ch.connect(java.net.UnixDomainSocketAddress.of(unixPath));
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(3);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // read the backend's greeting
      }
      assertThat(new String(buf.array(), StandardCharsets.US_ASCII)).isEqualTo("t1\n");
    }
  }

  @Test
  void proxyProtocolSentAndAccepted() throws Exception {
    // pp_out sends a PROXY header to pp_in, which accepts it and forwards with X-Forwarded-For
    try (RawHttp c = new RawHttp(pp)) {
      RawHttp.Response r = c.get("/");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("a1");
    }
  }

  @Test
  void statsPageInCsvAndHtml() throws Exception {
    try (RawHttp c = new RawHttp(statsPort)) {
      RawHttp.Response csv = c.get("/stats;csv");
      assertThat(csv.status()).isEqualTo(200);
      assertThat(csv.body()).startsWith("# pxname,svname,qcur,").contains("\nbe_app,a1,");
      RawHttp.Response html = c.get("/stats");
      assertThat(html.headers()).containsEntry("content-type", "text/html");
      assertThat(html.body()).contains("<td>be_app</td>");
    }
  }

  @Test
  void runtimeApiChangesTheChoice() {
    assertThat(proxy.execute("get weight be_app/a1")).isEqualTo("1 (initial 1)\n\n");
    proxy.setState("be_app", "a1", ServerState.MAINT);
    try {
      assertThat(proxy.execute("show stat")).contains("be_app,a1,").contains(",MAINT,");
      assertThat(proxy.execute("disable server be_app/nope")).isEqualTo("No such server.\n\n");
    } finally {
      proxy.setState("be_app", "a1", ServerState.READY);
    }
  }
}
