package io.hablocks.api.resource;

import java.util.Objects;

/**
 * One {@code <parameter>} of an agent's meta-data. Immutable.
 *
 * @param name the parameter name (becomes {@code OCF_RESKEY_<name>})
 * @param type the content type ({@code string}, {@code integer}, {@code boolean}, ...)
 * @param defaultValue the default, or null
 * @param required whether it must be given
 * @param unique whether two resources must not share the value
 * @param reloadable whether a change can be applied by reload-agent
 * @param shortDescription the shortdesc text, or ""
 */
public record AgentParameter(String name, String type, String defaultValue, boolean required,
    boolean unique, boolean reloadable, String shortDescription) {

  /** Checks for nulls. */
  public AgentParameter {
    Objects.requireNonNull(name, "name");
    type = type == null ? "string" : type;
    shortDescription = shortDescription == null ? "" : shortDescription;
  }
}
