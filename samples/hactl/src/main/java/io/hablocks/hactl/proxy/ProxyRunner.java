package io.hablocks.hactl.proxy;

import io.hablocks.hactl.HactlException;
import io.hablocks.haproxy.HaproxyConfig;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Runs a parsed configuration until SIGINT or SIGTERM. */
final class ProxyRunner {

  private ProxyRunner() {}

  static int run(HaproxyConfig cfg, Path pidFile, boolean foreground, PrintWriter out,
      PrintWriter err) {
    throw new HactlException("running a configuration is not available yet; use -c", 1);
  }
}
