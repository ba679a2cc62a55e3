package io.hablocks.haproxy.peer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A well-behaved HTTP/1.1 keep-alive client that reads content-length responses. */
final class KeepAliveClient implements AutoCloseable {
  private final Socket s;
  private final InputStream in;

  KeepAliveClient(int port) throws IOException {
    s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(5000);
    in = s.getInputStream();
  }

  int get() throws IOException {
    s.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    String status = line();
    int len = 0;
    String l;
    while (!(l = line()).isEmpty()) {
      if (l.toLowerCase().startsWith("content-length:")) {
        len = Integer.parseInt(l.substring(15).strip());
      }
    }
    in.readNBytes(len);
    return Integer.parseInt(status.split(" ")[1]);
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    s.close();
  }
}
