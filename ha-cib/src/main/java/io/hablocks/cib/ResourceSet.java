package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A {@code <resource_set>} inside a constraint: resources named by {@code resource_ref}, with options.
 *
 * @param id the {@code id} attribute, if any
 * @param idRef the {@code id-ref} attribute: this element refers to another of the same kind
 * @param sequential the {@code sequential} attribute
 * @param requireAll the {@code require-all} attribute
 * @param ordering the {@code ordering} attribute
 * @param action the {@code action} attribute
 * @param role the {@code role} attribute
 * @param score the {@code score} attribute
 * @param kind the {@code kind} attribute
 * @param resourceRefs the ids of the {@code resource_ref} children, in order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record ResourceSet(
    Optional<String> id,
    Optional<String> idRef,
    Optional<String> sequential,
    Optional<String> requireAll,
    Optional<String> ordering,
    Optional<String> action,
    Optional<String> role,
    Optional<String> score,
    Optional<String> kind,
    List<String> resourceRefs,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public ResourceSet {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(idRef, "idRef");
      java.util.Objects.requireNonNull(sequential, "sequential");
      java.util.Objects.requireNonNull(requireAll, "requireAll");
      java.util.Objects.requireNonNull(ordering, "ordering");
      java.util.Objects.requireNonNull(action, "action");
      java.util.Objects.requireNonNull(role, "role");
      java.util.Objects.requireNonNull(score, "score");
      java.util.Objects.requireNonNull(kind, "kind");
      resourceRefs = List.copyOf(resourceRefs);
      java.util.Objects.requireNonNull(element, "element");
  }
}
