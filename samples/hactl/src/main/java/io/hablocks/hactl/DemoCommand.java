package io.hablocks.hactl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.hablocks.hactl.demo.ClusterDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hactl demo}: runs {@link io.hablocks.hactl.demo.ClusterDemo} (a three-node cluster on
 * simulated time: quorum, replicated CIB, fencing and its gate, heal, an IPVS replay), then shows
 * what ha-blocks has built so far.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a three-node cluster in this JVM on simulated time (quorum, CIB, fencing,"
        + " heal, IPVS), then show what ha-blocks has built so far.")
final class DemoCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(names = "--modules",
      description = "Only show the modules and the hactl commands (no cluster story).")
  boolean modulesOnly;

  @CommandLine.Option(names = {"-v", "--verbose"},
      description = "Print every node's corosync-quorumtool status after the cut (default: node1 and node3).")
  boolean verbose;

  /** One line of modules.tsv. */
  record ModuleState(String module, String mirrors, String state) {}

  static List<ModuleState> modules() {
    List<ModuleState> out = new ArrayList<>();
    try (InputStream in = DemoCommand.class.getResourceAsStream("modules.tsv")) {
      if (in == null) {
        throw new HactlException("modules.tsv is missing from the hactl jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 3);
        out.add(new ModuleState(f[0], f.length > 1 ? f[1] : "", f.length > 2 ? f[2] : ""));
      }
    } catch (IOException e) {
      throw new HactlException("cannot read modules.tsv: " + e.getMessage());
    }
    return out;
  }

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("ha-blocks " + VersionProvider.version()
        + " - the Linux HA stack as Java building blocks");
    if (!modulesOnly) {
      // the story is on standard output; the modules' INFO logs would interleave on stderr
      if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      }
      out.println("A three-node cluster in this JVM, on simulated time (no root, no network):");
      new ClusterDemo(out, verbose).run();
      out.println();
      out.println("== What ha-blocks has built so far");
    }
    out.println();
    List<ModuleState> modules = modules();
    int w1 = modules.stream().mapToInt(m -> m.module().length()).max().orElse(6);
    int w2 = modules.stream().mapToInt(m -> m.mirrors().length()).max().orElse(7);
    String fmt = "  %-" + w1 + "s  %-" + w2 + "s  %s%n";
    out.printf(fmt, "module", "mirrors", "state");
    for (ModuleState m : modules) {
      out.printf(fmt, m.module(), m.mirrors(), m.state());
    }
    out.println();
    out.println("hactl commands:");
    CommandLine root = spec.commandLine().getParent();
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      var usage = e.getValue().getCommandSpec().usageMessage();
      String[] d = usage.header().length > 0 ? usage.header() : usage.description();
      out.printf("  hactl %-10s %s%n", e.getKey(), d.length > 0 ? d[0].replace("%n", "") : "");
    }
    out.flush();
  }
}
