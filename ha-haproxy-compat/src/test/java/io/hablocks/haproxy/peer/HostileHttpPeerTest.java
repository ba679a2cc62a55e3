package io.hablocks.haproxy.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.haproxy.Haproxy;
import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.testkit.PeerTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile HTTP against real haproxy 2.6 and ours with the same cfg: request smuggling
 * attempts, malformed framing, oversized headers, a slowloris client and half-closed sockets.
 * Each is refused or timed out by ours (the same status as haproxy's, or a stricter 400 where
 * haproxy repairs the request), while a well-behaved client on another connection keeps being
 * served.
 */
@PeerTest(commands = "haproxy", packages = "haproxy")
class HostileHttpPeerTest {

  @TempDir
  Path dir;

  private static final String CFG = """
      defaults
        mode http
        timeout connect 1s
        timeout client 5s
        timeout server 5s
        timeout http-request 600ms
        timeout http-keep-alive 20s
      frontend fe
        bind 127.0.0.1:${FE_PORT}
        default_backend be
      backend be
        server s1 127.0.0.1:${P1}
      """;

  private static final String BIG = "x".repeat(20_000);

  private static final Map<String, String> CASES = new LinkedHashMap<>();

  static {
    CASES.put("cl+te", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n");
    CASES.put("two different content-length", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde");
    CASES.put("bad content-length", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1x\r\n\r\nabcde");
    CASES.put("negative content-length", "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n");
    CASES.put("te not chunked", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nabc");
    CASES.put("te chunked then gzip", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n");
    CASES.put("space before colon", "GET / HTTP/1.1\r\nHost : t\r\n\r\n");
    CASES.put("bad chunk size", "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
    CASES.put("oversized header", "GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + BIG + "\r\n\r\n");
    CASES.put("garbage request line", "HELLO\r\n\r\n");
  }

  @Test
  void hostileRequestsAreRefusedWithoutHurtingOthers() throws Exception {
    Backends b = new Backends();
    int p1 = b.http("s1");
    Map<String, String> realEnv = Map.of("FE_PORT", String.valueOf(RealHaproxy.freePort()),
        "P1", String.valueOf(p1));
    Map<String, String> ourEnv = new HashMap<>(realEnv);
    ourEnv.put("FE_PORT", String.valueOf(RealHaproxy.freePort()));
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, CFG);
    ProcessBuilder pb = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("real.log").toFile());
    pb.environment().putAll(realEnv);
    Process real = pb.start();
    Haproxy ours = Haproxy.builder().config(HaproxyConfig.parse("haproxy.cfg", CFG, ourEnv))
        .build().start();
    int realPort = Integer.parseInt(realEnv.get("FE_PORT"));
    int ourPort = Integer.parseInt(ourEnv.get("FE_PORT"));
    try {
      RealHaproxy.waitPort(realPort, real);
      RealHaproxy.waitPort(ourPort, null);
      try (io.hablocks.haproxy.peer.KeepAliveClient good = new KeepAliveClient(ourPort)) {
        assertThat(good.get()).isEqualTo(200);
        Map<String, String> realOut = new LinkedHashMap<>();
        Map<String, String> ourOut = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : CASES.entrySet()) {
          realOut.put(c.getKey(), firstResponse(realPort, c.getValue()));
          ourOut.put(c.getKey(), firstResponse(ourPort, c.getValue()));
          assertThat(good.get()).as("a good client during '" + c.getKey() + "'").isEqualTo(200);
        }
        org.slf4j.LoggerFactory.getLogger(HostileHttpPeerTest.class)
            .info("hostile cases: haproxy {} ours {}", realOut, ourOut);
        for (String k : CASES.keySet()) {
          String r = realOut.get(k);
          String o = ourOut.get(k);
          if (r.equals(o)) {
            continue;
          }
          // where haproxy repairs the request (drops Content-Length when chunked) we refuse it
          assertThat(o).as(k + " (haproxy: " + r + ")").isEqualTo("400 then close");
        }
        assertThat(ourOut.get("cl+te")).isEqualTo("400 then close");
        assertThat(ourOut.get("oversized header")).startsWith("400");

        // slowloris: headers trickle in; timeout http-request answers 408 and closes
        long t0 = System.nanoTime();
        String slowReal = slowloris(realPort);
        String slowOurs = slowloris(ourPort);
        assertThat(slowOurs).isEqualTo(slowReal).isEqualTo("408 then close");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
        assertThat(good.get()).isEqualTo(200);

        // half-closed: a full request then FIN still gets its response, then the close
        assertThat(halfClosed(ourPort)).isEqualTo(halfClosed(realPort)).isEqualTo("200 then close");
        assertThat(good.get()).isEqualTo(200);
      }
    } finally {
      ours.close();
      real.destroy();
      real.waitFor(5, TimeUnit.SECONDS);
      b.close();
    }
  }

  /** @return "STATUS then close" or "STATUS then open", or "closed" */
  private static String firstResponse(int port, String raw) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(1500);
      s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readStatusAndClose(s);
    }
  }

  private static String readStatusAndClose(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    int c;
    try {
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
    } catch (java.net.SocketTimeoutException e) {
      return "no answer";
    } catch (java.net.SocketException e) {
      return "closed";
    }
    if (line.length() == 0) {
      return "closed";
    }
    String status = line.toString().split(" ")[1];
    // drain: does the connection close after the answer?
    try {
      byte[] buf = new byte[8192];
      long deadline = System.currentTimeMillis() + 1200;
      while (System.currentTimeMillis() < deadline) {
        if (in.read(buf) < 0) {
          return status + " then close";
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return status + " then open";
    } catch (java.net.SocketException e) {
      return status + " then close";
    }
    return status + " then open";
  }

  private static String slowloris(int port) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(4000);
      var out = s.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: t\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; i < 3; i++) {
        Thread.sleep(150); // the client is slow on purpose
        try {
          out.write(("X-Slow-" + i + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          break;
        }
      }
      return readStatusAndClose(s);
    }
  }

  private static String halfClosed(int port) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(4000);
      s.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      return readStatusAndClose(s);
    }
  }
}
