package io.hablocks.hactl.proxy;

import io.hablocks.hactl.HactlException;
import io.hablocks.haproxy.Haproxy;
import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.haproxy.HaproxyConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/** Runs a parsed configuration in the foreground until SIGINT or SIGTERM, then exits 0. */
final class ProxyRunner {

  private ProxyRunner() {}

  static int run(HaproxyConfig cfg, Path pidFile, boolean debug, PrintWriter out,
      PrintWriter err) {
    if (debug && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // -d: HAProxy's debug mode logs everything to stderr
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Haproxy proxy = Haproxy.builder().config(cfg).build();
    try {
      proxy.start();
    } catch (HaproxyConfigException e) {
      proxy.close();
      throw new HactlException("[ALERT] " + e.getMessage(), 1);
    } catch (RuntimeException e) {
      proxy.close();
      throw new HactlException("[ALERT] cannot start: " + e.getMessage(), 1);
    }
    String pidPath = pidFile != null ? pidFile.toString() : cfg.global().pidfile();
    try {
      if (pidPath != null) {
        Files.writeString(Path.of(pidPath), ProcessHandle.current().pid() + "\n");
      }
      if (debug) {
        err.println("[NOTICE] ha-haproxy-compat started, pid " + ProcessHandle.current().pid()
            + (proxy.nativeTransport() ? " (epoll)" : " (nio)"));
        err.flush();
      }
      stop.await();
    } catch (IOException e) {
      throw new HactlException("cannot write pid file " + pidPath + ": " + e.getMessage(), 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      proxy.close();
      if (pidPath != null) {
        try {
          Files.deleteIfExists(Path.of(pidPath));
        } catch (IOException e) {
          // best effort
        }
      }
    }
    return 0;
  }
}
