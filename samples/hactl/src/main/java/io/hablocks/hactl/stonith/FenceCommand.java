package io.hablocks.hactl.stonith;

import io.hablocks.api.Clock;
import io.hablocks.api.fence.FenceAction;
import io.hablocks.hactl.HactlException;
import io.hablocks.stonith.FenceOperation;
import io.hablocks.stonith.Fencer;
import io.hablocks.stonith.StonithConfig;
import io.hablocks.stonith.StonithDevice;
import io.hablocks.stonith.StonithException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hactl stonith fence NODE [--off|--on]}: fences a node outside a cluster, with the
 * devices and levels of a stonith config file (see {@link StonithConfig}), and appends the
 * operation to the history file.
 */
@Command(name = "fence", mixinStandardHelpOptions = true,
    description = {"Fence a node (reboot by default) with the devices of a config file.",
        "Config: --devices FILE, else $HACTL_STONITH_CONFIG, else /etc/ha-blocks/stonith.conf;",
        "lines 'device ID AGENT key=value...' and 'level INDEX TARGET DEV[,DEV...]'."})
final class FenceCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NODE", description = "The node to fence.")
  String node;

  static final class Mode {
    @Option(names = "--off", description = "Power it off.")
    boolean off;

    @Option(names = "--on", description = "Power it on (unfence).")
    boolean on;
  }

  @ArgGroup(exclusive = true)
  Mode mode;

  @Option(names = "--devices", paramLabel = "FILE", description = "The stonith config file.")
  Path devices;

  @Option(names = "--agent-dir", description = "Where fence agents are (default: ${DEFAULT-VALUE}).",
      defaultValue = "/usr/sbin")
  Path agentDir;

  @Option(names = "--timeout", description = "stonith-timeout: a device action's default timeout "
      + "in seconds (default: ${DEFAULT-VALUE}).", defaultValue = "60")
  long timeoutSeconds;

  @Option(names = "--history-file", description = "Where the operation is recorded "
      + "(default: $HACTL_STONITH_HISTORY or ~/.hactl/stonith-history.tsv).")
  Path historyFile;

  @Option(names = "--client", description = "Who asks, recorded in the history "
      + "(default: ${DEFAULT-VALUE}).", defaultValue = "hactl")
  String client;

  @Option(names = {"-v", "--verbose"}, description = "Log the fencer's progress on stderr.")
  boolean verbose;

  @Override
  public void run() {
    String logKey = "org.slf4j.simpleLogger.log.io.hablocks.stonith";
    if (!verbose && System.getProperty(logKey) == null) {
      // the result is printed below; the fencer's INFO lines are for --verbose
      System.setProperty(logKey, "warn");
    }
    FenceAction action = mode == null ? FenceAction.REBOOT
        : mode.off ? FenceAction.OFF : FenceAction.ON;
    Path conf = devices;
    if (conf == null) {
      String env = System.getenv("HACTL_STONITH_CONFIG");
      conf = Path.of(env != null && !env.isBlank() ? env : "/etc/ha-blocks/stonith.conf");
    }
    if (!Files.exists(conf)) {
      throw new HactlException("no stonith config: " + conf + " does not exist (give --devices "
          + "FILE with lines 'device ID AGENT key=value...')", 2);
    }
    if (timeoutSeconds < 1) {
      throw new HactlException("--timeout must be at least 1 second", 2);
    }
    Clock clock = Clock.system();
    FenceOperation op;
    try {
      StonithConfig cfg = StonithConfig.read(conf, agentDir, clock);
      Fencer.Builder b = Fencer.builder(clock, localName())
          .topology(cfg.topology()).stonithTimeout(Duration.ofSeconds(timeoutSeconds));
      for (StonithDevice d : cfg.devices()) {
        b.device(d);
      }
      try (Fencer fencer = b.build()) {
        op = fencer.fence(node, action, client).get();
      }
    } catch (StonithException e) {
      throw new HactlException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HactlException("interrupted while fencing " + node);
    } catch (ExecutionException e) {
      throw new HactlException("fencing " + node + " stopped: " + e.getCause().getMessage());
    }
    HistoryFile.append(historyFile != null ? historyFile : HistoryFile.defaultPath(), op);
    PrintWriter out = spec.commandLine().getOut();
    out.println(HistoryFile.format(op));
    out.flush();
    if (!op.succeeded()) {
      throw new HactlException(action.word() + " of " + node + " failed: " + op.reason());
    }
  }

  private static String localName() {
    try {
      String h = InetAddress.getLocalHost().getHostName();
      return h.isBlank() || h.contains(" ") ? "localhost" : h;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
