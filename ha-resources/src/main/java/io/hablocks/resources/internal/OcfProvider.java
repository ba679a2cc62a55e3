package io.hablocks.resources.internal;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.AgentMetadata;
import io.hablocks.api.resource.ExecStatus;
import io.hablocks.api.resource.OcfExitCode;
import io.hablocks.api.resource.OperationResult;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.api.resource.ResourceAgentProvider;
import io.hablocks.resources.ResourceException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ocf} class: executables under {@code OCF_ROOT/resource.d/PROVIDER/TYPE}, run with
 * the environment Pacemaker's services library sets.
 */
public final class OcfProvider implements ConfigurableProvider {

  /** The parameter key that carries the resource's name ({@code OCF_RESOURCE_INSTANCE}). */
  public static final String INSTANCE_KEY = "#instance";
  /** Pacemaker's timeout for meta-data. */
  static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

  private final Settings settings;

  /** The provider on the machine's usual paths (for {@link java.util.ServiceLoader}). */
  public OcfProvider() {
    this(Settings.defaults());
  }

  /** @param settings paths and runner settings */
  public OcfProvider(Settings settings) {
    this.settings = settings;
  }

  @Override
  public ResourceAgentProvider with(Settings s) {
    return new OcfProvider(s);
  }

  @Override
  public String standard() {
    return "ocf";
  }

  private Path base() {
    return settings.ocfRoot().resolve("resource.d");
  }

  @Override
  public List<AgentId> list() {
    List<AgentId> out = new ArrayList<>();
    for (Path prov : dir(base())) {
      if (!Files.isDirectory(prov)) {
        continue;
      }
      for (Path agent : dir(prov)) {
        if (Files.isRegularFile(agent) && Files.isExecutable(agent)) {
          out.add(new AgentId("ocf", prov.getFileName().toString(),
              agent.getFileName().toString()));
        }
      }
    }
    out.sort(Comparator.comparing(AgentId::toString));
    return out;
  }

  /**
   * The agents of one provider.
   *
   * @param provider the provider ({@code heartbeat})
   * @return their ids, sorted
   */
  public List<AgentId> list(String provider) {
    return list().stream().filter(a -> a.provider().equals(provider)).toList();
  }

  static List<Path> dir(Path d) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(d)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
      s.forEach(out::add);
    } catch (IOException e) {
      // unreadable: nothing listed
    }
    out.sort(Comparator.comparing(Path::toString));
    return out;
  }

  @Override
  public Optional<ResourceAgent> find(AgentId id) {
    if (!id.standard().equals("ocf") || id.provider().contains("/") || id.type().contains("/")
        || id.provider().startsWith(".") || id.type().startsWith(".")) {
      return Optional.empty();
    }
    Path script = base().resolve(id.provider()).resolve(id.type());
    if (!Files.isRegularFile(script)) {
      return Optional.empty();
    }
    return Optional.of(new OcfAgent(id, script));
  }

  /** One OCF agent. */
  final class OcfAgent implements ResourceAgent {
    private final AgentId id;
    private final Path script;
    private volatile AgentMetadata metadata;

    OcfAgent(AgentId id, Path script) {
      this.id = id;
      this.script = script;
    }

    @Override
    public AgentId id() {
      return id;
    }

    @Override
    public AgentMetadata metadata() {
      AgentMetadata m = metadata;
      if (m == null) {
        AgentProcess.Outcome o = new AgentProcess(settings.clock(), MetadataParser.MAX_BYTES + 1,
            settings.killGrace(), settings.commandPrefix()).run(List.of(script.toString(),
            "meta-data"), environment(id, Map.of(), settings), List.of("OCF_"), METADATA_TIMEOUT);
        OperationResult r = Results.of(o, Results::ocf, true);
        if (!r.isOk()) {
          throw new ResourceException(id + ": meta-data failed: rc " + r.exitCode() + " "
              + r.status() + (r.exitReason().isEmpty() ? "" : ": " + r.exitReason()));
        }
        m = MetadataParser.parse(id.toString(), r.output());
        metadata = m;
      }
      return m;
    }

    @Override
    public OperationResult execute(String action, Map<String, String> parameters,
        Duration timeout) {
      if (!Files.isExecutable(script)) {
        return new OperationResult(OcfExitCode.ERR_INSTALLED.code(), ExecStatus.NOT_INSTALLED,
            script + " is not executable", "");
      }
      return run(action, parameters, timeout);
    }

    private OperationResult run(String action, Map<String, String> parameters,
        Duration timeout) {
      Map<String, String> env = environment(id, parameters, settings);
      AgentProcess.Outcome o = settings.processes().run(List.of(script.toString(), action), env,
          List.of("OCF_"), timeout);
      return Results.of(o, Results::ocf, true);
    }

    @Override
    public String toString() {
      return id.toString();
    }
  }

  /**
   * The environment Pacemaker gives an OCF agent.
   *
   * @param id the agent
   * @param parameters instance attributes and CRM_meta_* values (and {@link #INSTANCE_KEY})
   * @param settings OCF_ROOT and the feature set
   * @return the variables
   */
  static Map<String, String> environment(AgentId id, Map<String, String> parameters,
      Settings settings) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OCF_RA_VERSION_MAJOR", "1");
    env.put("OCF_RA_VERSION_MINOR", "1");
    env.put("OCF_ROOT", settings.ocfRoot().toString());
    env.put("OCF_EXIT_REASON_PREFIX", Results.REASON_PREFIX);
    env.put("OCF_RESOURCE_INSTANCE", parameters.getOrDefault(INSTANCE_KEY, id.type()));
    env.put("OCF_RESOURCE_TYPE", id.type());
    env.put("OCF_RESOURCE_PROVIDER", id.provider());
    if (!parameters.isEmpty() && !parameters.containsKey("crm_feature_set")) {
      env.put("OCF_RESKEY_crm_feature_set", settings.featureSet());
    }
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (e.getKey().startsWith("#")) {
        continue;
      }
      env.put("OCF_RESKEY_" + e.getKey(), e.getValue() == null ? "" : e.getValue());
    }
    return env;
  }
}
