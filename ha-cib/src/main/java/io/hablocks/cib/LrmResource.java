package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * An {@code <lrm_resource>}: a resource's agent and operation history on one node.
 *
 * @param id the {@code id} attribute
 * @param type the {@code type} attribute
 * @param resourceClass the {@code class} attribute
 * @param provider the {@code provider} attribute
 * @param container the {@code container} attribute
 * @param shutdownLock the {@code shutdown-lock} attribute
 * @param operations the {@code lrm_rsc_op} children, in document order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record LrmResource(
    String id,
    Optional<String> type,
    Optional<String> resourceClass,
    Optional<String> provider,
    Optional<String> container,
    Optional<String> shutdownLock,
    List<LrmRscOp> operations,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public LrmResource {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(type, "type");
      java.util.Objects.requireNonNull(resourceClass, "resourceClass");
      java.util.Objects.requireNonNull(provider, "provider");
      java.util.Objects.requireNonNull(container, "container");
      java.util.Objects.requireNonNull(shutdownLock, "shutdownLock");
      operations = List.copyOf(operations);
      java.util.Objects.requireNonNull(element, "element");
  }
}
