package io.hablocks.hactl.ipvs;

import io.hablocks.hactl.HactlException;
import io.hablocks.ipvs.IpvsException;
import io.hablocks.ipvs.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hactl ipvs}: the kernel's IPVS schedulers. */
@Command(name = "ipvs", mixinStandardHelpOptions = true,
    description = "The Linux kernel's IPVS schedulers (ha-ipvs).",
    subcommands = {IpvsCommand.Replay.class})
public final class IpvsCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code hactl ipvs replay FILE}: the kernel's choice per connection of a scenario. */
  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = {"Replay a scheduling scenario and print, per connection, the destination "
          + "the 6.1 kernel would choose (ADDR:PORT), or '-' for a drop.",
          "FILE: 'service VIP:PORT SCHED [FLAGS]', then 'dest ADDR:PORT W [u=U] [l=L]', "
          + "'conn SRC:PORT hold|close', 'weight ADDR:PORT W', 'remove ADDR:PORT'."})
  static final class Replay implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the scenario file")
    Path file;

    @Override
    public void run() {
      List<String> lines;
      try {
        lines = Scenario.read(file).replay();
      } catch (IpvsException e) {
        throw new HactlException(e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      for (String l : lines) {
        out.println(l);
      }
      out.flush();
    }
  }
}
