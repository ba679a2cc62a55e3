package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * A {@code <primitive>}: one resource run by one agent. With {@code template}, it takes the agent,
 * attributes and operations of that {@link ResourceTemplate} ({@link Cib#template}) where it does not
 * set them itself.
 *
 * @param id the {@code id} attribute
 * @param resourceClass the {@code class} attribute (ocf, lsb, systemd, stonith, ...)
 * @param provider the {@code provider} attribute
 * @param type the {@code type} attribute (the agent)
 * @param template the {@code template} attribute
 * @param description the {@code description} attribute
 * @param metaAttributes the {@code meta_attributes} sets, in document order
 * @param instanceAttributes the {@code instance_attributes} sets, in document order
 * @param utilization the {@code utilization} sets, in document order
 * @param operations the {@code op} children of {@code operations}, in document order
 * @param operationsIdRef the {@code id-ref} of the {@code operations} element, if it refers to another
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Primitive(
    String id,
    Optional<String> resourceClass,
    Optional<String> provider,
    Optional<String> type,
    Optional<String> template,
    Optional<String> description,
    List<NvSet> metaAttributes,
    List<NvSet> instanceAttributes,
    List<NvSet> utilization,
    List<Operation> operations,
    Optional<String> operationsIdRef,
    CibElement element) implements Resource {

  /** Checks components and copies lists (the record is immutable). */
  public Primitive {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(resourceClass, "resourceClass");
      java.util.Objects.requireNonNull(provider, "provider");
      java.util.Objects.requireNonNull(type, "type");
      java.util.Objects.requireNonNull(template, "template");
      java.util.Objects.requireNonNull(description, "description");
      metaAttributes = List.copyOf(metaAttributes);
      instanceAttributes = List.copyOf(instanceAttributes);
      utilization = List.copyOf(utilization);
      operations = List.copyOf(operations);
      java.util.Objects.requireNonNull(operationsIdRef, "operationsIdRef");
      java.util.Objects.requireNonNull(element, "element");
  }
}
