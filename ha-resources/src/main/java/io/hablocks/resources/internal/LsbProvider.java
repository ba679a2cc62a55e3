package io.hablocks.resources.internal;

import io.hablocks.api.resource.AgentAction;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.api.resource.ResourceAgentProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code lsb} class: init scripts in {@code /etc/init.d}, run with the action as the only
 * argument and no extra environment; {@code monitor} runs {@code status}; exit codes mapped as
 * Pacemaker maps them (status: 0 running, 1/2/3 not running, 4 and others a generic error;
 * other actions: 0-7 as in OCF, others a generic error).
 */
public final class LsbProvider implements ConfigurableProvider {

  /** LSB status "program is not installed" extension Pacemaker understands. */
  static final int STATUS_NOT_INSTALLED = 150;
  /** LSB status "insufficient privileges" extension Pacemaker understands. */
  static final int STATUS_INSUFFICIENT_PRIV = 151;

  private final Settings settings;

  /** The provider on the machine's usual paths (for {@link java.util.ServiceLoader}). */
  public LsbProvider() {
    this(Settings.defaults());
  }

  /** @param settings paths and runner settings */
  public LsbProvider(Settings settings) {
    this.settings = settings;
  }

  @Override
  public ResourceAgentProvider with(Settings s) {
    return new LsbProvider(s);
  }

  @Override
  public String standard() {
    return "lsb";
  }

  @Override
  public List<AgentId> list() {
    List<AgentId> out = new ArrayList<>();
    for (Path p : OcfProvider.dir(settings.initDir())) {
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        out.add(new AgentId("lsb", null, p.getFileName().toString()));
      }
    }
    return out;
  }

  @Override
  public Optional<ResourceAgent> find(AgentId id) {
    if (!id.standard().equals("lsb") && !id.standard().equals("service")) {
      return Optional.empty();
    }
    if (id.type().contains("/") || id.type().startsWith(".")) {
      return Optional.empty();
    }
    Path script = settings.initDir().resolve(id.type());
    if (!Files.isRegularFile(script)) {
      return Optional.empty();
    }
    return Optional.of(new LsbAgent(id, script));
  }

  /**
   * Pacemaker's mapping of an LSB exit status to OCF.
   *
   * @param action the action that ran ({@code status} or {@code monitor} use the status codes)
   * @param status the exit status
   * @return the OCF code
   */
  public static int toOcf(String action, int status) {
    if (!action.equals("status") && !action.equals("monitor")) {
      return status < 0 || status > 7 ? OcfExitCode.ERR_GENERIC.code() : status;
    }
    return switch (status) {
      case 0 -> OcfExitCode.OK.code();
      case 1, 2, 3 -> OcfExitCode.NOT_RUNNING.code();
      case STATUS_NOT_INSTALLED -> OcfExitCode.ERR_INSTALLED.code();
      case STATUS_INSUFFICIENT_PRIV -> OcfExitCode.ERR_PERM.code();
      default -> OcfExitCode.ERR_GENERIC.code();
    };
  }

  /** One init script. */
  final class LsbAgent implements ResourceAgent {
    private final AgentId id;
    private final Path script;

    LsbAgent(AgentId id, Path script) {
      this.id = id;
      this.script = script;
    }

    @Override
    public AgentId id() {
      return id;
    }

    @Override
    public AgentMetadata metadata() {
      return metadataOf(id.type(), script);
    }

    @Override
    public OperationResult execute(String action, Map<String, String> parameters,
        Duration timeout) {
      if (!Files.isExecutable(script)) {
        return new OperationResult(OcfExitCode.ERR_INSTALLED.code(), ExecStatus.NOT_INSTALLED,
            script + " is not executable", "");
      }
      String run = action.equals("monitor") ? "status" : action;
      AgentProcess.Outcome o = settings.processes().run(List.of(script.toString(), run),
          Map.of(), List.of("OCF_"), timeout);
      return Results.of(o, s -> toOcf(run, s), false);
    }

    @Override
    public String toString() {
      return id.toString();
    }
  }

  /**
   * Meta-data made from the script's {@code ### BEGIN INIT INFO} block, with the actions and
   * timeouts Pacemaker advertises for every LSB script.
   *
   * @param name the script name
   * @param script the script
   * @return the meta-data
   */
  static AgentMetadata metadataOf(String name, Path script) {
    String shortDesc = "";
    StringBuilder longDesc = new StringBuilder();
    try {
      List<String> lines = Files.readAllLines(script, StandardCharsets.ISO_8859_1);
      boolean in = false;
      boolean inDesc = false;
      for (String l : lines) {
        if (l.startsWith("### BEGIN INIT INFO")) {
          in = true;
          continue;
        }
        if (l.startsWith("### END INIT INFO")) {
          break;
        }
        if (!in) {
          continue;
        }
        if (l.startsWith("# Short-Description:")) {
          shortDesc = l.substring("# Short-Description:".length()).strip();
          inDesc = false;
        } else if (l.startsWith("# Description:")) {
          longDesc.append(l.substring("# Description:".length()).strip());
          inDesc = true;
        } else if (inDesc && (l.startsWith("#  ") || l.startsWith("#\t"))) {
          longDesc.append(' ').append(l.substring(1).strip());
        } else {
          inDesc = false;
        }
      }
    } catch (IOException e) {
      // unreadable script: meta-data without descriptions
    }
    Duration t = Duration.ofSeconds(15);
    List<AgentAction> actions = List.of(
        new AgentAction("meta-data", Duration.ofSeconds(5), Duration.ZERO, null, 0),
        new AgentAction("start", t, Duration.ZERO, null, 0),
        new AgentAction("stop", t, Duration.ZERO, null, 0),
        new AgentAction("status", t, Duration.ZERO, null, 0),
        new AgentAction("restart", t, Duration.ZERO, null, 0),
        new AgentAction("force-reload", t, Duration.ZERO, null, 0),
        new AgentAction("monitor", t, t, null, 0));
    return new AgentMetadata(name, "1.0", shortDesc, longDesc.toString(), List.of(), actions);
  }
}
