package io.hablocks.cib;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code <bundle>}: a container image (docker, rkt or podman) run as replicas, with optional
 * networking, storage mappings and one primitive inside each replica.
 *
 * @param id the {@code id} attribute
 * @param description the {@code description} attribute
 * @param containerType the container element name: docker, rkt or podman
 * @param container the attributes of the container element (image, replicas, replicas-per-host, promoted-max, network, options, run-command, ...)
 * @param network the {@code network} element (ip-range-start, control-port, host-interface, host-netmask, add-host; {@code port-mapping} children)
 * @param portMappings the {@code port-mapping} children of {@code network}
 * @param storageMappings the {@code storage-mapping} children of {@code storage}
 * @param primitive the primitive run in each replica
 * @param metaAttributes the {@code meta_attributes} sets, in document order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record Bundle(
    String id,
    Optional<String> description,
    Optional<String> containerType,
    Map<String, String> container,
    Optional<CibElement> network,
    List<CibElement> portMappings,
    List<CibElement> storageMappings,
    Optional<Primitive> primitive,
    List<NvSet> metaAttributes,
    CibElement element) implements Resource {

  /** Checks components and copies lists (the record is immutable). */
  public Bundle {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(description, "description");
      java.util.Objects.requireNonNull(containerType, "containerType");
      container = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(container));
      java.util.Objects.requireNonNull(network, "network");
      portMappings = List.copyOf(portMappings);
      storageMappings = List.copyOf(storageMappings);
      java.util.Objects.requireNonNull(primitive, "primitive");
      metaAttributes = List.copyOf(metaAttributes);
      java.util.Objects.requireNonNull(element, "element");
  }
}
