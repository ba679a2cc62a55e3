package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * An {@code <rsc_colocation>}: place {@code rsc} relative to {@code with-rsc} (or sets).
 *
 * @param id the {@code id} attribute
 * @param score the {@code score} attribute (raw)
 * @param rsc the {@code rsc} attribute
 * @param withRsc the {@code with-rsc} attribute
 * @param rscRole the {@code rsc-role} attribute
 * @param withRscRole the {@code with-rsc-role} attribute
 * @param nodeAttribute the {@code node-attribute} attribute
 * @param influence the {@code influence} attribute
 * @param rscInstance the {@code rsc-instance} attribute
 * @param withRscInstance the {@code with-rsc-instance} attribute
 * @param resourceSets the {@code resource_set} children, in order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record ColocationConstraint(
    String id,
    Optional<String> score,
    Optional<String> rsc,
    Optional<String> withRsc,
    Optional<String> rscRole,
    Optional<String> withRscRole,
    Optional<String> nodeAttribute,
    Optional<String> influence,
    Optional<String> rscInstance,
    Optional<String> withRscInstance,
    List<ResourceSet> resourceSets,
    CibElement element) implements Constraint {

  /** Checks components and copies lists (the record is immutable). */
  public ColocationConstraint {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(score, "score");
      java.util.Objects.requireNonNull(rsc, "rsc");
      java.util.Objects.requireNonNull(withRsc, "withRsc");
      java.util.Objects.requireNonNull(rscRole, "rscRole");
      java.util.Objects.requireNonNull(withRscRole, "withRscRole");
      java.util.Objects.requireNonNull(nodeAttribute, "nodeAttribute");
      java.util.Objects.requireNonNull(influence, "influence");
      java.util.Objects.requireNonNull(rscInstance, "rscInstance");
      java.util.Objects.requireNonNull(withRscInstance, "withRscInstance");
      resourceSets = List.copyOf(resourceSets);
      java.util.Objects.requireNonNull(element, "element");
  }
}
