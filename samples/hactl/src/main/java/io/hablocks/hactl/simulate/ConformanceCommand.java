package io.hablocks.hactl.simulate;

import io.hablocks.crm.conformance.Conformance;
import io.hablocks.hactl.HactlException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hactl simulate conformance --suite DIR [--floor FILE]}: runs every case of Pacemaker's
 * scheduler suite in this JVM, prints a table per tier and {@code N passed, M failed}, and exits
 * 1 when the pass count is below the floor.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
    description = "Compare the scheduler's Transition Summary with every case of Pacemaker's suite.")
public final class ConformanceCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--suite", required = true, paramLabel = "DIR",
      description = "cts/scheduler of Pacemaker 2.1.5 (xml/ and summary/)")
  Path suite;

  @Option(names = "--floor", paramLabel = "FILE", description = "file holding the minimum pass count")
  Path floor;

  @Option(names = {"-v", "--verbose"}, description = "list every failing case with its differences")
  boolean verbose;

  @Override
  public Integer call() {
    if (!Files.isDirectory(suite.resolve("xml"))) {
      throw new HactlException(suite + ": no xml/ directory (fetch it with scripts/fetch-pacemaker-suite.sh)", 2);
    }
    PrintWriter out = spec.commandLine().getOut();
    Conformance.Report r = Conformance.run(suite, Instant.now());
    if (verbose) {
      for (Conformance.CaseResult c : r.cases()) {
        if (!c.passed()) {
          out.println("FAIL tier" + c.tier() + " " + c.name() + " missing=" + c.missing()
              + " extra=" + c.extra() + (c.error().isEmpty() ? "" : " error=" + c.error()));
        }
      }
    }
    out.print(r.table());
    out.flush();
    if (floor != null) {
      long min;
      try {
        min = Long.parseLong(Files.readString(floor, StandardCharsets.UTF_8).strip());
      } catch (IOException | NumberFormatException e) {
        throw new HactlException(floor + ": cannot read the floor: " + e.getMessage(), 2);
      }
      if (r.passed() < min) {
        spec.commandLine().getErr().println("hactl: " + r.passed() + " passed is below the floor of "
            + min + " (" + floor + ")");
        return 1;
      }
      out.println("floor " + min + " held");
    }
    return 0;
  }
}
