package io.hablocks.haproxy.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real haproxy 2.6 on loopback, started with -db and stopped by PID. */
final class RealHaproxy implements AutoCloseable {

  final Process process;
  final Path socket;
  final Path log;

  RealHaproxy(Path dir, String cfg, Path socket) throws IOException {
    Path file = dir.resolve("haproxy.cfg");
    Files.writeString(file, cfg);
    this.socket = socket;
    this.log = dir.resolve("haproxy.log");
    process = new ProcessBuilder("haproxy", "-db", "-f", file.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void waitPort(int port, Process p) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      if (p != null && !p.isAlive()) {
        throw new IllegalStateException("process exited with " + p.exitValue());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException e) {
        Thread.onSpinWait();
      }
      Thread.sleep(20); // polling a real peer with a deadline
    }
    throw new IllegalStateException("port " + port + " did not open");
  }

  String command(String cmd) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((cmd + "\n").getBytes(StandardCharsets.US_ASCII)));
      ch.shutdownOutput();
      InputStream in = java.nio.channels.Channels.newInputStream(ch);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Sends one HTTP/1.0 request from a source address and returns the body. */
  static String http(String srcIp, int port, String uri, String host, String... headers) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(srcIp), 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      s.setSoTimeout(5000);
      StringBuilder req = new StringBuilder("GET " + uri + " HTTP/1.0\r\nHost: " + host + "\r\n");
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      req.append("\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int body = resp.indexOf("\r\n\r\n");
      return body < 0 ? "?" + resp : resp.substring(body + 4).strip();
    }
  }
}
