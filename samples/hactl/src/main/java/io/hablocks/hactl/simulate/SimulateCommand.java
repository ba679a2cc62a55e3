package io.hablocks.hactl.simulate;

import io.hablocks.cib.Cib;
import io.hablocks.cib.CibParseException;
import io.hablocks.cib.CibXml;
import io.hablocks.crm.CrmException;
import io.hablocks.crm.scheduler.Scheduler;
import io.hablocks.crm.scheduler.SummaryAction;
import io.hablocks.crm.scheduler.Transition;
import io.hablocks.hactl.HactlException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hactl simulate -x CIB.xml -S}: runs ha-crm's scheduler on a CIB and prints the blocks
 * crm_simulate prints (Current cluster status, Transition Summary, Executing Cluster Transition,
 * Revised Cluster Status); {@code -s} adds the allocation scores.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run the scheduler on a CIB and print what crm_simulate prints.",
    subcommands = ConformanceCommand.class)
public final class SimulateCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-x", "--xml-file"}, paramLabel = "FILE", description = "the CIB to read")
  Path xml;

  @Option(names = {"-S", "--simulate"}, description = "simulate the transition's execution")
  boolean simulate;

  @Option(names = {"-s", "--show-scores"}, description = "show allocation scores")
  boolean scores;

  @Option(names = {"-G", "--save-graph"}, paramLabel = "FILE", description = "write the transition graph (not built yet)")
  Path graph;

  @Option(names = {"-D", "--save-dotfile"}, paramLabel = "FILE", description = "write the dot graph (not built yet)")
  Path dot;

  @Override
  public void run() {
    if (xml == null) {
      throw new HactlException("simulate: give the CIB with -x FILE", 2);
    }
    if (graph != null || dot != null) {
      throw new HactlException("simulate: -G and -D (transition graph output) are not built yet");
    }
    PrintWriter out = spec.commandLine().getOut();
    Cib cib;
    try {
      cib = CibXml.read(xml);
    } catch (CibParseException e) {
      throw new HactlException(xml + ": " + e.getMessage());
    }
    Instant now = cib.executionDate().orElse(Instant.now());
    cib.executionDate().ifPresent(d -> out.println("Using the original execution date of: "
        + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(d)));
    Transition t;
    try {
      t = Scheduler.schedule(cib, now);
    } catch (CrmException e) {
      throw new HactlException(xml + ": " + e.getMessage());
    }
    out.println("Current cluster status:");
    out.print(t.currentStatus());
    out.println();
    if (scores) {
      out.println("Allocation scores:");
      t.scores().forEach(out::println);
      out.println();
    }
    out.println("Transition Summary:");
    for (SummaryAction a : t.summary()) {
      out.println(a.line());
    }
    if (simulate) {
      out.println();
      out.println("Executing Cluster Transition:");
      for (SummaryAction a : t.summary()) {
        if (a.verb().equals("Fence")) {
          out.println("  * Fencing " + a.resource() + " (" + a.detail() + ")");
        }
      }
      out.println();
      out.println("Revised Cluster Status:");
      out.print(t.revisedStatus());
    }
    out.flush();
  }
}
