package io.hablocks.cib;

import java.util.Optional;

/**
 * An {@code <acl_permission>}: read, write or deny access to what an xpath, a reference
 * (an id) or an object type (and attribute) names.
 *
 * @param id the {@code id} attribute
 * @param kind the {@code kind} attribute: read, write or deny
 * @param xpath the {@code xpath} attribute
 * @param reference the {@code reference} attribute
 * @param objectType the {@code object-type} attribute
 * @param attribute the {@code attribute} attribute
 * @param description the {@code description} attribute
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record AclPermission(
    String id,
    String kind,
    Optional<String> xpath,
    Optional<String> reference,
    Optional<String> objectType,
    Optional<String> attribute,
    Optional<String> description,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public AclPermission {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(kind, "kind");
      java.util.Objects.requireNonNull(xpath, "xpath");
      java.util.Objects.requireNonNull(reference, "reference");
      java.util.Objects.requireNonNull(objectType, "objectType");
      java.util.Objects.requireNonNull(attribute, "attribute");
      java.util.Objects.requireNonNull(description, "description");
      java.util.Objects.requireNonNull(element, "element");
  }
}
