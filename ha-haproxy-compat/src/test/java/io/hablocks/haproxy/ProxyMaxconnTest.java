package io.hablocks.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hablocks.haproxy.peer.Backends;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The global maxconn stops accepting (the kernel backlog holds the rest) until a slot frees. */
class ProxyMaxconnTest {

  @Test
  void globalMaxconnPausesAccepting() throws Exception {
    try (Backends b = new Backends()) {
      int t = b.tcp("t");
      int fe = ProxyHttpTest.freePort();
      String cfg = """
          global
            maxconn 2
          defaults
            mode tcp
            timeout connect 1s
            timeout client 5s
            timeout server 5s
          listen l
            bind 127.0.0.1:%d
            server t 127.0.0.1:%d
          """.formatted(fe, t);
      try (Haproxy proxy = Haproxy.builder().config(cfg, Map.of()).build().start();
          Socket c1 = open(fe);
          Socket c2 = open(fe);
          Socket c3 = new Socket(InetAddress.getLoopbackAddress(), fe)) {
        assertThat(greeting(c1)).isEqualTo('t');
        assertThat(greeting(c2)).isEqualTo('t');
        c3.setSoTimeout(500);
        // the third connection sits in the backlog: no greeting while two are open
        assertThat(greetingOrTimeout(c3)).isEqualTo(-2);
        c1.close();
        c3.setSoTimeout(5000);
        assertThat(greeting(c3)).isEqualTo('t');
        assertThat(proxy.execute("show info")).contains("Maxconn: 2\n");
      }
    }
  }

  private static Socket open(int port) throws Exception {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(5000);
    return s;
  }

  private static int greeting(Socket s) throws Exception {
    return s.getInputStream().read();
  }

  private static int greetingOrTimeout(Socket s) throws Exception {
    try {
      return s.getInputStream().read();
    } catch (java.net.SocketTimeoutException e) {
      return -2;
    }
  }
}
