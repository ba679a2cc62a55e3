package io.hablocks.api.resource;

import java.util.List;
import java.util.Optional;

/**
 * A resource agent class ({@code ocf}, {@code lsb}, {@code systemd}, {@code java}, ...), found
 * through {@link java.util.ServiceLoader}. Thread-safe.
 */
public interface ResourceAgentProvider {

  /** @return the standard this provider serves, such as {@code ocf} */
  String standard();

  /**
   * The agents of this class installed here.
   *
   * @return their ids, sorted
   */
  List<AgentId> list();

  /**
   * Finds one agent.
   *
   * @param id the agent's id; its standard is this provider's
   * @return the agent, or empty if it is not installed
   */
  Optional<ResourceAgent> find(AgentId id);
}
