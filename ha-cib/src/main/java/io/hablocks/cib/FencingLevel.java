package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A {@code <fencing-level>} of the fencing topology: devices tried together at one index.
 *
 * @param id the {@code id} attribute
 * @param index the {@code index} attribute (1 to 9)
 * @param devices the {@code devices} attribute split at commas
 * @param target the {@code target} attribute (a node name)
 * @param targetPattern the {@code target-pattern} attribute
 * @param targetAttribute the {@code target-attribute} attribute
 * @param targetValue the {@code target-value} attribute
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record FencingLevel(
    String id,
    int index,
    List<String> devices,
    Optional<String> target,
    Optional<String> targetPattern,
    Optional<String> targetAttribute,
    Optional<String> targetValue,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public FencingLevel {
      java.util.Objects.requireNonNull(id, "id");
      devices = List.copyOf(devices);
      java.util.Objects.requireNonNull(target, "target");
      java.util.Objects.requireNonNull(targetPattern, "targetPattern");
      java.util.Objects.requireNonNull(targetAttribute, "targetAttribute");
      java.util.Objects.requireNonNull(targetValue, "targetValue");
      java.util.Objects.requireNonNull(element, "element");
  }
}
