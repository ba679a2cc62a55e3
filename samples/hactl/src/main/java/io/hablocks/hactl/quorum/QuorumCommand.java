package io.hablocks.hactl.quorum;

import io.hablocks.api.membership.MembershipException;
import io.hablocks.hactl.HactlException;
import io.hablocks.quorum.QuorumStatus;
import io.hablocks.quorum.corosync.CorosyncQuorum;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hactl quorum}: quorum and membership of this node. */
@Command(name = "quorum", mixinStandardHelpOptions = true,
    description = "Quorum and membership of this node (votequorum).",
    subcommands = {QuorumCommand.Status.class, NodeCommand.class})
public final class QuorumCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The membership engines {@code status} can read. */
  public enum Engine {
    /** The corosync running in this network namespace, through its client libraries. */
    corosync,
    /** The ha-blocks node on the JGroups engine run here by {@code hactl quorum node}. */
    jgroups
  }

  /** {@code hactl quorum status}: what {@code corosync-quorumtool -s} prints. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Print the quorum status as corosync-quorumtool -s does.")
  public static final class Status implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--engine", defaultValue = "corosync",
        description = "Membership engine: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Option(names = "--status-file", defaultValue = NodeCommand.DEFAULT_STATUS_FILE,
        description = "With --engine jgroups: the status file of the local node (default"
            + " ${DEFAULT-VALUE}).")
    java.nio.file.Path statusFile;

    @Override
    public Integer call() {
      QuorumStatus s;
      switch (engine) {
        case corosync -> {
          try {
            s = CorosyncQuorum.status();
          } catch (MembershipException e) {
            throw new HactlException(e.getMessage(), 1);
          }
        }
        default -> {
          return jgroups();
        }
      }
      spec.commandLine().getOut().print(s.format(ZoneId.systemDefault()));
      spec.commandLine().getOut().flush();
      // corosync-quorumtool -s exits 0 when quorate, 2 (EXIT_NOT_QUORATE) when not
      return s.quorate() ? 0 : 2;
    }

    private int jgroups() {
      String text;
      try {
        text = java.nio.file.Files.readString(statusFile);
      } catch (java.io.IOException e) {
        throw new HactlException("quorum status --engine jgroups: no node running here (cannot"
            + " read " + statusFile + ": " + e.getMessage() + ")", 1);
      }
      StringBuilder b = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        if (line.startsWith("Date:")) {
          line = "Date:             " + QuorumStatus.ctime(java.time.ZonedDateTime.now());
        }
        b.append(line).append('\n');
      }
      b.setLength(b.length() - 1);
      spec.commandLine().getOut().print(b);
      spec.commandLine().getOut().flush();
      return text.contains("\nQuorate:          Yes\n") ? 0 : 2;
    }
  }
}
