package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A set of name/value pairs: {@code cluster_property_set}, {@code meta_attributes},
 * {@code instance_attributes} or {@code utilization}. A set applies when its rules (if any) pass; sets
 * are tried in {@code score} order, higher first, and the first set to name an attribute wins.
 *
 * @param kind the element name ({@code meta_attributes}, {@code instance_attributes}, {@code utilization}, {@code cluster_property_set})
 * @param id the {@code id} attribute, if any
 * @param idRef the {@code id-ref} attribute: this element refers to another of the same kind
 * @param score the {@code score} attribute (raw; see {@link Scores#parse})
 * @param rules the {@code rule} children (the set applies when they all pass)
 * @param nvpairs the {@code nvpair} children, in document order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record NvSet(
    String kind,
    Optional<String> id,
    Optional<String> idRef,
    Optional<String> score,
    List<Rule> rules,
    List<NvPair> nvpairs,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public NvSet {
      java.util.Objects.requireNonNull(kind, "kind");
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(idRef, "idRef");
      java.util.Objects.requireNonNull(score, "score");
      rules = List.copyOf(rules);
      nvpairs = List.copyOf(nvpairs);
      java.util.Objects.requireNonNull(element, "element");
  }

  /**
   * The value of the first nvpair with a name, ignoring rules.
   *
   * @param name the nvpair name
   * @return its value, if an nvpair of that name has one
   */
  public Optional<String> value(String name) {
    for (NvPair p : nvpairs) {
      if (p.name().equals(name)) {
        return p.value();
      }
    }
    return Optional.empty();
  }
}
