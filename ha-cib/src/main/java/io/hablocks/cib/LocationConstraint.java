package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * An {@code <rsc_location>}: a score for a resource (or a pattern, or sets) on a node, given
 * directly ({@code node} + {@code score}) or by rules.
 *
 * @param id the {@code id} attribute
 * @param rsc the {@code rsc} attribute
 * @param rscPattern the {@code rsc-pattern} attribute (a regular expression)
 * @param role the {@code role} attribute
 * @param score the {@code score} attribute (raw)
 * @param node the {@code node} attribute
 * @param resourceDiscovery the {@code resource-discovery} attribute (always, never, exclusive)
 * @param rules the {@code rule} children
 * @param resourceSets the {@code resource_set} children, in order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record LocationConstraint(
    String id,
    Optional<String> rsc,
    Optional<String> rscPattern,
    Optional<String> role,
    Optional<String> score,
    Optional<String> node,
    Optional<String> resourceDiscovery,
    List<Rule> rules,
    List<ResourceSet> resourceSets,
    CibElement element) implements Constraint {

  /** Checks components and copies lists (the record is immutable). */
  public LocationConstraint {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(rsc, "rsc");
      java.util.Objects.requireNonNull(rscPattern, "rscPattern");
      java.util.Objects.requireNonNull(role, "role");
      java.util.Objects.requireNonNull(score, "score");
      java.util.Objects.requireNonNull(node, "node");
      java.util.Objects.requireNonNull(resourceDiscovery, "resourceDiscovery");
      rules = List.copyOf(rules);
      resourceSets = List.copyOf(resourceSets);
      java.util.Objects.requireNonNull(element, "element");
  }
}
