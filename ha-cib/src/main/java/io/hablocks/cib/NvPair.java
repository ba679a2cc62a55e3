package io.hablocks.cib;

import java.util.Optional;

/**
 * One {@code <nvpair>}: a name and a value, or a reference ({@code id-ref}) to another nvpair.
 *
 * @param id the {@code id} attribute, if any
 * @param idRef the {@code id-ref} attribute: this element refers to another of the same kind
 * @param name the {@code name} attribute, or the empty string when absent (an {@code id-ref} nvpair takes its name from its target)
 * @param value the {@code value} attribute (absent means "unset" in Pacemaker)
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record NvPair(
    Optional<String> id,
    Optional<String> idRef,
    String name,
    Optional<String> value,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public NvPair {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(idRef, "idRef");
      java.util.Objects.requireNonNull(name, "name");
      java.util.Objects.requireNonNull(value, "value");
      java.util.Objects.requireNonNull(element, "element");
  }
}
