package io.hablocks.resources;

import io.hablocks.api.Clock;
import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.api.resource.ResourceAgentProvider;
import io.hablocks.resources.internal.ConfigurableProvider;
import io.hablocks.resources.internal.OcfProvider;
import io.hablocks.resources.internal.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The agent classes of this machine, found through {@link ServiceLoader} (every
 * {@link ResourceAgentProvider}: ocf, lsb, service, systemd, nagios, stonith, java, and any an
 * application adds), looked up by {@link AgentId}. Immutable and thread-safe.
 *
 * <pre>{@code
 * ResourceAgents agents = ResourceAgents.builder().build();
 * ResourceAgent dummy = agents.require(AgentId.parse("ocf:heartbeat:Dummy"));
 * OperationResult r = dummy.execute("monitor", Map.of("state", "/run/d1.state"),
 *     Duration.ofSeconds(20));
 * }</pre>
 */
public final class ResourceAgents {

  /**
   * The parameter that carries the resource's name to the agent ({@code OCF_RESOURCE_INSTANCE});
   * it is never passed as an attribute. The executor sets it.
   */
  public static final String INSTANCE_PARAMETER = OcfProvider.INSTANCE_KEY;

  private final Map<String, ResourceAgentProvider> providers;

  private ResourceAgents(Map<String, ResourceAgentProvider> providers) {
    this.providers = Map.copyOf(providers);
  }

  /** @return the agent classes on the machine's usual paths with the system clock */
  public static ResourceAgents system() {
    return builder().build();
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the standards served, sorted */
  public List<String> standards() {
    return providers.keySet().stream().sorted().toList();
  }

  /**
   * The provider of one standard.
   *
   * @param standard the class
   * @return its provider, if any
   */
  public Optional<ResourceAgentProvider> provider(String standard) {
    return Optional.ofNullable(providers.get(standard));
  }

  /**
   * The agents of one standard (and, for ocf, optionally one provider).
   *
   * @param standard the class, such as {@code ocf}
   * @param ocfProvider the ocf provider, or null for all
   * @return their ids
   * @throws ResourceException if the standard is unknown
   */
  public List<AgentId> list(String standard, String ocfProvider) {
    ResourceAgentProvider p = providers.get(standard);
    if (p == null) {
      throw new ResourceException("unknown agent standard '" + standard + "' (known: "
          + String.join(", ", standards()) + ")");
    }
    return p.list().stream()
        .filter(a -> ocfProvider == null || ocfProvider.equals(a.provider())).toList();
  }

  /**
   * Finds an agent.
   *
   * @param id the agent
   * @return the agent, if its class is known and it is installed
   */
  public Optional<ResourceAgent> find(AgentId id) {
    ResourceAgentProvider p = providers.get(id.standard());
    return p == null ? Optional.empty() : p.find(id);
  }

  /**
   * Finds an agent that must exist.
   *
   * @param id the agent
   * @return the agent
   * @throws ResourceException naming the agent if its class is unknown or it is not installed
   */
  public ResourceAgent require(AgentId id) {
    if (!providers.containsKey(id.standard())) {
      throw new ResourceException("agent " + id + ": unknown standard '" + id.standard()
          + "' (known: " + String.join(", ", standards()) + ")");
    }
    return find(id).orElseThrow(() -> new ResourceException("agent " + id
        + " is not installed"));
  }

  /** Builds a {@link ResourceAgents}; every setting has the machine's usual default. */
  public static final class Builder {
    private Clock clock = Clock.system();
    private Settings base = Settings.defaults();
    private Path ocfRoot = base.ocfRoot();
    private Path initDir = base.initDir();
    private Path nagiosPlugins = base.nagiosPlugins();
    private Path nagiosMetadata = base.nagiosMetadata();
    private Path fenceDir = base.fenceDir();
    private int captureLimit = base.captureLimit();
    private Duration killGrace = base.killGrace();
    private String featureSet = base.featureSet();
    private final List<ResourceAgent> javaAgents = new ArrayList<>();
    private List<String> commandPrefix = List.of();
    private final List<ResourceAgentProvider> extra = new ArrayList<>();

    private Builder() {}

    /** @param c the clock for timeouts @return this */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /** @param p OCF_ROOT (default {@code /usr/lib/ocf}) @return this */
    public Builder ocfRoot(Path p) {
      this.ocfRoot = Objects.requireNonNull(p);
      return this;
    }

    /** @param p the LSB init script directory (default {@code /etc/init.d}) @return this */
    public Builder initDir(Path p) {
      this.initDir = Objects.requireNonNull(p);
      return this;
    }

    /** @param p the Nagios plugin directory @return this */
    public Builder nagiosPlugins(Path p) {
      this.nagiosPlugins = Objects.requireNonNull(p);
      return this;
    }

    /** @param p the Nagios plugin meta-data directory @return this */
    public Builder nagiosMetadata(Path p) {
      this.nagiosMetadata = Objects.requireNonNull(p);
      return this;
    }

    /** @param p the fence agent directory (default {@code /usr/sbin}) @return this */
    public Builder fenceDir(Path p) {
      this.fenceDir = Objects.requireNonNull(p);
      return this;
    }

    /** @param bytes bytes kept of each of an agent's stdout and stderr @return this */
    public Builder captureLimit(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("captureLimit must not be negative: " + bytes);
      }
      this.captureLimit = bytes;
      return this;
    }

    /** @param d the time between SIGTERM and SIGKILL at a timeout @return this */
    public Builder killGrace(Duration d) {
      this.killGrace = Objects.requireNonNull(d);
      return this;
    }

    /** @param v the {@code crm_feature_set} given to OCF agents @return this */
    public Builder featureSet(String v) {
      this.featureSet = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Runs every agent through a prefix, such as {@code ip netns exec NAME} to run agents inside a
     * network namespace. The prefix must exec the agent (not fork it), so that the agent keeps
     * its process group.
     *
     * @param words the prefix
     * @return this
     */
    public Builder commandPrefix(List<String> words) {
      this.commandPrefix = List.copyOf(words);
      return this;
    }

    /** @param agent an in-JVM agent (standard {@code java}) @return this */
    public Builder javaAgent(ResourceAgent agent) {
      javaAgents.add(Objects.requireNonNull(agent));
      return this;
    }

    /** @param provider a provider that replaces the one of its standard @return this */
    public Builder provider(ResourceAgentProvider provider) {
      extra.add(Objects.requireNonNull(provider));
      return this;
    }

    /** @return the registry */
    public ResourceAgents build() {
      Settings s = new Settings(clock, ocfRoot, initDir, nagiosPlugins, nagiosMetadata,
          fenceDir, captureLimit, killGrace, featureSet, javaAgents, commandPrefix);
      Map<String, ResourceAgentProvider> m = new LinkedHashMap<>();
      for (ResourceAgentProvider p : ServiceLoader.load(ResourceAgentProvider.class,
          ResourceAgents.class.getClassLoader())) {
        m.put(p.standard(), p instanceof ConfigurableProvider c ? c.with(s) : p);
      }
      for (ResourceAgentProvider p : extra) {
        m.put(p.standard(), p);
      }
      return new ResourceAgents(m);
    }
  }
}
