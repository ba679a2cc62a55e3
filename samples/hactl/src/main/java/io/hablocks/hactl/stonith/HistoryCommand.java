package io.hablocks.hactl.stonith;

import io.hablocks.stonith.FenceOperation;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hactl stonith history [NODE]}: as {@code stonith_admin --history NODE}. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Show the fencing history (of one node, or of all).")
final class HistoryCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NODE", description = "Only this node.")
  String node;

  @Option(names = "--history-file", description = "The history kept by 'hactl stonith fence' "
      + "(default: $HACTL_STONITH_HISTORY or ~/.hactl/stonith-history.tsv).")
  Path historyFile;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    Path file = historyFile != null ? historyFile : HistoryFile.defaultPath();
    for (FenceOperation op : HistoryFile.read(file)) {
      if (node == null || node.equals("*") || node.equals(op.target())) {
        out.println(HistoryFile.format(op));
      }
    }
    out.flush();
  }
}
