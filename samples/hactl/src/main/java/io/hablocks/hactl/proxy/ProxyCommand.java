package io.hablocks.hactl.proxy;

import io.hablocks.hactl.HactlException;
import io.hablocks.haproxy.HaproxyConfig;
import io.hablocks.haproxy.HaproxyConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hactl proxy -f haproxy.cfg [-c] [-d] [-p PIDFILE]}: checks or runs a haproxy.cfg with
 * ha-haproxy-compat, as {@code haproxy} does.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Check (-c) or run a haproxy.cfg with ha-haproxy-compat (HAProxy 2.6 compatible).")
public final class ProxyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "-f", required = true, paramLabel = "CFG",
      description = "configuration file (repeatable, read in order)")
  List<Path> files;

  @Option(names = "-c", description = "check the configuration and exit")
  boolean check;

  @Option(names = "-d", description = "debug mode: stay in the foreground and log to stderr")
  boolean debug;

  @Option(names = "-db", hidden = true, description = "foreground (HAProxy's -db)")
  boolean foreground;

  @Option(names = "-p", paramLabel = "PIDFILE", description = "write the process id here")
  Path pidFile;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HaproxyConfig cfg;
    try {
      cfg = HaproxyConfig.load(files, System.getenv());
    } catch (HaproxyConfigException e) {
      throw new HactlException("[ALERT] config : " + e.getMessage(), 1);
    }
    for (String w : cfg.warnings()) {
      err.println("[WARNING] config : " + w);
    }
    err.flush();
    if (check) {
      out.println("Configuration file is valid");
      out.flush();
      return 0;
    }
    return ProxyRunner.run(cfg, pidFile, debug || foreground, out, err);
  }
}
