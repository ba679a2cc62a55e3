package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A {@code <clone>} or the deprecated {@code <master>} (a promotable clone): copies of one
 * primitive or group.
 *
 * @param id the {@code id} attribute
 * @param legacyMaster whether the element is {@code <master>} (always promotable)
 * @param description the {@code description} attribute
 * @param metaAttributes the {@code meta_attributes} sets, in document order
 * @param instanceAttributes the {@code instance_attributes} sets, in document order
 * @param child the cloned resource: a {@link Primitive} or a {@link Group}
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Clone(
    String id,
    boolean legacyMaster,
    Optional<String> description,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    Resource child,
    CibElement element) implements Resource {

  /** Checks components and copies lists (the record is immutable). */
  public Clone {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(description, "description");
      metaAttributes = List.copyOf(metaAttributes);
      instanceAttributes = List.copyOf(instanceAttributes);
      java.util.Objects.requireNonNull(child, "child");
      java.util.Objects.requireNonNull(element, "element");
  }

  /**
   * Whether the clone is promotable: a {@code <master>}, or a meta attribute
   * {@code promotable=true} in its first set that names it (rules are not evaluated here).
   *
   * @return whether instances can be promoted
   */
  public boolean promotable() {
    if (legacyMaster) {
      return true;
    }
    for (NvSet s : metaAttributes) {
      Optional<String> v = s.value("promotable");
      if (v.isPresent()) {
        return CibBooleans.isTrue(v.get());
      }
    }
    return false;
  }
}
