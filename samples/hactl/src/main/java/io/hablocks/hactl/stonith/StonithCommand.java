package io.hablocks.hactl.stonith;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hactl stonith}: the fencer's commands, like {@code stonith_admin}. */
@Command(name = "stonith", mixinStandardHelpOptions = true,
    header = "Fence agents and fencing, like stonith_admin.",
    description = "Fence agents and fencing, like stonith_admin.",
    subcommands = {ListInstalledCommand.class, MetadataCommand.class, FenceCommand.class,
        HistoryCommand.class})
public final class StonithCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
