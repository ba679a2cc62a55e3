package io.hablocks.resources.internal;

import io.hablocks.api.resource.AgentAction;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.api.resource.ResourceAgentProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code systemd} class through {@code systemctl}: start and stop wait for their job to
 * finish ({@code systemctl start UNIT} without {@code --no-block}); monitor reads the unit's
 * ActiveState (active or reloading: running; activating or deactivating: pending; anything else:
 * not running). A type without a unit suffix gets {@code .service}. Needs a running systemd
 * ({@code /run/systemd/system}); without it every action reports not installed.
 */
public final class SystemdProvider implements ConfigurableProvider {

  private static final List<String> SUFFIXES = List.of(".service", ".socket", ".mount",
      ".timer", ".path", ".target", ".slice", ".scope");

  private final Settings settings;

  /** The provider on the machine's usual paths (for {@link java.util.ServiceLoader}). */
  public SystemdProvider() {
    this(Settings.defaults());
  }

  /** @param settings runner settings */
  public SystemdProvider(Settings settings) {
    this.settings = settings;
  }

  @Override
  public ResourceAgentProvider with(Settings s) {
    return new SystemdProvider(s);
  }

  @Override
  public String standard() {
    return "systemd";
  }

  /** @return whether systemd runs this machine */
  public static boolean running() {
    return Files.isDirectory(Path.of("/run/systemd/system"));
  }

  /**
   * The unit name for a type.
   *
   * @param type the type ({@code sshd} or {@code sshd.service})
   * @return the unit
   */
  public static String unit(String type) {
    for (String s : SUFFIXES) {
      if (type.endsWith(s)) {
        return type;
      }
    }
    return type + ".service";
  }

  @Override
  public List<AgentId> list() {
    if (!running()) {
      return List.of();
    }
    AgentProcess.Outcome o = settings.processes().run(List.of("systemctl", "list-unit-files",
        "--type=service", "--no-legend", "--no-pager"), Map.of(), List.of(),
        Duration.ofSeconds(30));
    List<AgentId> out = new ArrayList<>();
    if (o.exited() && o.exitCode() == 0) {
      for (String line : o.stdout().split("\n")) {
        String[] f = line.strip().split("\\s+");
        if (f.length > 0 && f[0].endsWith(".service") && !f[0].contains("@")) {
          out.add(new AgentId("systemd", null, f[0].substring(0, f[0].length() - 8)));
        }
      }
    }
    return out;
  }

  @Override
  public Optional<ResourceAgent> find(AgentId id) {
    if (!running() || id.type().contains("/")) {
      return Optional.empty();
    }
    return Optional.of(new SystemdAgent(id));
  }

  /** One unit. */
  final class SystemdAgent implements ResourceAgent {
    private final AgentId id;

    SystemdAgent(AgentId id) {
      this.id = id;
    }

    @Override
    public AgentId id() {
      return id;
    }

    @Override
    public AgentMetadata metadata() {
      Duration t = Duration.ofSeconds(100);
      return new AgentMetadata(id.type(), "1.0", "systemd unit file for " + id.type(), "",
          List.of(), List.of(new AgentAction("start", t, Duration.ZERO, null, 0),
              new AgentAction("stop", t, Duration.ZERO, null, 0),
              new AgentAction("status", t, Duration.ZERO, null, 0),
              new AgentAction("monitor", t, Duration.ofSeconds(60), null, 0),
              new AgentAction("meta-data", t, Duration.ZERO, null, 0)));
    }

    @Override
    public OperationResult execute(String action, Map<String, String> parameters,
        Duration timeout) {
      if (!running()) {
        return new OperationResult(OcfExitCode.ERR_INSTALLED.code(), ExecStatus.NOT_INSTALLED,
            "systemd is not running on this machine", "");
      }
      String unit = unit(id.type());
      switch (action) {
        case "monitor", "status" -> {
          AgentProcess.Outcome o = settings.processes().run(List.of("systemctl", "show",
              "--property=ActiveState", "--value", unit), Map.of(), List.of(), timeout);
          if (!o.exited()) {
            return Results.of(o, s -> s, false);
          }
          String state = o.stdout().strip();
          return switch (state) {
            case "active", "reloading" -> OperationResult.done(OcfExitCode.OK);
            case "activating", "deactivating" -> new OperationResult(Results.OCF_PENDING,
                ExecStatus.PENDING, unit + " is " + state, "");
            default -> new OperationResult(OcfExitCode.NOT_RUNNING.code(), ExecStatus.DONE,
                "", state);
          };
        }
        case "start", "stop", "restart", "reload" -> {
          AgentProcess.Outcome o = settings.processes().run(List.of("systemctl", action, unit),
              Map.of(), List.of(), timeout);
          return Results.of(o, s -> s == 0 ? 0 : OcfExitCode.ERR_GENERIC.code(), false);
        }
        default -> {
          return new OperationResult(OcfExitCode.ERR_UNIMPLEMENTED.code(),
              ExecStatus.NOT_SUPPORTED, "systemd units have no action " + action, "");
        }
      }
    }
  }
}
