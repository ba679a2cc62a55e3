package io.hablocks.cib;

import java.util.List;
import java.util.Optional;

/**
 * An {@code <acl_target>} (a user) or an {@code <acl_group>} (a group): the roles given to it.
 *
 * @param id the {@code id} attribute
 * @param group whether this is an {@code acl_group}
 * @param name the {@code name} attribute (the user or group name when it differs from the id)
 * @param roles the ids of the {@code role} children
 * @param element the XML element this value was read from (keeps every attribute and child, known or not)
 */
public record AclTarget(
    String id,
    boolean group,
    Optional<String> name,
    List<String> roles,
    CibElement element) {

  /** Checks components and copies lists (the record is immutable). */
  public AclTarget {
      java.util.Objects.requireNonNull(id, "id");
      java.util.Objects.requireNonNull(name, "name");
      roles = List.copyOf(roles);
      java.util.Objects.requireNonNull(element, "element");
  }

  /** @return the user or group name: {@code name} if set, else the id */
  public String principal() {
    return name.orElse(id);
  }
}
