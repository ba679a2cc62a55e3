package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A {@code <recipient>} of an alert.
 *
 * @param id the {@code id} attribute
 * @param value the {@code value} attribute (passed to the agent)
 * @param description the {@code description} attribute
 * @param metaAttributes the {@code meta_attributes} sets, in document order
 * @param instanceAttributes the {@code instance_attributes} sets, in document order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record AlertRecipient(
    String id,
    String value,
    Optional<String> description,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public AlertRecipient {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(value, "value");
      java.util.Objects.requireNonNull(description, "description");
      metaAttributes = List.copyOf(metaAttributes);
      instanceAttributes = List.copyOf(instanceAttributes);
      java.util.Objects.requireNonNull(element, "element");
  }
}
