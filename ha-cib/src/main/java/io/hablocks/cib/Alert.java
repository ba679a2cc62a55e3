package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * An {@code <alert>}: an agent called on cluster events.
 *
 * @param id the {@code id} attribute
 * @param path the {@code path} attribute (the agent)
 * @param description the {@code description} attribute
 * @param metaAttributes the {@code meta_attributes} sets, in document order
 * @param instanceAttributes the {@code instance_attributes} sets, in document order
 * @param select the {@code select} element, if any
 * @param recipients the {@code recipient} children
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Alert(
    String id,
    String path,
    Optional<String> description,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    Optional<CibElement> select,
    List<AlertRecipient> recipients,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public Alert {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(path, "path");
      java.util.Objects.requireNonNull(description, "description");
      metaAttributes = List.copyOf(metaAttributes);
      instanceAttributes = List.copyOf(instanceAttributes);
      java.util.Objects.requireNonNull(select, "select");
      recipients = List.copyOf(recipients);
      java.util.Objects.requireNonNull(element, "element");
  }
}
