package io.hablocks.hactl.stonith;

import io.hablocks.hactl.HactlException;
import io.hablocks.stonith.FenceAgent;
import io.hablocks.stonith.StonithException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hactl stonith list-installed}: as {@code stonith_admin --list-installed}. */
@Command(name = "list-installed", mixinStandardHelpOptions = true,
    description = "List the installed fence agents (fence_* in the agent directory).")
final class ListInstalledCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--agent-dir", description = "Where fence agents are (default: ${DEFAULT-VALUE}).",
      defaultValue = "/usr/sbin")
  Path agentDir;

  @Override
  public void run() {
    List<String> names;
    try {
      names = FenceAgent.installed(agentDir);
    } catch (StonithException e) {
      throw new HactlException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String n : names) {
      out.println(n);
    }
    out.println(names.size() + " fence devices found");
    out.flush();
  }
}
