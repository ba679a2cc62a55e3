package io.hablocks.resources.internal;

import io.hablocks.api.resource.AgentId;
import io.hablocks.api.resource.ResourceAgent;
import io.hablocks.api.resource.ResourceAgentProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code service} class: an LSB init script if {@code /etc/init.d/TYPE} exists, else a systemd
 * unit if systemd runs, as Pacemaker resolves it.
 */
public final class ServiceProvider implements ConfigurableProvider {

  private final LsbProvider lsb;
  private final SystemdProvider systemd;

  /** The provider on the machine's usual paths (for {@link java.util.ServiceLoader}). */
  public ServiceProvider() {
    this(Settings.defaults());
  }

  /** @param settings paths and runner settings */
  public ServiceProvider(Settings settings) {
    this.lsb = new LsbProvider(settings);
    this.systemd = new SystemdProvider(settings);
  }

  @Override
  public ResourceAgentProvider with(Settings s) {
    return new ServiceProvider(s);
  }

  @Override
  public String standard() {
    return "service";
  }

  @Override
  public List<AgentId> list() {
    List<AgentId> out = new ArrayList<>();
    lsb.list().forEach(a -> out.add(new AgentId("service", null, a.type())));
    systemd.list().forEach(a -> {
      AgentId s = new AgentId("service", null, a.type());
      if (!out.contains(s)) {
        out.add(s);
      }
    });
    out.sort(Comparator.comparing(AgentId::type));
    return out;
  }

  @Override
  public Optional<ResourceAgent> find(AgentId id) {
    if (!id.standard().equals("service")) {
      return Optional.empty();
    }
    Optional<ResourceAgent> l = lsb.find(new AgentId("lsb", null, id.type()));
    return l.isPresent() ? l : systemd.find(new AgentId("systemd", null, id.type()));
  }
}
