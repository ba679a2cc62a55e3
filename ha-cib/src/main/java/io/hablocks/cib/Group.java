package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A {@code <group>}: primitives started in order, stopped in reverse, kept together.
 *
 * @param id the {@code id} attribute
 * @param description the {@code description} attribute
 * @param metaAttributes the {@code meta_attributes} sets, in document order
 * @param instanceAttributes the {@code instance_attributes} sets, in document order
 * @param members the member primitives, in order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Group(
    String id,
    Optional<String> description,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    List<Primitive> members,
    CibElement element) implements Resource {

  /** Checks components and copies lists (the record is immutable). */
  public Group {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(description, "description");
      metaAttributes = List.copyOf(metaAttributes);
      instanceAttributes = List.copyOf(instanceAttributes);
      members = List.copyOf(members);
      java.util.Objects.requireNonNull(element, "element");
  }
}
