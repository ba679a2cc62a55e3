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
    subcommands = {QuorumCommand.Status.class})
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
    /** ha-quorum's JGroups engine. */
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
        default -> throw new HactlException("quorum status --engine " + engine
            + ": this engine is not built yet in ha-quorum", 1);
      }
      spec.commandLine().getOut().print(s.format(ZoneId.systemDefault()));
      spec.commandLine().getOut().flush();
      // corosync-quorumtool -s exits 0 when quorate, 2 (EXIT_NOT_QUORATE) when not
      return s.quorate() ? 0 : 2;
    }
  }
}
