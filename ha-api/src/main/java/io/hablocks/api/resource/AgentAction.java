package io.hablocks.api.resource;

import java.time.Duration;
import java.util.Objects;

/**
 * One {@code <action>} an agent advertises in its meta-data. Immutable.
 *
 * @param name the action ({@code start}, {@code monitor}, ...)
 * @param timeout the advertised timeout, or null
 * @param interval the advertised interval (monitor), or {@link Duration#ZERO}
 * @param role the role the action applies to ({@code Promoted}, ...), or null
 * @param depth the OCF_CHECK_LEVEL, or 0
 */
public record AgentAction(String name, Duration timeout, Duration interval, String role,
    int depth) {

  /** Checks for nulls. */
  public AgentAction {
    Objects.requireNonNull(name, "name");
    interval = interval == null ? Duration.ZERO : interval;
  }
}
