package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * An {@code <acl_role>}: a named list of permissions.
 *
 * @param id the {@code id} attribute
 * @param description the {@code description} attribute
 * @param permissions the {@code acl_permission} children, in order
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record AclRole(
    String id,
    Optional<String> description,
    List<AclPermission> permissions,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public AclRole {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(description, "description");
      permissions = List.copyOf(permissions);
      java.util.Objects.requireNonNull(element, "element");
  }
}
