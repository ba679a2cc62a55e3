package io.hablocks.resources.internal;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.api.resource.ResourceAgentProvider;
import io.hablocks.resources.ResourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code stonith} class: fence agents ({@code /usr/sbin/fence_*}). Meta-data comes from the
 * agent ({@code -o metadata}); actions are the fencer's business (ha-stonith registers the device
 * on start and monitors it), and are not wired yet: every action reports a clear error.
 */
public final class StonithProvider implements ConfigurableProvider {

  /** The reason every stonith action gives until ha-stonith is wired in. */
  public static final String NOT_YET =
      "stonith resources are run by the fencer (ha-stonith), which is not wired to the executor yet";

  private final Settings settings;

  /** The provider on the machine's usual paths (for {@link java.util.ServiceLoader}). */
  public StonithProvider() {
    this(Settings.defaults());
  }

  /** @param settings paths and runner settings */
  public StonithProvider(Settings settings) {
    this.settings = settings;
  }

  @Override
  public ResourceAgentProvider with(Settings s) {
    return new StonithProvider(s);
  }

  @Override
  public String standard() {
    return "stonith";
  }

  @Override
  public List<AgentId> list() {
    List<AgentId> out = new ArrayList<>();
    for (Path p : OcfProvider.dir(settings.fenceDir())) {
      String n = p.getFileName().toString();
      if (n.startsWith("fence_") && Files.isExecutable(p) && Files.isRegularFile(p)) {
        out.add(new AgentId("stonith", null, n));
      }
    }
    return out;
  }

  @Override
  public Optional<ResourceAgent> find(AgentId id) {
    if (!id.type().startsWith("fence_") || id.type().contains("/")) {
      return Optional.empty();
    }
    Path agent = settings.fenceDir().resolve(id.type());
    return Files.isExecutable(agent) ? Optional.of(new StonithAgent(id, agent)) : Optional.empty();
  }

  /** One fence agent, seen as a resource. */
  final class StonithAgent implements ResourceAgent {
    private final AgentId id;
    private final Path agent;

    StonithAgent(AgentId id, Path agent) {
      this.id = id;
      this.agent = agent;
    }

    @Override
    public AgentId id() {
      return id;
    }

    @Override
    public AgentMetadata metadata() {
      AgentProcess.Outcome o = settings.processes().run(List.of(agent.toString(), "-o",
          "metadata"), Map.of(), List.of(), Duration.ofSeconds(30));
      if (!o.exited() || o.exitCode() != 0) {
        throw new ResourceException(id + ": -o metadata failed (exit " + o.exitCode() + ")");
      }
      return MetadataParser.parse(id.toString(), o.stdout());
    }

    @Override
    public OperationResult execute(String action, Map<String, String> parameters,
        Duration timeout) {
      return new OperationResult(OcfExitCode.ERR_UNIMPLEMENTED.code(), ExecStatus.NOT_SUPPORTED,
          NOT_YET, "");
    }
  }
}
