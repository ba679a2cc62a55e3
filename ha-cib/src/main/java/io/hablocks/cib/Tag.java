package io.hablocks.cib;

import java.util.List;

/**
 * A {@code <tag>}: a name for a list of objects ({@code obj_ref}), usable in constraints.
 *
 * @param id the {@code id} attribute
 * @param references the ids of the {@code obj_ref} children, in order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Tag(
    String id,
    List<String> references,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public Tag {
      java.util.Objects.requireNonNull(id, "id");
      references = List.copyOf(references);
      java.util.Objects.requireNonNull(element, "element");
  }
}
