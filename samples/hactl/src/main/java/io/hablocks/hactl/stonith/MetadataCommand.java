package io.hablocks.hactl.stonith;

import io.hablocks.api.Clock;
import io.hablocks.hactl.HactlException;
import io.hablocks.stonith.FenceAgent;
import io.hablocks.stonith.FenceAgentMetadata;
import io.hablocks.stonith.StonithException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hactl stonith metadata AGENT}: as {@code stonith_admin --metadata -a AGENT}. */
@Command(name = "metadata", mixinStandardHelpOptions = true,
    description = "Print a fence agent's meta-data (checked by ha-stonith's parser).")
final class MetadataCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "AGENT", description = "The agent, e.g. fence_dummy.")
  String agent;

  @Option(names = "--agent-dir", description = "Where fence agents are (default: ${DEFAULT-VALUE}).",
      defaultValue = "/usr/sbin")
  Path agentDir;

  @Option(names = "--summary", description = "Print parameters and actions instead of the XML.")
  boolean summary;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      FenceAgent a = FenceAgent.named(agentDir, agent, Clock.system());
      byte[] xml = a.metadataXml(Duration.ofSeconds(30));
      FenceAgentMetadata md = FenceAgentMetadata.parse(xml, a.path().toString());
      if (!summary) {
        out.print(new String(xml, StandardCharsets.UTF_8));
      } else {
        out.println(md.name() + ": " + md.shortdesc());
        out.println("actions: " + String.join(" ",
            md.actions().stream().map(FenceAgentMetadata.Action::name).toList()));
        for (var p : md.parameters()) {
          out.printf("  %-24s %-8s %s%s%n", p.name(), p.type(), p.required() ? "required " : "",
              p.defaultValue().isEmpty() ? "" : "(default " + p.defaultValue() + ")");
        }
      }
      out.flush();
    } catch (StonithException e) {
      throw new HactlException(e.getMessage());
    }
  }
}
