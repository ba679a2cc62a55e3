package io.hablocks.resources.internal;

import io.hablocks.api.resource.AgentAction;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.api.resource.ResourceAgentProvider;
import io.hablocks.resources.ResourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code nagios} class: monitoring plugins run as Pacemaker runs them. Parameters become
 * {@code --name value} arguments (without {@code CRM_meta_*} and {@code crm_feature_set}); a
 * probe (monitor with interval 0) runs the plugin with {@code --version} and, if that succeeds,
 * reports not running (as Pacemaker's executor does); stop succeeds without
 * running anything; exit 0 is OK, 1 (warning) degraded, 2 (critical), 3 (unknown) and others a
 * generic error. Listed are the plugins with meta-data, as Pacemaker lists them.
 */
public final class NagiosProvider implements ConfigurableProvider {

  private final Settings settings;

  /** The provider on the machine's usual paths (for {@link java.util.ServiceLoader}). */
  public NagiosProvider() {
    this(Settings.defaults());
  }

  /** @param settings paths and runner settings */
  public NagiosProvider(Settings settings) {
    this.settings = settings;
  }

  @Override
  public ResourceAgentProvider with(Settings s) {
    return new NagiosProvider(s);
  }

  @Override
  public String standard() {
    return "nagios";
  }

  @Override
  public List<AgentId> list() {
    List<AgentId> out = new ArrayList<>();
    for (Path p : OcfProvider.dir(settings.nagiosPlugins())) {
      String n = p.getFileName().toString();
      if (Files.isExecutable(p) && Files.exists(settings.nagiosMetadata().resolve(n + ".xml"))) {
        out.add(new AgentId("nagios", null, n));
      }
    }
    return out;
  }

  @Override
  public Optional<ResourceAgent> find(AgentId id) {
    if (!id.standard().equals("nagios") || id.type().contains("/")
        || id.type().startsWith(".")) {
      return Optional.empty();
    }
    Path plugin = settings.nagiosPlugins().resolve(id.type());
    return Files.exists(plugin) ? Optional.of(new NagiosAgent(id, plugin)) : Optional.empty();
  }

  /**
   * Pacemaker's mapping of a plugin's exit status.
   *
   * @param status the exit status
   * @return the OCF code
   */
  public static int toOcf(int status) {
    return switch (status) {
      case 0 -> OcfExitCode.OK.code();
      case 1 -> OcfExitCode.DEGRADED.code();
      case 100 -> OcfExitCode.ERR_PERM.code(); // Pacemaker's NAGIOS_INSUFFICIENT_PRIV
      default -> OcfExitCode.ERR_GENERIC.code();
    };
  }

  /**
   * The plugin's command line for an action, as Pacemaker builds it.
   *
   * @param plugin the plugin
   * @param action the action
   * @param parameters the parameters
   * @return the command
   */
  static List<String> command(Path plugin, String action, Map<String, String> parameters) {
    List<String> cmd = new ArrayList<>();
    cmd.add(plugin.toString());
    String interval = parameters.getOrDefault("CRM_meta_interval", "0");
    if (action.equals("monitor") && (interval.isEmpty() || interval.equals("0"))) {
      cmd.add("--version");
      return cmd;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(parameters).entrySet()) {
      String k = e.getKey();
      if (k.equalsIgnoreCase("crm_feature_set") || k.contains("CRM_meta_") || k.startsWith("#")) {
        continue;
      }
      cmd.add("--" + k);
      cmd.add(e.getValue() == null ? "" : e.getValue());
    }
    return cmd;
  }

  /** One plugin. */
  final class NagiosAgent implements ResourceAgent {
    private final AgentId id;
    private final Path plugin;

    NagiosAgent(AgentId id, Path plugin) {
      this.id = id;
      this.plugin = plugin;
    }

    @Override
    public AgentId id() {
      return id;
    }

    @Override
    public AgentMetadata metadata() {
      Path md = settings.nagiosMetadata().resolve(id.type() + ".xml");
      if (Files.exists(md)) {
        try {
          return MetadataParser.parse(md.toString(), Files.readString(md, StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new ResourceException(md + ": unreadable: " + e.getMessage(), e);
        }
      }
      Duration t = Duration.ofSeconds(20);
      return new AgentMetadata(id.type(), "", "Nagios plugin " + id.type(), "", List.of(),
          List.of(new AgentAction("start", t, Duration.ZERO, null, 0),
              new AgentAction("stop", t, Duration.ZERO, null, 0),
              new AgentAction("monitor", t, Duration.ofSeconds(10), null, 0)));
    }

    @Override
    public OperationResult execute(String action, Map<String, String> parameters,
        Duration timeout) {
      if (action.equals("stop")) {
        return OperationResult.done(OcfExitCode.OK);
      }
      if (!Files.isExecutable(plugin)) {
        return new OperationResult(OcfExitCode.ERR_GENERIC.code(), ExecStatus.NOT_INSTALLED,
            plugin + " is not executable", "");
      }
      List<String> cmd = command(plugin, action, parameters);
      AgentProcess.Outcome o = settings.processes().run(cmd, Map.of(), List.of("OCF_"), timeout);
      OperationResult r = Results.of(o, NagiosProvider::toOcf, false);
      if (cmd.contains("--version") && r.isOk()) {
        // as Pacemaker's executor: a probe that could run the plugin finds it "not running"
        return new OperationResult(OcfExitCode.NOT_RUNNING.code(), ExecStatus.DONE, "",
            r.output());
      }
      return r;
    }

    @Override
    public String toString() {
      return id.toString();
    }
  }
}
