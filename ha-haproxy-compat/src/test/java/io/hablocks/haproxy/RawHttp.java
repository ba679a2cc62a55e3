package io.hablocks.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A tiny HTTP/1.1 client over one socket, for keep-alive and hostile-input tests. */
final class RawHttp implements AutoCloseable {

  final Socket socket;
  final InputStream in;
  final OutputStream out;

  record Response(int status, Map<String, String> headers, String body) {}

  RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void send(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  Response get(String path, String... headers) throws IOException {
    StringBuilder sb = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: t\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    send(sb.append("\r\n").toString());
    return read();
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c < 0 && b.size() == 0) {
      return null;
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** @return the next response, or null on EOF */
  Response read() throws IOException {
    String status = line();
    if (status == null) {
      return null;
    }
    Map<String, String> h = new LinkedHashMap<>();
    String l;
    while ((l = line()) != null && !l.isEmpty()) {
      int c = l.indexOf(':');
      h.put(l.substring(0, c), l.substring(c + 1).strip());
    }
    Map<String, String> lower = new LinkedHashMap<>();
    h.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    String body;
    if (lower.containsKey("content-length")) {
      body = new String(in.readNBytes(Integer.parseInt(lower.get("content-length"))),
          StandardCharsets.ISO_8859_1);
    } else if ("chunked".equalsIgnoreCase(lower.get("transfer-encoding"))) {
      StringBuilder sb = new StringBuilder();
      while (true) {
        int n = Integer.parseInt(line().strip(), 16);
        if (n == 0) {
          line();
          break;
        }
        sb.append(new String(in.readNBytes(n), StandardCharsets.ISO_8859_1));
        line();
      }
      body = sb.toString();
    } else {
      body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    return new Response(Integer.parseInt(status.split(" ")[1]), h, body);
  }

  /** @return true if the server closed the connection (EOF) */
  boolean closedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
