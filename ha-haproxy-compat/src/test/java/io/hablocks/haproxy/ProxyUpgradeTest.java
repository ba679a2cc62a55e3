package io.hablocks.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A 101 Switching Protocols answer turns the HTTP session into a raw tunnel both ways. */
class ProxyUpgradeTest {

  @Test
  void upgradeBecomesATunnel() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        try (Socket s = backend.accept()) {
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          StringBuilder head = new StringBuilder();
          while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
          }
          out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\n"
              + "Connection: Upgrade\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          byte[] buf = new byte[64];
          int n;
          while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            out.flush();
          }
        } catch (java.io.IOException e) {
          // the client went away
        }
      });
      t.setDaemon(true);
      t.start();
      int fe = ProxyHttpTest.freePort();
      String cfg = """
          defaults
            mode http
            timeout connect 1s
            timeout client 5s
            timeout server 5s
            timeout tunnel 1h
          frontend fe
            bind 127.0.0.1:%d
            default_backend be
          backend be
            server ws 127.0.0.1:%d
          """.formatted(fe, backend.getLocalPort());
      try (Haproxy proxy = Haproxy.builder().config(cfg, Map.of()).build().start();
          RawHttp c = new RawHttp(fe)) {
        c.send("GET /chat HTTP/1.1\r\nHost: t\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
          head.append((char) c.in.read());
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101 ").contains("upgrade: echo");
        c.send("hello tunnel");
        assertThat(new String(c.in.readNBytes(12), StandardCharsets.US_ASCII))
            .isEqualTo("hello tunnel");
      }
    }
  }
}
