package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * An {@code <rsc_order>}: {@code then} after {@code first} (or sets).
 *
 * @param id the {@code id} attribute
 * @param first the {@code first} attribute
 * @param then the {@code then} attribute
 * @param firstAction the {@code first-action} attribute
 * @param thenAction the {@code then-action} attribute
 * @param kind the {@code kind} attribute (Mandatory, Optional, Serialize)
 * @param score the deprecated {@code score} attribute
 * @param symmetrical the {@code symmetrical} attribute
 * @param requireAll the {@code require-all} attribute
 * @param firstInstance the {@code first-instance} attribute
 * @param thenInstance the {@code then-instance} attribute
 * @param resourceSets the {@code resource_set} children, in order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record OrderConstraint(
    String id,
    Optional<String> first,
    Optional<String> then,
    Optional<String> firstAction,
    Optional<String> thenAction,
    Optional<String> kind,
    Optional<String> score,
    Optional<String> symmetrical,
    Optional<String> requireAll,
    Optional<String> firstInstance,
    Optional<String> thenInstance,
    List<ResourceSet> resourceSets,
    CibElement element) implements Constraint {

  /** Checks components and copies lists (the record is immutable). */
  public OrderConstraint {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(first, "first");
      java.util.Objects.requireNonNull(then, "then");
      java.util.Objects.requireNonNull(firstAction, "firstAction");
      java.util.Objects.requireNonNull(thenAction, "thenAction");
      java.util.Objects.requireNonNull(kind, "kind");
      java.util.Objects.requireNonNull(score, "score");
      java.util.Objects.requireNonNull(symmetrical, "symmetrical");
      java.util.Objects.requireNonNull(requireAll, "requireAll");
      java.util.Objects.requireNonNull(firstInstance, "firstInstance");
      java.util.Objects.requireNonNull(thenInstance, "thenInstance");
      resourceSets = List.copyOf(resourceSets);
      java.util.Objects.requireNonNull(element, "element");
  }
}
