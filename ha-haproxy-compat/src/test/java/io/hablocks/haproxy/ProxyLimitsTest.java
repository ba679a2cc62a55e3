package io.hablocks.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Server maxconn with the backend queue, timeout queue, timeout server and connect failures. */
class ProxyLimitsTest {

  @Test
  void queueTimeoutsAndErrors() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer slow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    slow.setExecutor(Executors.newFixedThreadPool(4));
    slow.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      try {
        if (ex.getRequestURI().getPath().equals("/hold")) {
          release.await(10, TimeUnit.SECONDS);
        }
        if (ex.getRequestURI().getPath().equals("/never")) {
          Thread.sleep(3000); // longer than timeout server
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] b = "ok".getBytes();
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    slow.start();
    int closed = ProxyHttpTest.freePort();
    int fe = ProxyHttpTest.freePort();
    String cfg = """
        defaults
          mode http
          timeout connect 300ms
          timeout client 5s
          timeout server 1500ms
          timeout queue 300ms
          retries 1
        frontend fe
          bind 127.0.0.1:%d
          use_backend dead if { path_beg /dead }
          default_backend be
        backend be
          server s1 127.0.0.1:%d maxconn 1
        backend dead
          server d1 127.0.0.1:%d
        """.formatted(fe, slow.getAddress().getPort(), closed);
    try (Haproxy proxy = Haproxy.builder().config(cfg, Map.of()).build().start();
        RawHttp holder = new RawHttp(fe);
        RawHttp waiter = new RawHttp(fe)) {
      holder.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n");
      long until = System.currentTimeMillis() + 5000;
      while (!proxy.execute("show stat").contains("\nbe,s1,0,0,1,")
          && System.currentTimeMillis() < until) {
        Thread.sleep(10); // wait until the first request holds the only slot (scur 1)
      }
      // the second waits in the queue (qcur 1) and times out after "timeout queue": 503
      long t0 = System.nanoTime();
      RawHttp.Response queued = waiter.get("/x");
      assertThat(queued.status()).isEqualTo(503);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 5000L);
      assertThat(proxy.execute("show stat")).contains("\nbe,BACKEND,0,1,");
      release.countDown();
      assertThat(holder.read().status()).isEqualTo(200);
      // timeout server: 504
      try (RawHttp c = new RawHttp(fe)) {
        assertThat(c.get("/never").status()).isEqualTo(504);
      }
      // connection refused after the retry: 503
      try (RawHttp c = new RawHttp(fe)) {
        assertThat(c.get("/dead").status()).isEqualTo(503);
      }
      assertThat(proxy.execute("show stat")).contains("\ndead,d1,");
    } finally {
      slow.stop(0);
    }
  }
}
