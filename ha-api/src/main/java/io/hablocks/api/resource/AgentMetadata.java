package io.hablocks.api.resource;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent's meta-data as a typed model. Immutable.
 *
 * @param name the agent name the meta-data gives
 * @param version the agent's version, or ""
 * @param shortDescription the shortdesc text, or ""
 * @param longDescription the longdesc text, or ""
 * @param parameters the parameters, in document order
 * @param actions the advertised actions, in document order
 */
public record AgentMetadata(String name, String version, String shortDescription,
    String longDescription, List<AgentParameter> parameters, List<AgentAction> actions) {

  /** Copies the lists. */
  public AgentMetadata {
    Objects.requireNonNull(name, "name");
    version = version == null ? "" : version;
    shortDescription = shortDescription == null ? "" : shortDescription;
    longDescription = longDescription == null ? "" : longDescription;
    parameters = List.copyOf(parameters);
    actions = List.copyOf(actions);
  }

  /**
   * The parameter with this name.
   *
   * @param parameterName the name
   * @return the parameter, if advertised
   */
  public Optional<AgentParameter> parameter(String parameterName) {
    return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
  }

  /**
   * The first advertised action with this name (and, for monitor, any interval).
   *
   * @param actionName the action
   * @return the action, if advertised
   */
  public Optional<AgentAction> action(String actionName) {
    return actions.stream().filter(a -> a.name().equals(actionName)).findFirst();
  }
}
