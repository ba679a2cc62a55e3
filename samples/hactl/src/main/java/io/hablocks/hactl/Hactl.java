package io.hablocks.hactl;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hactl} entry point. Subcommands are listed in {@code subcommands} below, one line
 * each; every subcommand has {@code --help}, exits 0 on success, and on failure prints one line
 * {@code hactl: <reason>} to standard error and exits non-zero (1 for a failed operation, 2 for
 * bad usage).
 */
@Command(
    name = "hactl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Control and inspect ha-blocks: the Linux HA stack as Java building blocks.",
    subcommands = {
        CommandLine.HelpCommand.class,
        DemoCommand.class,
        io.hablocks.hactl.ipvs.IpvsCommand.class,
        io.hablocks.hactl.ipvs.LvsCommand.class,
        io.hablocks.hactl.agent.AgentCommand.class,
        io.hablocks.hactl.cib.CibCommand.class,
        io.hablocks.hactl.quorum.QuorumCommand.class,
        io.hablocks.hactl.stonith.StonithCommand.class,
        io.hablocks.hactl.vrrp.VrrpCommand.class,
        io.hablocks.hactl.proxy.ProxyCommand.class,
        io.hablocks.hactl.simulate.SimulateCommand.class,
    })
public final class Hactl implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Builds the command line with hactl's error handling.
   *
   * @param out standard output
   * @param err standard error
   * @return the command line
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Hactl());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      cl.getErr().println("hactl: " + oneLine(ex));
      cl.getErr().flush();
      return ex instanceof HactlException he ? he.exitCode() : 1;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      cl.getErr().println("hactl: " + oneLine(ex));
      cl.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more.");
      cl.getErr().flush();
      return 2;
    });
    return cl;
  }

  static String oneLine(Throwable ex) {
    String m = ex.getMessage();
    if (m == null || m.isBlank()) {
      m = ex.getClass().getSimpleName();
    }
    return m.replace('\n', ' ').strip();
  }

  /**
   * Runs hactl and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
