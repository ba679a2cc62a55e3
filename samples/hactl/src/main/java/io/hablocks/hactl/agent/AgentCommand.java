package io.hablocks.hactl.agent;

import io.hablocks.api.resource.AgentAction;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.AgentParameter;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.hactl.HactlException;
import io.hablocks.resources.ResourceAgents;
import io.hablocks.resources.ResourceException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hactl agent}: resource agents of this machine. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "List resource agents, show their meta-data, run one action.",
    subcommands = {AgentCommand.ListAgents.class, AgentCommand.Metadata.class,
        AgentCommand.Run.class})
public final class AgentCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static AgentId parseId(String text) {
    try {
      return AgentId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new HactlException(e.getMessage(), 2);
    }
  }

  /** {@code hactl agent list [CLASS[:PROVIDER]]}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the agents of every class, of one class, or of one OCF provider.")
  static final class ListAgents implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "CLASS[:PROVIDER]",
        description = "ocf, ocf:heartbeat, lsb, service, systemd, nagios, stonith, java")
    String filter;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      ResourceAgents agents = ResourceAgents.system();
      try {
        if (filter == null) {
          for (String s : agents.standards()) {
            agents.list(s, null).forEach(a -> out.println(a));
          }
        } else {
          int colon = filter.indexOf(':');
          String std = colon < 0 ? filter : filter.substring(0, colon);
          String prov = colon < 0 ? null : filter.substring(colon + 1);
          agents.list(std, prov).forEach(a -> out.println(a));
        }
      } catch (ResourceException e) {
        throw new HactlException(e.getMessage(), 2);
      }
      out.flush();
    }
  }

  /** {@code hactl agent metadata CLASS:PROVIDER:TYPE}. */
  @Command(name = "metadata", mixinStandardHelpOptions = true,
      description = "Show an agent's parameters and actions.")
  static final class Metadata implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "AGENT", description = "such as ocf:heartbeat:Dummy")
    String agent;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      AgentMetadata m;
      try {
        m = ResourceAgents.system().require(parseId(agent)).metadata();
      } catch (ResourceException e) {
        throw new HactlException(e.getMessage(), 1);
      }
      out.println(agent + " (" + m.name() + (m.version().isEmpty() ? "" : " " + m.version())
          + ")" + (m.shortDescription().isEmpty() ? "" : ": " + m.shortDescription()));
      out.println();
      out.println("Parameters:");
      for (AgentParameter p : m.parameters()) {
        StringBuilder flags = new StringBuilder();
        if (p.required()) {
          flags.append(" required");
        }
        if (p.unique()) {
          flags.append(" unique");
        }
        if (p.reloadable()) {
          flags.append(" reloadable");
        }
        out.printf("  %-24s %-8s default=%s%s%n    %s%n", p.name(), p.type(),
            p.defaultValue() == null ? "(none)" : p.defaultValue(), flags,
            p.shortDescription());
      }
      out.println();
      out.println("Actions:");
      for (AgentAction a : m.actions()) {
        out.printf("  %-14s timeout=%-6s interval=%-6s%s%s%n", a.name(), fmt(a.timeout()),
            fmt(a.interval()), a.role() == null ? "" : " role=" + a.role(),
            a.depth() == 0 ? "" : " depth=" + a.depth());
      }
      out.flush();
    }
  }

  static String fmt(Duration d) {
    if (d == null) {
      return "-";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  /** Parses {@code 20}, {@code 20s}, {@code 500ms}, {@code 2m}, {@code 1h}. */
  static Duration parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new HactlException("'" + text + "' is not a time (such as 20s)", 2);
    }
    long n = Long.parseLong(t.substring(0, i));
    return switch (t.substring(i)) {
      case "", "s" -> Duration.ofSeconds(n);
      case "ms" -> Duration.ofMillis(n);
      case "m", "min" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> throw new HactlException("'" + text + "' has an unknown unit (ms, s, m, h)", 2);
    };
  }

  /** {@code hactl agent run AGENT ACTION [--option k=v ...] [--timeout D]}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Run one action of an agent here, outside any cluster; print the rc and its "
          + "meaning, exit with the rc.")
  static final class Run implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "AGENT", description = "such as ocf:heartbeat:Dummy")
    String agent;

    @Parameters(index = "1", paramLabel = "ACTION", description = "start, stop, monitor, ...")
    String action;

    @Option(names = {"-o", "--option"}, paramLabel = "NAME=VALUE",
        description = "an instance attribute (repeatable)")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--timeout", paramLabel = "D", defaultValue = "20s",
        description = "how long the action may take (default ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--interval", paramLabel = "D", defaultValue = "0",
        description = "the operation's interval (CRM_meta_interval): a monitor with 0 is a probe "
            + "(default ${DEFAULT-VALUE})")
    String interval;

    @Option(names = {"-r", "--resource"}, paramLabel = "ID", defaultValue = "test",
        description = "the resource name given to the agent (default ${DEFAULT-VALUE})")
    String resource;

    @Option(names = {"-v", "--verbose"}, description = "also print the agent's output")
    boolean verbose;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Duration t = parseDuration(timeout);
      ResourceAgent a;
      try {
        a = ResourceAgents.system().require(parseId(agent));
      } catch (ResourceException e) {
        throw new HactlException(e.getMessage(), OcfExitCode.ERR_INSTALLED.code());
      }
      Map<String, String> p = new LinkedHashMap<>(options);
      p.put("CRM_meta_timeout", Long.toString(t.toMillis()));
      Duration iv = parseDuration(interval);
      if (!iv.isZero()) {
        p.put("CRM_meta_interval", Long.toString(iv.toMillis()));
        p.put("CRM_meta_name", action);
      }
      p.put(ResourceAgents.INSTANCE_PARAMETER, resource);
      OperationResult r = a.execute(action, p, t);
      String meaning = meaning(r.exitCode());
      out.println("Operation " + action + " (" + agent + ") returned " + r.exitCode() + " ("
          + meaning + (r.exitReason().isEmpty() ? "" : ": " + r.exitReason()) + ")"
          + (r.status() == ExecStatus.DONE ? "" : " [" + r.status().name().toLowerCase(Locale.ROOT)
          + "]"));
      if (verbose && !r.output().isEmpty()) {
        out.print(r.output());
        if (!r.output().endsWith("\n")) {
          out.println();
        }
      }
      out.flush();
      return r.exitCode();
    }
  }

  static String meaning(int rc) {
    for (OcfExitCode c : OcfExitCode.values()) {
      if (c.code() == rc) {
        return c.description();
      }
    }
    return "unknown";
  }
}
