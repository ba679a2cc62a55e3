package io.hablocks.haproxy.peer;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small loopback backends that tell who they are: HTTP (body = name) or TCP (name on accept). */
public final class Backends implements AutoCloseable {

  private final List<HttpServer> http = new ArrayList<>();
  private final List<ServerSocket> tcp = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Socket> held = new ArrayList<>();

  public int http(String name) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    byte[] body = name.getBytes(StandardCharsets.US_ASCII);
    s.createContext("/", ex -> {
      byte[] in = ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().add("X-Backend", name);
      ex.getResponseHeaders().add("X-Body-Len", String.valueOf(in.length));
      String xff = ex.getRequestHeaders().getFirst("X-Forwarded-For");
      ex.getResponseHeaders().add("X-Seen-XFF", xff == null ? "-" : xff);
      String t = ex.getRequestHeaders().getFirst("X-Test");
      ex.getResponseHeaders().add("X-Seen-Test", t == null ? "-" : t);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    s.start();
    http.add(s);
    return s.getAddress().getPort();
  }

  public int tcp(String name) throws IOException {
    ServerSocket ss = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!ss.isClosed()) {
        Socket c;
        try {
          c = ss.accept();
        } catch (IOException e) {
          return; // closed
        }
        synchronized (held) {
          held.add(c);
        }
        Thread r = new Thread(() -> {
          // one connection's failure (a peer that already left) must not stop the backend
          try (InputStream in = c.getInputStream()) {
            c.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            while (in.read() >= 0) {
              // drain until the proxy closes
            }
          } catch (IOException e) {
            // closed or reset
          } finally {
            try {
              c.close();
            } catch (IOException e) {
              // ignore
            }
          }
        });
        r.setDaemon(true);
        r.start();
      }
    }, "tcp-backend-" + name);
    t.setDaemon(true);
    t.start();
    tcp.add(ss);
    threads.add(t);
    return ss.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    for (HttpServer s : http) {
      s.stop(0);
    }
    for (ServerSocket s : tcp) {
      s.close();
    }
    synchronized (held) {
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
